// Where a VPC Lattice stack on ECS runs its cells (owner and consumer alike): the account's ECS
// cluster, the ECS infrastructure role for Lattice, and the Fargate compute that registers each
// cell's tasks in its target group, in the given VPC and private subnets.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsLatticeInfrastructureRole } from "../engines/lattice/ecs/infrastructureRole";
import { EcsLatticeCompute } from "../engines/lattice/ecs/fargateCells";
import { LatticeCellCompute } from "../engines/lattice/cellCompute";
import { CellmeshConfig } from "../config/types";
import { ecsCluster } from "../compute/ecs/cluster";
import { partitionOf } from "../config/validate";

export interface EcsLatticeCells {
    readonly cluster: aws.ecs.Cluster;
    readonly compute: LatticeCellCompute;
}

export function ecsLatticeCells(c: CellmeshConfig, vpcId: pulumi.Input<string>, subnetIds: pulumi.Input<pulumi.Input<string>[]>): EcsLatticeCells {
    const cluster = ecsCluster(c.stack);
    const partition = partitionOf(c.region);
    const infrastructureRole = new EcsLatticeInfrastructureRole("ecs-lattice", { partition });
    const compute = EcsLatticeCompute.fargate({
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition,
        clusterArn: cluster.arn,
        vpcId,
        subnetIds,
        infrastructureRole,
        logRetentionDays: c.logRetentionDays,
        ...(c.logKmsKeyArn ? { logKmsKeyArn: c.logKmsKeyArn } : {}),
    });
    return { cluster, compute };
}
