// What an App Mesh owner exports beyond the common contract (stacks/ownerContract.ts), for its
// consumers: the mesh, its share, the virtual services' ARNs, and on EKS what peering needs.

import type { OwnerContract } from "../../stacks/ownerContract";

export interface AppMeshOwnerContract extends OwnerContract {
    readonly meshName: string;
    /** The mesh owner's account id: every consumer-side App Mesh object carries it as `meshOwner`. */
    readonly meshOwner: string;
    readonly meshArn: string;
    /** The mesh's RAM share (a consumer outside the organization accepts it). */
    readonly meshShareArn: string;
    /** `{ servicea: "servicea.internal-domain1.com" }`. */
    readonly virtualServices: Record<string, string>;
    /** Virtual service ARNs, by service: an EKS consumer's controller names backends by ARN. */
    readonly virtualServiceArns: Record<string, string>;
    /** EKS: the owner's private route tables and node security group, for the consumers' peering. */
    readonly privateRouteTableIds?: string[];
    readonly nodeSecurityGroupId?: string;
}
