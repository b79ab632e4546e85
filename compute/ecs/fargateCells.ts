// ECS compute: each cell is a Fargate service running the app (the demo app, or the service's image)
// with whatever its engine's registration adds: sidecars, a proxy configuration, a task role, the
// ports it admits, where ECS registers the tasks.

import * as pulumi from "@pulumi/pulumi";
import { demoAppSource, ecrRepositoryArn } from "../demoApp";
import { CellCompute, CellRegistration, CellWorkload, bindingFor } from "../cellCompute";
import { taskFamily } from "../names";
import { plainAppContainer } from "./containers";
import { FargatePlacement, FargateService } from "./fargateService";

/** Where and how the account's Fargate cells run, whatever the engine. */
export interface EcsSettings extends FargatePlacement {
    /** Prefix of task families and log groups, unique per account (the stack name). */
    readonly prefix: string;
    /** For ECR repository ARNs of the images. */
    readonly partition: string;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /** KMS key for every log group of the account's tasks. @default undefined: CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
}

export const EcsCompute = {
    /** One Fargate service per cell, family `<prefix>-<service>-<cell>`. */
    fargate(settings: EcsSettings): CellCompute {
        const source = demoAppSource();
        return {
            kind: "ecs",
            deployCell(name: string, w: CellWorkload, registration: CellRegistration, opts: pulumi.ComponentResourceOptions): pulumi.Resource {
                const b = bindingFor(registration, "ecs", `${w.service}-${w.cell}`);
                const repos = [w.image, ...(b.images ?? [])]
                    .map((image) => image && ecrRepositoryArn(image, settings.partition))
                    .filter((arn): arn is string => arn !== undefined);
                const family = taskFamily(settings.prefix, w.service, w.cell);
                return new FargateService(name, {
                    family,
                    region: settings.region,
                    accountId: settings.accountId,
                    clusterArn: settings.clusterArn,
                    vpcId: settings.vpcId,
                    subnetIds: settings.subnetIds,
                    containers: (logGroupName) => b.containers(plainAppContainer({
                        image: w.image, demoSource: source, port: w.port, environment: w.environment, logGroupName, region: settings.region,
                    }), logGroupName),
                    ...(b.proxyConfiguration ? { proxyConfiguration: b.proxyConfiguration } : {}),
                    ...(b.taskStatements ? { taskStatements: b.taskStatements } : {}),
                    ecrRepositoryArns: repos,
                    ...b.network(family),
                    ...(b.registration ? { registration: b.registration } : {}),
                    ...(w.loadBalancer ? {
                        loadBalancer: { targetGroupArn: w.loadBalancer.targetGroupArn, containerName: "app", containerPort: w.port, listener: w.loadBalancer.listener },
                    } : {}),
                    ...(b.dependsOn ? { dependsOn: b.dependsOn } : {}),
                    desiredCount: w.desiredCount,
                    logRetentionDays: settings.logRetentionDays,
                    ...(settings.logKmsKeyArn ? { logKmsKeyArn: settings.logKmsKeyArn } : {}),
                }, b.alias ? { ...opts, aliases: [{ type: b.alias }] } : opts);
            },
        };
    },
};
