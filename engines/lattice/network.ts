// VPC Lattice's network: the owner creates the service network (auth policy, RAM share) and
// associates its VPC; a consumer adopts it by ARN and associates its own VPC, when it has one (a
// consumer can associate only VPCs it owns; in the owner's shared subnets its tasks are in the
// owner's VPC, which the owner associated).

import type { CellPlacement } from "../../compute/compute";
import type { StackContext } from "../../stacks/context";
import type { OwnerReference } from "../../stacks/ownerContract";
import { LatticeAccess } from "./authPolicy";
import type { LatticeOwnerContract } from "./contract";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "./serviceNetwork";

/**
 * Who may call the mesh's services (the network's auth policy and each service's): unsigned callers
 * from VPCs of the mesh's accounts. The owner's is its own and its consumers'; a consumer's is the
 * owner's and its own (consumers' zones are not associated with each other's VPCs).
 */
export function latticeAccess(s: StackContext): LatticeAccess {
    const c = s.config;
    return c.role === "owner"
        ? LatticeAccess.vpcOwners([c.accountId, ...c.consumers])
        : LatticeAccess.vpcOwners([s.owner!.accountId, c.accountId]);
}

export function latticeNetwork(s: StackContext, placement: CellPlacement): LatticeServiceNetwork {
    const c = s.config;
    const vpcs = placement.kind === "own-vpc" ? [{ key: placement.joinKey, vpcId: placement.vpcId }] : [];
    if (c.role === "owner") {
        return new LatticeServiceNetwork("mesh", {
            name: c.meshName,
            ownership: LatticeNetworkOwnership.create({ consumerAccountIds: c.consumers, allowExternalPrincipals: c.sharing === "external", access: latticeAccess(s) }),
            vpcs,
        });
    }
    const owner = s.owner as OwnerReference<LatticeOwnerContract>;
    return new LatticeServiceNetwork("mesh", {
        ownership: LatticeNetworkOwnership.adopt({
            serviceNetworkArn: owner.output("serviceNetworkArn"),
            ...(owner.external ? { externalShareArn: owner.output("shareArn") } : {}),
            prerequisites: placement.ready,
        }),
        vpcs,
    });
}
