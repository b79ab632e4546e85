import * as pulumi from "@pulumi/pulumi";
import { demoAppSource, ecrRepositoryArn } from "../../../compute/demoApp";
import * as aws from "@pulumi/aws";
import { APP_PORT_NAME, plainAppContainer } from "../../../compute/ecs/containers";
import { FargatePlacement, FargateService } from "../../../compute/ecs/fargateService";
import { LatticeCellCompute, LatticeCellWorkload } from "../cellCompute";
import { EcsLatticeInfrastructureRole } from "./infrastructureRole";

/** The type the Lattice engine's Fargate services were created under: their alias. */
export const LATTICE_TASK_ALIAS = "cellmesh:lattice:FargateService";

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
                const family = `${settings.prefix}-${w.service}-${w.cell}`;
                const app = (logGroupName: string) => plainAppContainer({
                    image: w.image, demoSource: source, port: w.port, environment: w.environment, logGroupName, region: settings.region,
                });
                // Lattice reaches targets from its managed prefix list, not from the clients' addresses.
                const lattice = aws.ec2.getManagedPrefixListOutput({ name: `com.amazonaws.${settings.region}.vpc-lattice` }, { parent: opts.parent });
                return new FargateService(name, {
                    family,
                    region: settings.region,
                    accountId: settings.accountId,
                    clusterArn: settings.clusterArn,
                    vpcId: settings.vpcId,
                    subnetIds: settings.subnetIds,
                    // Only the app container: no Envoy, no X-Ray daemon, no proxy configuration, no task role.
                    containers: (logGroupName) => [app(logGroupName)],
                    securityGroupDescription: `cellmesh ${family}: app port from VPC Lattice only`,
                    ingress: [
                        { key: "lattice", port: w.port, description: `port ${w.port} from VPC Lattice`, from: { prefixListId: lattice.id } },
                        ...(w.loadBalancer ? [{ key: "alb", port: w.port, description: `port ${w.port} from the load balancer`, from: { securityGroupId: w.loadBalancer.securityGroupId } }] : []),
                    ],
                    // Image registries over NAT, AWS APIs, and backends through Lattice.
                    egressDescription: "outbound: AWS APIs, image registries and Lattice services",
                    // ECS registers each task in the cell's target group by the app's port mapping name.
                    registration: { kind: "vpcLattice", targetGroupArn: w.targetGroupArn, roleArn: settings.infrastructureRole.roleArn, portName: APP_PORT_NAME },
                    ...(w.loadBalancer ? {
                        loadBalancer: { targetGroupArn: w.loadBalancer.targetGroupArn, containerName: "app", containerPort: w.port, listener: w.loadBalancer.listener },
                    } : {}),
                    dependsOn: [settings.infrastructureRole, ...w.routing],
                    ecrRepositoryArns: repo ? [repo] : [],
                    desiredCount: w.desiredCount,
                    logRetentionDays: settings.logRetentionDays,
                    ...(settings.logKmsKeyArn ? { logKmsKeyArn: settings.logKmsKeyArn } : {}),
                    // One container, no sidecars.
                    cpu: "256",
                    memory: "512",
                }, { ...opts, aliases: [{ type: LATTICE_TASK_ALIAS }] });
            },
        };
    },
};
