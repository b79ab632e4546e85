// The engine seam: what a mesh engine (App Mesh, VPC Lattice) gives the one stack program
// (stacks/program.ts). The program chooses an engine once, by `cellmesh:engine` (engines/index.ts),
// and then asks it, in order, for the network every account joins, the account's namespace, and
// its cells on the stack's compute. Everything engine-specific lives in the engine's folder.

import type * as pulumi from "@pulumi/pulumi";
import type { CellPlacement } from "../compute/compute";
import type { Compute, PlatformOf } from "../compute";
import type { RemoteVpc } from "../shared/privateZone";
import type { StackInfo } from "../automation/discovery";
import type { AwsCredentialIdentityProvider, Finding } from "../automation/preflight";
import type { RawResource } from "../plan/engine";
import type { ServiceWeights } from "../plan/model";
import type { Problems } from "../config/problems";
import type { BaseConfig, CellmeshConfig, OwnerConfig, ServiceConfig, VpcLayout } from "../config/types";
import type { WeightRules } from "../shared/cellWeight";
import type { EngineHealthReader } from "../shared/health/types";
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

/** When AWS ended the engine's service, and where its users go instead. */
export interface EndOfSupport {
    /** ISO date (`2026-09-30`). */
    readonly date: string;
    /** One sentence after the notice (the engine to use, the doc that explains the move). */
    readonly advice: string;
}

/**
 * One engine as the registry holds it: light (names, rules, the plan's reader, checks), so the config
 * loader, the plan and the driver read it without loading Pulumi's providers.
 */
export interface MeshEngine<Network extends EngineNetwork = EngineNetwork, Namespace extends EngineNamespace = EngineNamespace> {
    /** For messages (`AWS App Mesh`). */
    readonly title: string;
    /** The AWS service, for messages (`App Mesh`). */
    readonly service: string;
    /** What the shared network is called (`mesh`, `service network`). */
    readonly networkNoun: string;
    /** The API call that creates it, whose name must be unique in the account (`CreateMesh`). */
    readonly createNetworkApi: string;
    /** The preflight's check that the engine's API answers for a stack, before anything changes. */
    preflight(stack: StackInfo, credentials: AwsCredentialIdentityProvider): Promise<Finding>;
    /** The owner output consumers read the owner's account id from. */
    readonly ownerAccountOutput: string;
    /** Set once AWS has ended the service: the plan and the driver name the stacks that use it (engines/notice.ts). */
    readonly endOfSupport?: EndOfSupport;
    /** Checks a consumer makes against what its owner deployed, before it creates anything. */
    checkOwner?(s: StackContext, plain: <T>(key: string) => Promise<T | undefined>): Promise<void>;
    /** What the engine reads from a stack's config. */
    readonly config: EngineConfig;
    /** What the offline plan reads from the engine's resources. */
    readonly plan: EnginePlanReader;
    /** What the engine builds, loaded on first use (it loads Pulumi's providers). */
    program(): Promise<EngineProgram<Network, Namespace>>;
    /** What the release gate reads about each cell (traffic, target health), loaded on first use (it loads the AWS SDK). @default none: the gate reads the compute's signals only */
    health?(): Promise<EngineHealthReader>;
}

/** What an engine builds in a stack, in the order the stack program asks. */
export interface EngineProgram<Network extends EngineNetwork = EngineNetwork, Namespace extends EngineNamespace = EngineNamespace> {
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

/** One service's cells and weights as the plan reads them from the resources of one stack. */
export type EngineWeights = Omit<ServiceWeights, "stack" | "account"> & {
    /** The resource the weights live on (its account is the weights'). */
    readonly at: RawResource;
};

/** What the plan's reader gets about one stack's resources. */
export interface PlanResources {
    readonly resources: readonly RawResource[];
    readonly byUrn: ReadonlyMap<string, RawResource>;
    /** The split of the entry ALB of the component `parentUrn` (a service's), if it has one. */
    albUnder(parentUrn: string | undefined): ServiceWeights["alb"];
}

/** What the offline plan reads from an engine's resources (plan/analyze.ts). */
export interface EnginePlanReader {
    /** What the engine calls a service clients dial, for messages (`virtual service`). */
    readonly serviceKind: string;
    /** The names clients dial that a resource serves. */
    served(r: RawResource): string[];
    /** The names a resource calls services by. */
    calls(r: RawResource): string[];
    /** The value naming the account whose shared network a resource is created in or joins (undefined: none). */
    networkOwner(r: RawResource): unknown;
    /** `2 App Mesh resources (Route, VirtualNode) are created in the mesh owned by account 111111111111`. */
    describeGuests(count: number, types: string, owner: string): string;
    /** Each service's cells and weights. */
    weights(stack: PlanResources): EngineWeights[];
}

/** An engine's `cellmesh:eks` fields: its controller's charts, beside the cluster's own settings. */
export interface EngineEksRules {
    /** Its fields, in the order messages list them (after the cluster's, before appNamespace). */
    readonly fields: readonly string[];
    /** Other engines' fields this engine refuses, with what to do instead. */
    readonly refusedFields: Readonly<Record<string, string>>;
    /** Namespaces the app may not use (Kubernetes' own and the controller's). */
    readonly reservedNamespaces: readonly string[];
    /** `cellmesh:eks` as an example, for the message when it is not an object. */
    readonly example: string;
    /** Its fields' defaults. */
    readonly defaults: Readonly<Record<string, string>>;
    /** Checks and returns its fields (defaults for those unset). */
    parse(p: Problems, raw: Readonly<Record<string, unknown>>): Record<string, string>;
}

/** An engine's traffic rules: what it lacks, and its limits. */
export interface EngineTrafficRules {
    /** Service settings the engine has no counterpart for, refused as configured, with why. */
    readonly lacks: Readonly<Record<string, string>>;
    /** Health check ranges, in milliseconds and counts. */
    readonly healthCheck: Readonly<Record<"intervalMs" | "timeoutMs" | "healthyThreshold" | "unhealthyThreshold", readonly [number, number]>>;
    /** Why gRPC cells cannot be pinned by path prefix, when the engine cannot. @default they can */
    readonly grpcPathPinsRefused?: string;
    /** Routes the weighted route and the pins may take per service, when the engine counts them here. */
    readonly maxRoutes?: { readonly max: number; message(cells: number, routes: number): string };
}

/** An engine's rules on one compute. */
export interface EngineComputeRules {
    /** `cellmesh:vpcLayout`: the layouts offered (the first is the default), or the one fixed and why setting it is refused. */
    readonly vpcLayout: { readonly offered: readonly VpcLayout[]; readonly help: string } | { readonly fixed: VpcLayout; readonly refused: string };
    /** Whether `ingress: true` puts the weighted ALB in front of the cells (its 5-target-group limit applies). */
    readonly albEntry: boolean;
    /** Why a consumer cannot have `ingress: true`. */
    readonly consumerIngressRefused: string;
    /** Keys a stack refuses here, with why (EKS: no log groups; App Mesh EKS: no ALB). */
    readonly refusedKeys: Readonly<Record<string, string>>;
    /** Whether the accounts' VPCs are joined by peering (their CIDRs must not overlap). */
    readonly peersVpcs: boolean;
}

/**
 * What an engine reads from a stack's config, declared once in its folder (config/load.ts applies
 * it): keys and limits, what it refuses, and its own checks. Pure: no Pulumi imports.
 */
export interface EngineConfig {
    /** `cellmesh:engine`'s message describes the engine with it (`Amazon VPC Lattice`). */
    readonly summary: string;
    /** A service's cells and weights. */
    readonly weights: WeightRules;
    /** `cellmesh:` keys of other engines this one refuses whatever their value, with why. */
    readonly refusedKeys: Readonly<Record<string, string>>;
    /** Keys this engine does not parse (refused here or by `problems`). */
    readonly unparsedKeys: readonly string[];
    /** Ports every task of the engine already uses, with why (a service may not listen there). */
    readonly reservedPorts?: { readonly ports: readonly number[]; readonly why: string };
    /** The engine's rules on each compute (a new compute must say them). */
    readonly onCompute: { readonly [C in Compute]: EngineComputeRules };
    /** What to set when an EKS consumer names no VPC CIDR. */
    readonly consumerVpcCidrHelp: string;
    readonly eks: EngineEksRules;
    readonly traffic: EngineTrafficRules;
    /** The owner's settings only this engine has, parsed (App Mesh: its virtual gateway). @default none */
    ownerSettings?(p: Problems, get: (key: string) => unknown, base: BaseConfig, services: readonly ServiceConfig[]): Partial<OwnerConfig>;
    /** The engine's own checks of a parsed stack config; `raw` is the config as written. */
    problems(p: Problems, config: CellmeshConfig, raw: (key: string) => unknown): void;
}
