// The engine seam: what a mesh engine (App Mesh, VPC Lattice) gives the one stack program
// (stacks/program.ts). The program chooses an engine once, by `cellmesh:engine` (engines/index.ts),
// and then asks it, in order, for the network every account joins, the account's namespace, and
// its cells on the stack's compute. Everything engine-specific lives in the engine's folder.

import type * as pulumi from "@pulumi/pulumi";
import type { CellPlacement } from "../compute/compute";
import type { Compute, PlatformOf } from "../compute";
import type { RemoteVpc } from "../shared/privateZone";
import type { StackContext } from "../stacks/context";

/** The network every account of the mesh joins: created by the owner, adopted by consumers. */
export interface EngineNetwork {
    /** What the account's mesh objects wait for: the network, or the accepted share. */
    readonly ready: pulumi.Resource[];
}

/** The account's private DNS namespace: a private hosted zone, resolvable from the VPCs that call it. */
export interface EngineNamespace {
    readonly name: string;
    /** The zone behind the namespace (consumers with a VPC of their own associate the owner's). */
    readonly zoneId: pulumi.Output<string>;
    /** The zone's associations with other accounts' VPCs: services wait until names resolve there. */
    readonly associations: pulumi.Resource[];
}

export interface NamespaceArgs {
    readonly namespaceName: string;
    /** A VPC of the zone's own account. @default a placeholder VPC (`placeholderCidr`) */
    readonly homeVpcId?: pulumi.Input<string>;
    readonly placeholderCidr?: string;
    /** VPCs of other accounts that resolve the namespace. */
    readonly remoteVpcs: readonly RemoteVpc[];
}

/** Everything a stack built before its cells, handed to the engine's binding for the compute. */
export interface StackParts<Network extends EngineNetwork, Namespace extends EngineNamespace, Platform> {
    readonly placement: CellPlacement;
    readonly network: Network;
    readonly namespace: Namespace;
    readonly platform: Platform;
    /** What a consumer's services wait for: their names resolve where their callers run, both ways. */
    readonly dnsReady: pulumi.Resource[];
}

/** The stack's outputs; an owner's satisfy the owner contract (stacks/ownerContract.ts). */
export type StackOutputs = Record<string, unknown>;

export interface MeshEngine<Network extends EngineNetwork = EngineNetwork, Namespace extends EngineNamespace = EngineNamespace> {
    /** For messages (`AWS App Mesh`). */
    readonly title: string;
    /** The owner output consumers read the owner's account id from. */
    readonly ownerAccountOutput: string;
    /** Checks a consumer makes against what its owner deployed, before it creates anything. */
    checkOwner?(s: StackContext, plain: <T>(key: string) => Promise<T | undefined>): Promise<void>;
    /** The owner creates the network and shares it; a consumer adopts it. */
    network(s: StackContext, placement: CellPlacement): Network;
    /** The account's namespace. */
    namespace(name: string, args: NamespaceArgs): Namespace;
    /** The engine on each compute: its controller (EKS), services, entry and the stack's outputs. */
    readonly on: {
        readonly [C in Compute]: (s: StackContext, parts: StackParts<Network, Namespace, PlatformOf<C>>) => StackOutputs | Promise<StackOutputs>;
    };
}

/**
 * An engine as the registry holds it. The program hands each engine back only what that engine made
 * (its network and namespace), so the registry may forget their types.
 */
export function registered<Network extends EngineNetwork, Namespace extends EngineNamespace>(engine: MeshEngine<Network, Namespace>): MeshEngine {
    return engine as unknown as MeshEngine;
}
