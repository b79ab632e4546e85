import * as pulumi from "@pulumi/pulumi";
import { demoAppSource, ecrRepositoryArn } from "../../../compute/demoApp";
import { plainAppContainer } from "../../../compute/ecs/containers";
import { FargatePlacement } from "../../../compute/ecs/fargateService";
import { LatticeCellCompute, LatticeCellWorkload } from "../cellCompute";
import { EcsLatticeInfrastructureRole } from "./infrastructureRole";
import { FargateLatticeService } from "./fargateLatticeService";

/** Where and how the account's Lattice cells run on Fargate. */
export interface EcsLatticeSettings extends FargatePlacement {
    /** Prefix of task families and log groups, unique per account (the stack name). */
    readonly prefix: string;
    /** For ECR repository ARNs of the images. */
    readonly partition: string;
    /** The account's ECS infrastructure role for Lattice; every cell's service waits for it. */
    readonly infrastructureRole: EcsLatticeInfrastructureRole;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /** KMS key (ARN or alias ARN) of every cell's log group. @default undefined: CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
}

/** Static factories for the ECS compute variant of the Lattice engine. */
export const EcsLatticeCompute = {
    /** Each cell is a Fargate service running the app alone, registered in the cell's Lattice target group. */
    fargate(settings: EcsLatticeSettings): LatticeCellCompute {
        const source = demoAppSource();
        return {
            kind: "ecs",
            deployCell(name: string, w: LatticeCellWorkload, opts: pulumi.ComponentResourceOptions): pulumi.Resource {
                const repo = w.image === undefined ? undefined : ecrRepositoryArn(w.image, settings.partition);
                return new FargateLatticeService(name, {
                    family: `${settings.prefix}-${w.service}-${w.cell}`,
                    region: settings.region,
                    accountId: settings.accountId,
                    clusterArn: settings.clusterArn,
                    vpcId: settings.vpcId,
                    subnetIds: settings.subnetIds,
                    app: (logGroupName) => plainAppContainer({
                        image: w.image, demoSource: source, port: w.port, environment: w.environment, logGroupName, region: settings.region,
                    }),
                    port: w.port,
                    targetGroupArn: w.targetGroupArn,
                    infrastructureRoleArn: settings.infrastructureRole.roleArn,
                    dependsOn: [settings.infrastructureRole, ...w.routing],
                    ecrRepositoryArns: repo ? [repo] : [],
                    ...(w.loadBalancer ? { loadBalancer: w.loadBalancer } : {}),
                    desiredCount: w.desiredCount,
                    logRetentionDays: settings.logRetentionDays,
                    ...(settings.logKmsKeyArn ? { logKmsKeyArn: settings.logKmsKeyArn } : {}),
                }, opts);
            },
        };
    },
};
