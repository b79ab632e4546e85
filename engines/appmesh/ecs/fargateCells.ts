import * as pulumi from "@pulumi/pulumi";
import { demoAppSource, ecrRepositoryArn } from "../../../compute/demoApp";
import { CellCompute, CellWorkload } from "../../../compute/cellCompute";
import { meshTlsStatements } from "../meshTls";
import { appContainer, appMeshProxyConfiguration, appMeshResourceName, envoyContainer, xrayContainer } from "../../../compute/ecs/containers";
import { FargateMeshService, FargatePlacement } from "../../../compute/ecs/fargateService";
import { xrayStatement } from "./xray";

/** Where and how the account's Fargate cells run. */
export interface EcsFargateSettings extends FargatePlacement {
    /** Prefix of task families and log groups, unique per account (the stack name). */
    readonly prefix: string;
    /** For ECR repository ARNs of the images. */
    readonly partition: string;
    /** CIDRs admitted on the mesh port: the VPC's. */
    readonly meshCidrs: readonly pulumi.Input<string>[];
    readonly envoyImage: string;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /** KMS key for every log group of the account's tasks. @default undefined: CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
}

/** Static factories for the ECS compute variant. */
export const EcsCompute = {
    /** Each cell is a Fargate service: app + Envoy + X-Ray, registered in the cell's Cloud Map service. */
    fargate(settings: EcsFargateSettings): CellCompute {
        const source = demoAppSource();
        return {
            kind: "ecs",
            deployCell(name: string, w: CellWorkload, opts: pulumi.ComponentResourceOptions): pulumi.Resource {
                const repos = [w.image, settings.envoyImage]
                    .map((image) => image && ecrRepositoryArn(image, settings.partition))
                    .filter((arn): arn is string => arn !== undefined);
                return new FargateMeshService(name, {
                    family: `${settings.prefix}-${w.service}-${w.cell}`,
                    region: settings.region,
                    accountId: settings.accountId,
                    clusterArn: settings.clusterArn,
                    vpcId: settings.vpcId,
                    subnetIds: settings.subnetIds,
                    containers: (logGroupName) => [
                        appContainer({ image: w.image, demoSource: source, port: w.port, environment: w.environment, logGroupName, region: settings.region }),
                        envoyContainer({
                            image: settings.envoyImage,
                            resourceName: appMeshResourceName(w.meshName, w.meshOwner, "virtualNode", w.virtualNodeName),
                            logGroupName, region: settings.region,
                        }),
                        xrayContainer(logGroupName, settings.region),
                    ],
                    proxyConfiguration: appMeshProxyConfiguration(w.port),
                    taskStatements: [
                        // Envoy may fetch configuration only as this cell's own virtual node (fact 16).
                        { Sid: "EnvoyAsThisNode", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: w.virtualNodeArn },
                        // Mesh TLS: exactly this cell's certificate, and the CA's certificate.
                        ...(w.meshTls ? meshTlsStatements(w.meshTls.policy, w.meshTls.certificateArn) : []),
                        xrayStatement(),
                    ],
                    ecrRepositoryArns: repos,
                    ingressPorts: [w.port],
                    ingressCidrs: settings.meshCidrs,
                    ...(w.loadBalancer ? {
                        loadBalancer: {
                            targetGroupArn: w.loadBalancer.targetGroupArn,
                            securityGroupId: w.loadBalancer.securityGroupId,
                            ports: [w.port],
                            containerName: "app",
                            containerPort: w.port,
                            listener: w.loadBalancer.listener,
                        },
                    } : {}),
                    discoveryServiceArn: w.discoveryServiceArn,
                    desiredCount: w.desiredCount,
                    logRetentionDays: settings.logRetentionDays,
                    ...(settings.logKmsKeyArn ? { logKmsKeyArn: settings.logKmsKeyArn } : {}),
                }, opts);
            },
        };
    },
};
