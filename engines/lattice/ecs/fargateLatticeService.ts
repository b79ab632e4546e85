import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargatePlacement } from "../../../compute/ecs/fargateService";
import { APP_PORT_NAME } from "../../../compute/ecs/containers";
import { taskEssentials } from "../../../compute/ecs/taskEssentials";

export interface FargateLatticeServiceArgs extends FargatePlacement {
    /** Task family and log group suffix; unique in the account (`acct1-serviceb-cell1`). */
    readonly family: string;
    /** The app container, given the log group it must log to; its port mapping must be named `portName`. */
    readonly app: (logGroupName: string) => aws.ecs.ContainerDefinition;
    /** The app port: admitted from Lattice (and the ALB). */
    readonly port: number;
    /** The port mapping Lattice registers. @default "app" */
    readonly portName?: string;
    /** The cell's Lattice target group. */
    readonly targetGroupArn: pulumi.Input<string>;
    /** The ECS infrastructure role for Lattice (EcsLatticeInfrastructureRole). */
    readonly infrastructureRoleArn: pulumi.Input<string>;
    /** Resources the service waits for (the infrastructure role, the Lattice listener). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** ECR repositories (ARNs) the execution role may pull from. @default [] (public images only) */
    readonly ecrRepositoryArns?: readonly string[];
    /** Optional ALB: its security group is admitted on the port, the service also registers there. */
    readonly loadBalancer?: {
        readonly targetGroupArn: pulumi.Input<string>;
        readonly securityGroupId: pulumi.Input<string>;
        readonly listener: pulumi.Resource;
    };
    /** @default 1 */
    readonly desiredCount?: number;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /** KMS key (ARN or alias ARN) of the log group. @default undefined: CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
    /** @default "256" CPU units: one container, no sidecars */
    readonly cpu?: string;
    /** @default "512" MiB */
    readonly memory?: string;
}

/**
 * A Fargate service for one Lattice cell: only the app container (no Envoy, no X-Ray daemon, no proxy
 * configuration), a log group with retention, an execution role scoped to its logs and images, a
 * security group that admits the app port only from the VPC Lattice managed prefix list (and the
 * ALB's group), and `vpcLatticeConfigurations` so ECS registers each task in the cell's target group.
 */
export class FargateLatticeService extends pulumi.ComponentResource {
    public readonly serviceName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: FargateLatticeServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:FargateService", name, {}, opts);
        const portName = args.portName ?? APP_PORT_NAME;
        const child = { parent: this };
        const logGroupName = `/cellmesh/${args.family}`;
        const app = args.app(logGroupName);
        if (!(app.portMappings ?? []).some((m) => m.name === portName && m.containerPort === args.port)) {
            throw new Error(`FargateLatticeService ${name}: the app container has no port mapping named "${portName}" on port ${args.port}; Lattice registers tasks by port name`);
        }

        const { logGroup, executionRole } = taskEssentials(name, {
            family: args.family, accountId: args.accountId, logRetentionDays: args.logRetentionDays,
            ...(args.logKmsKeyArn ? { logKmsKeyArn: args.logKmsKeyArn } : {}), ecrRepositoryArns: args.ecrRepositoryArns ?? [],
        }, this);

        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: `cellmesh ${args.family}: app port from VPC Lattice only`,
            tags: { Name: args.family },
        }, child);
        // Lattice reaches targets from its managed prefix list, not from the clients' addresses.
        const lattice = aws.ec2.getManagedPrefixListOutput({ name: `com.amazonaws.${args.region}.vpc-lattice` }, child);
        new aws.vpc.SecurityGroupIngressRule(`${name}-in-lattice`, {
            securityGroupId: securityGroup.id,
            description: `port ${args.port} from VPC Lattice`,
            ipProtocol: "tcp", fromPort: args.port, toPort: args.port,
            prefixListId: lattice.id,
        }, child);
        const lb = args.loadBalancer;
        if (lb) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-in-alb`, {
                securityGroupId: securityGroup.id,
                description: `port ${args.port} from the load balancer`,
                ipProtocol: "tcp", fromPort: args.port, toPort: args.port,
                referencedSecurityGroupId: lb.securityGroupId,
            }, child);
        }
        // Image registries over NAT, AWS APIs, and backends through Lattice.
        new aws.vpc.SecurityGroupEgressRule(`${name}-out`, {
            securityGroupId: securityGroup.id,
            description: "outbound: AWS APIs, image registries and Lattice services",
            ipProtocol: "-1",
            cidrIpv4: "0.0.0.0/0",
        }, child);

        const taskDefinition = new aws.ecs.TaskDefinition(`${name}-taskdef`, {
            family: args.family,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: args.cpu ?? "256",
            memory: args.memory ?? "512",
            executionRoleArn: executionRole.arn,
            containerDefinitions: pulumi.jsonStringify([app]),
        }, child);

        const service = new aws.ecs.Service(`${name}-service`, {
            name: args.family,
            cluster: args.clusterArn,
            taskDefinition: taskDefinition.arn,
            desiredCount: args.desiredCount ?? 1,
            launchType: "FARGATE",
            networkConfiguration: { subnets: args.subnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
            vpcLatticeConfigurations: [{ roleArn: args.infrastructureRoleArn, targetGroupArn: args.targetGroupArn, portName }],
            ...(lb ? {
                loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: app.name, containerPort: args.port }],
                healthCheckGracePeriodSeconds: 60,
            } : {}),
            propagateTags: "SERVICE",
            waitForSteadyState: false,
        }, { parent: this, dependsOn: [...(args.dependsOn ?? []), ...(lb ? [lb.listener] : [])] });

        this.serviceName = service.name;
        this.securityGroupId = securityGroup.id;
        this.taskDefinitionArn = taskDefinition.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ serviceName: this.serviceName, securityGroupId: this.securityGroupId });
    }
}
