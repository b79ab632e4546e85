// The one stack program, for every engine, compute and role: the Pulumi entry point
// (stacks/index.ts), the rollout driver (automation/) and the offline plan all call
// `cellmeshProgram`, so they run the same code. It picks the engine and the compute once, from their
// registries, and builds the stack in the same steps whatever they are.

import { COMPUTES, Compute, PlatformOf } from "../compute";
import type { CellmeshConfig } from "../config/types";
import { ENGINES } from "../engines";
import type * as pulumi from "@pulumi/pulumi";
import type { CellPlacement } from "../compute/compute";
import type { EngineNamespace, EngineNetwork, EngineProgram, MeshEngine, StackOutputs } from "../engines/engine";
import { associateZoneAcrossAccounts } from "../shared/privateZone";
import type { StackContext } from "./context";
import { readOwner } from "./ownerReference";

export type { StackOutputs };

/** Runs the stack program for a validated config and resolves to its stack outputs. */
export async function cellmeshProgram(config: CellmeshConfig): Promise<StackOutputs> {
    const engine: MeshEngine = ENGINES[config.engine];
    return build(engine, config.compute, config);
}

async function build<C extends Compute>(engine: MeshEngine, compute: C, config: CellmeshConfig): Promise<StackOutputs> {
    const computeKind = COMPUTES[compute];
    // What the engine and the compute build, loaded now (the registries themselves are light).
    const [engineProgram, computeProgram] = await Promise.all([engine.program(), computeKind.program()]);
    // A consumer reads its owner first: a mismatch stops the program before anything is created.
    const owner = config.role === "consumer"
        ? await readOwner(config, engine.ownerAccountOutput, engine.checkOwner && ((plain) => engine.checkOwner!({ config }, plain)))
        : undefined;
    const s: StackContext = { config, ...(owner ? { owner } : {}) };

    const placement = computeProgram.placement(s);
    const network: EngineNetwork = engineProgram.network(s, placement);
    const { namespace, dnsReady } = accountNamespace(s, engineProgram, placement);
    const platform = computeProgram.platform(s, placement) as PlatformOf<C>;
    return engineProgram.on[compute](s, { placement, network, namespace, platform, dnsReady });
}

/**
 * The account's namespace, anchored on its own VPC (or on a placeholder VPC when its cells run in
 * the owner's): the owner's resolves in the owner's VPC; a consumer's also in the owner's VPC, where
 * the owner's callers run, and a consumer with a VPC of its own resolves the owner's there.
 */
function accountNamespace(s: StackContext, engine: EngineProgram, placement: CellPlacement): { namespace: EngineNamespace; dnsReady: pulumi.Resource[] } {
    const c = s.config;
    const owner = s.owner;
    if (!owner) return { namespace: engine.namespace("namespace", { namespaceName: c.namespace, homeVpcId: placement.vpcId, remoteVpcs: [] }), dnsReady: [] };
    const namespace = engine.namespace("namespace", {
        namespaceName: c.namespace,
        ...(placement.kind === "own-vpc" ? { homeVpcId: placement.vpcId } : { placeholderCidr: c.role === "consumer" ? c.placeholderVpcCidr : undefined }),
        remoteVpcs: [{ key: "owner-vpc", vpcId: owner.output("vpcId"), vpcRegion: c.region, provider: owner.provider }],
    });
    if (placement.kind !== "own-vpc") return { namespace, dnsReady: [...namespace.associations] };
    const ownerZone = associateZoneAcrossAccounts("owner-namespace", {
        zoneId: owner.output("hostedZoneId"), vpcId: placement.vpcId, vpcRegion: c.region, zoneProvider: owner.provider,
    });
    return { namespace, dnsReady: [...namespace.associations, ownerZone] };
}
