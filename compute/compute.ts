// The compute seam: where an account's cells run (an ECS Fargate cluster, or an EKS cluster) and in
// which network. A compute kind is chosen once by `cellmesh:compute` (compute/index.ts); the engine
// then runs its cells there through a `CellCompute` (compute/cellCompute.ts).

import type * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "../stacks/context";

/** Where an account's cells run. */
export interface CellPlacement {
    /** `own-vpc`: a VPC of the account's own; `owner-vpc`: the owner's private subnets, shared with RAM. */
    readonly kind: "own-vpc" | "owner-vpc";
    /** The account's own VPC (`own-vpc`). */
    readonly vpc?: awsx.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Names this VPC's association with a service network (`mesh-<joinKey>-vpc`). */
    readonly joinKey: string;
    /** What the account's mesh objects wait for: the accepted subnet share outside an organization. */
    readonly ready: pulumi.Resource[];
    /** The owner's RAM share of its private subnets, when it shares them. */
    readonly subnetShareArn?: pulumi.Output<string>;
}

/** One compute kind: where an account's cells run, and the cluster they run in. */
export interface ComputeKind<Platform> {
    /** For messages (`ECS Fargate`). */
    readonly title: string;
    /** The account's network for its cells: a VPC of its own, or the owner's shared subnets. */
    placement(s: StackContext): CellPlacement;
    /** The account's cluster in that network. */
    platform(s: StackContext, placement: CellPlacement): Platform;
}
