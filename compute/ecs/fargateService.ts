import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, roleWithPolicy } from "../../shared/iam";
import { taskEssentials } from "./taskEssentials";

/** Where Fargate tasks run: shared by every mesh task of an account. */
export interface FargatePlacement {
    readonly region: string;
    readonly accountId: string;
    readonly clusterArn: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets (on ECS: the owner's, shared with consumers through RAM). */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

export interface FargateMeshServiceArgs extends FargatePlacement {
    /** Task family and log group suffix; unique in the account (`acct1-serviceb-cell1`). */
    readonly family: string;
    /** Containers, given the log group name they must log to. */
    readonly containers: (logGroupName: string) => aws.ecs.ContainerDefinition[];
    readonly proxyConfiguration?: aws.types.input.ecs.TaskDefinitionProxyConfiguration;
    /** What the task itself may do (Envoy's App Mesh access, X-Ray). */
    readonly taskStatements: readonly PolicyStatement[];
    /** ECR repositories (ARNs) the execution role may pull from. @default [] (public images only) */
    readonly ecrRepositoryArns?: readonly string[];
    /** TCP ports admitted from `ingressCidrs`. */
    readonly ingressPorts: readonly number[];
    readonly ingressCidrs: readonly pulumi.Input<string>[];
    /** Optional load balancer: its security group is admitted on `ports`, the service registers `containerName:containerPort`. */
    readonly loadBalancer?: {
        readonly targetGroupArn: pulumi.Input<string>;
        readonly securityGroupId: pulumi.Input<string>;
        readonly ports: readonly number[];
        readonly containerName: string;
        readonly containerPort: number;
        readonly listener: pulumi.Resource;
    };
    /** Cloud Map service the tasks register in. */
    readonly discoveryServiceArn?: pulumi.Input<string>;
    /** @default 1 */
    readonly desiredCount?: number;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /**
     * KMS key (ARN) that encrypts the log group. Its key policy must let
     * `logs.<region>.amazonaws.com` use it. @default undefined: CloudWatch Logs' own encryption
     */
    readonly logKmsKeyArn?: string;
    /** @default "512" CPU units, as in the AWS samples */
    readonly cpu?: string;
    /** @default "1024" MiB */
    readonly memory?: string;
}

/**
 * A Fargate service whose tasks carry Envoy: log group, execution and task roles with scoped inline
 * policies, a security group that admits only the given ports, the task definition and the service
 * in private subnets. Used for mesh cells (app + Envoy + X-Ray) and the virtual gateway (Envoy alone).
 */
export class FargateMeshService extends pulumi.ComponentResource {
    public readonly serviceName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: FargateMeshServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:ecs:FargateMeshService", name, {}, opts);
        if (args.ingressPorts.length === 0 && !args.loadBalancer) {
            throw new Error(`FargateMeshService ${name}: give at least one ingress port or a load balancer; a mesh task nobody can reach is a mistake`);
        }
        const child = { parent: this };
        const logGroupName = `/cellmesh/${args.family}`;

        const { logGroup, executionRole } = taskEssentials(name, {
            family: args.family, accountId: args.accountId, logRetentionDays: args.logRetentionDays,
            ...(args.logKmsKeyArn ? { logKmsKeyArn: args.logKmsKeyArn } : {}), ecrRepositoryArns: args.ecrRepositoryArns ?? [],
        }, this);

        const taskRole = roleWithPolicy(`${name}-task`, {
            service: "ecs-tasks.amazonaws.com",
            accountId: args.accountId,
            description: `ECS task role of ${args.family}`,
            statements: args.taskStatements,
        }, child);

        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: `cellmesh ${args.family}: mesh ports only`,
            tags: { Name: args.family },
        }, child);
        for (const port of args.ingressPorts) {
            args.ingressCidrs.forEach((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-in-${port}-${i}`, {
                securityGroupId: securityGroup.id,
                description: `mesh port ${port} from inside the network`,
                ipProtocol: "tcp", fromPort: port, toPort: port,
                cidrIpv4: cidr,
            }, child));
        }
        for (const port of args.loadBalancer?.ports ?? []) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-in-${port}-from-alb`, {
                securityGroupId: securityGroup.id,
                description: `port ${port} from the load balancer`,
                ipProtocol: "tcp", fromPort: port, toPort: port,
                referencedSecurityGroupId: args.loadBalancer!.securityGroupId,
            }, child);
        }
        // Envoy needs the App Mesh, X-Ray and Cloud Map APIs and the image registries over NAT.
        new aws.vpc.SecurityGroupEgressRule(`${name}-out`, {
            securityGroupId: securityGroup.id,
            description: "outbound: AWS APIs, image registries and mesh peers",
            ipProtocol: "-1",
            cidrIpv4: "0.0.0.0/0",
        }, child);

        const taskDefinition = new aws.ecs.TaskDefinition(`${name}-taskdef`, {
            family: args.family,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: args.cpu ?? "512",
            memory: args.memory ?? "1024",
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            ...(args.proxyConfiguration ? { proxyConfiguration: args.proxyConfiguration } : {}),
            containerDefinitions: pulumi.jsonStringify(args.containers(logGroupName)),
        }, child);

        const lb = args.loadBalancer;
        const service = new aws.ecs.Service(`${name}-service`, {
            name: args.family,
            cluster: args.clusterArn,
            taskDefinition: taskDefinition.arn,
            desiredCount: args.desiredCount ?? 1,
            launchType: "FARGATE",
            networkConfiguration: { subnets: args.subnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
            ...(args.discoveryServiceArn ? { serviceRegistries: { registryArn: args.discoveryServiceArn } } : {}),
            ...(lb ? {
                loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: lb.containerName, containerPort: lb.containerPort }],
                healthCheckGracePeriodSeconds: 60,
            } : {}),
            propagateTags: "SERVICE",
            waitForSteadyState: false,
        }, { parent: this, dependsOn: lb ? [lb.listener] : [] });

        this.serviceName = service.name;
        this.securityGroupId = securityGroup.id;
        this.taskRoleArn = taskRole.arn;
        this.taskDefinitionArn = taskDefinition.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ serviceName: this.serviceName, securityGroupId: this.securityGroupId });
    }
}
