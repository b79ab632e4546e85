// ECS Fargate, one cluster per account. By `cellmesh:vpcLayout`: VpcPerAccount (VPC Lattice's
// default) runs every account's cells in a VPC of its own; SharedSubnets (App Mesh's reference
// layout) runs the consumers' cells in the owner's private subnets, which the owner shares with RAM.

import * as aws from "../../shared/aws";
import type { Vpc } from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { OwnerConfig } from "../../config/types";
import { RamShare } from "../../shared/ramShare";
import { accountVpc } from "../../shared/vpc";
import type { StackContext } from "../../stacks/context";
import type { CellPlacement, ComputeProgram } from "../compute";
import { ecsCluster } from "./cluster";

export interface EcsPlatform {
    readonly kind: "ecs";
    readonly cluster: aws.ecs.Cluster;
}

export const ecsProgram: ComputeProgram<EcsPlatform> = {
    placement(s: StackContext): CellPlacement {
        const c = s.config;
        if (c.role === "owner") {
            const vpc = accountVpc(c.stack, c.network);
            // SharedSubnets: consumers run their tasks in the owner's private subnets, shared through RAM.
            const subnetShare = c.vpcLayout === "SharedSubnets" ? shareSubnets(c, vpc) : undefined;
            return {
                kind: "own-vpc", vpc, vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, subnetIds: vpc.privateSubnetIds,
                joinKey: "owner", ready: [], ...(subnetShare ? { subnetShareArn: subnetShare.shareArn } : {}),
            };
        }
        const owner = s.owner!;
        if (c.vpcLayout === "VpcPerAccount" && c.network) {
            // A VPC of our own: our target groups and tasks live in a VPC our account owns.
            const vpc = accountVpc(c.stack, c.network);
            return { kind: "own-vpc", vpc, vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, subnetIds: vpc.privateSubnetIds, joinKey: "tasks", ready: [] };
        }
        // The owner's shared private subnets; outside an organization the share must be accepted here first.
        const subnetAccept = owner.external
            ? new aws.ram.ResourceShareAccepter("subnets-accept", { shareArn: owner.output("subnetShareArn") })
            : undefined;
        return {
            kind: "owner-vpc", vpcId: owner.output("vpcId"), subnetIds: owner.output("privateSubnetIds"),
            // Read from the owner only by an engine that needs it (App Mesh admits the mesh port from it).
            get vpcCidr() { return owner.output("vpcCidr"); },
            joinKey: "owner", ready: subnetAccept ? [subnetAccept] : [],
        };
    },
    platform(s: StackContext): EcsPlatform {
        return { kind: "ecs", cluster: ecsCluster(s.config.stack) };
    },
};

/** The RAM share `subnets` of the owner's private subnets with every consumer (SharedSubnets). */
function shareSubnets(c: OwnerConfig, vpc: Vpc): RamShare {
    // RAM shares subnet ARNs; the subnet data source gives them (no hand-built ARNs).
    const subnetArns: Record<string, pulumi.Output<string>> = {};
    for (let i = 0; i < c.network.availabilityZones; i++) {
        subnetArns[`private-${i}`] = aws.ec2.getSubnetOutput({ id: vpc.privateSubnetIds.apply((ids) => ids[i]) }).arn;
    }
    return new RamShare("subnets", { resources: subnetArns, principals: c.consumers, allowExternalPrincipals: c.sharing === "external" });
}
