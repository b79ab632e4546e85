// ECS Fargate: the owner's cells run in its own VPC, whose private subnets it shares with the
// consumers through RAM; a consumer's cells run there too, or in a VPC of its own (VPC Lattice,
// `cellmesh:vpcCidr`). One ECS cluster per account.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RamShare } from "../../shared/ramShare";
import { accountVpc } from "../../shared/vpc";
import type { StackContext } from "../../stacks/context";
import type { CellPlacement, ComputeKind } from "../compute";
import { ecsCluster } from "./cluster";

export interface EcsPlatform {
    readonly kind: "ecs";
    readonly cluster: aws.ecs.Cluster;
}

export const ecsCompute: ComputeKind<EcsPlatform> = {
    title: "ECS Fargate",
    placement(s: StackContext): CellPlacement {
        const c = s.config;
        if (c.role === "owner") {
            const vpc = accountVpc(c.stack, c.network);
            // Consumers may run their tasks in the owner's private subnets, shared through RAM. RAM
            // shares subnet ARNs; the subnet data source gives them (no hand-built ARNs).
            const subnetArns: Record<string, pulumi.Output<string>> = {};
            for (let i = 0; i < c.network.availabilityZones; i++) {
                subnetArns[`private-${i}`] = aws.ec2.getSubnetOutput({ id: vpc.privateSubnetIds.apply((ids) => ids[i]) }).arn;
            }
            const subnetShare = new RamShare("subnets", { resources: subnetArns, principals: c.consumers, allowExternalPrincipals: c.sharing === "external" });
            return {
                kind: "own-vpc", vpc, vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, subnetIds: vpc.privateSubnetIds,
                joinKey: "owner", ready: [], subnetShareArn: subnetShare.shareArn,
            };
        }
        const owner = s.owner!;
        if (c.network) {
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
