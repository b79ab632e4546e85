// Checks that need every stack of a mesh at once (the driver and the offline plan load them all):
// one mesh engine, one compute variant, one VPC layout, and VPC CIDRs that can be peered where the
// engine peers them (App Mesh on EKS; VPC Lattice joins VPCs by the service network, so they may overlap).

import { ENGINES } from "../engines";
import { ConsumerConfig, OwnerConfig } from "./types";
import { cidrsOverlap } from "./validate";

/** A consumer on another engine than its owner's (also said before parsing, config/projectChecks.ts). */
export function engineMismatch(stack: string, engine: string, owner: string, ownerEngine: string): string {
    return `stack ${stack}: cellmesh:engine = "${engine}" but the owner stack ${owner} uses ${ownerEngine}; every stack of a mesh uses the same engine (to move from App Mesh to VPC Lattice, deploy new lattice stacks beside the App Mesh ones)`;
}

/** A consumer on another compute than its owner's. */
export function computeMismatch(stack: string, compute: string, owner: string, ownerCompute: string): string {
    return `stack ${stack}: cellmesh:compute = "${compute}" but the owner stack ${owner} uses ${ownerCompute}; every stack of a mesh uses the same compute variant`;
}

/** Problems of a set of stacks, one line each, naming the stacks and keys to change. */
export function rolloutProblems(owner: { name: string; config: OwnerConfig }, consumers: readonly { name: string; config: ConsumerConfig }[]): string[] {
    const problems: string[] = [];
    for (const c of consumers) {
        // An App Mesh consumer cannot join a Lattice service network, nor the reverse.
        if (c.config.engine !== owner.config.engine) problems.push(engineMismatch(c.name, c.config.engine, owner.name, owner.config.engine));
        if (c.config.compute !== owner.config.compute) {
            problems.push(computeMismatch(c.name, c.config.compute, owner.name, owner.config.compute));
        } else if (c.config.engine === owner.config.engine && c.config.vpcLayout !== owner.config.vpcLayout) {
            // The owner shares its subnets only for SharedSubnets, and then every consumer runs in them.
            problems.push(`stack ${c.name}: cellmesh:vpcLayout = "${c.config.vpcLayout}" but the owner stack ${owner.name} uses ${owner.config.vpcLayout}; every stack of a mesh uses the same layout (set cellmesh:vpcLayout alike in both, or leave it out of both for VpcPerAccount)`);
        }
    }
    if (!ENGINES[owner.config.engine].config.onCompute[owner.config.compute].peersVpcs) return problems;
    // Peered VPCs must not overlap: the owner's with each consumer's (peering) and consumers' with
    // each other (their routes would collide in the owner's route tables).
    const vpcs = [{ name: owner.name, cidr: owner.config.network.vpcCidr }, ...consumers.flatMap((c) => c.config.network ? [{ name: c.name, cidr: c.config.network.vpcCidr }] : [])];
    for (let i = 0; i < vpcs.length; i++) {
        for (let j = i + 1; j < vpcs.length; j++) {
            if (cidrsOverlap(vpcs[i].cidr, vpcs[j].cidr)) {
                problems.push(`stack ${vpcs[j].name}: cellmesh:vpcCidr = "${vpcs[j].cidr}" overlaps ${vpcs[i].cidr} of stack ${vpcs[i].name}; peered VPCs need CIDRs that do not overlap`);
            }
        }
    }
    return problems;
}
