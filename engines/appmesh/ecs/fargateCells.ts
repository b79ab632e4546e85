import * as pulumi from "@pulumi/pulumi";
import { demoAppSource, ecrRepositoryArn } from "../../../compute/demoApp";
import { CellCompute, CellWorkload } from "../../../compute/cellCompute";
import { meshTlsStatements } from "../meshTls";
import { FargateIngressRule, FargatePlacement, FargateService } from "../../../compute/ecs/fargateService";
import { appContainer, appMeshProxyConfiguration, appMeshResourceName, envoyContainer, xrayContainer } from "./sidecars";
import { xrayStatement } from "./xray";

/** The type App Mesh's Fargate services were created under: their alias. */
export const ENVOY_TASK_ALIAS = "cellmesh:ecs:FargateMeshService";

/** An Envoy task's network shape: mesh ports from the VPC's CIDRs, load balancer ports from its group. */
export function envoyTaskNetwork(family: string, a: {
    readonly meshPorts: readonly number[];
    readonly meshCidrs: readonly pulumi.Input<string>[];
    readonly loadBalancer?: { readonly ports: readonly number[]; readonly securityGroupId: pulumi.Input<string> };
}): { securityGroupDescription: string; ingress: FargateIngressRule[]; egressDescription: string; cpu: string; memory: string } {
    return {
        securityGroupDescription: `cellmesh ${family}: mesh ports only`,
        ingress: [
            ...a.meshPorts.flatMap((port) => a.meshCidrs.map((cidr, i): FargateIngressRule => ({
                key: `${port}-${i}`, port, description: `mesh port ${port} from inside the network`, from: { cidr },
            }))),
            ...(a.loadBalancer?.ports ?? []).map((port): FargateIngressRule => ({
                key: `${port}-from-alb`, port, description: `port ${port} from the load balancer`, from: { securityGroupId: a.loadBalancer!.securityGroupId },
            })),
        ],
        // Envoy needs the App Mesh, X-Ray and Cloud Map APIs and the image registries over NAT.
        egressDescription: "outbound: AWS APIs, image registries and mesh peers",
        // As in the AWS samples.
        cpu: "512",
        memory: "1024",
    };
}

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
                const family = `${settings.prefix}-${w.service}-${w.cell}`;
                return new FargateService(name, {
                    family,
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
                    ...envoyTaskNetwork(family, {
                        meshPorts: [w.port],
                        meshCidrs: settings.meshCidrs,
                        ...(w.loadBalancer ? { loadBalancer: { ports: [w.port], securityGroupId: w.loadBalancer.securityGroupId } } : {}),
                    }),
                    ...(w.loadBalancer ? {
                        loadBalancer: { targetGroupArn: w.loadBalancer.targetGroupArn, containerName: "app", containerPort: w.port, listener: w.loadBalancer.listener },
                    } : {}),
                    registration: { kind: "cloudMap", registryArn: w.discoveryServiceArn },
                    desiredCount: w.desiredCount,
                    logRetentionDays: settings.logRetentionDays,
                    ...(settings.logKmsKeyArn ? { logKmsKeyArn: settings.logKmsKeyArn } : {}),
                }, { ...opts, aliases: [{ type: ENVOY_TASK_ALIAS }] });
            },
        };
    },
};
