// What a VPC Lattice owner exports beyond the common contract (stacks/ownerContract.ts), for its
// consumers: the service network (by ARN: cross-account identifiers must be ARNs) and its share.

import type { OwnerContract } from "../../stacks/ownerContract";

export interface LatticeOwnerContract extends OwnerContract {
    readonly serviceNetworkArn: string;
    /** The service network's name (`cellmesh:meshName`): every EKS consumer's Gateway carries it (the controller finds networks by Gateway name). */
    readonly serviceNetworkName: string;
    /** Where the mesh's accounts run their cells; consumers check theirs against it (ECS). */
    readonly vpcLayout?: string;
    /** The owner's account id (the service network's), for the consumers' owner-account provider. */
    readonly ownerAccountId: string;
    /** The RAM share of the service network (a consumer outside the organization accepts it). */
    readonly shareArn: string;
    readonly hostedZoneId: string;
}
