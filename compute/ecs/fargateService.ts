// One Fargate service of cellmesh, whatever runs in it: a mesh cell (app + Envoy + X-Ray on App
// Mesh), a Lattice cell (the app alone) or App Mesh's virtual gateway (Envoy alone). The engine says
// what is engine-specific through the arguments: containers, proxy configuration, task role
// statements, who may reach which port, and where ECS registers the tasks.

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, roleWithPolicy } from "../../shared/iam";
import { taskLogGroup } from "../names";
import { taskEssentials } from "./taskEssentials";

/** Where Fargate tasks run: shared by every task of an account. */
export interface FargatePlacement {
    readonly region: string;
    readonly accountId: string;
    readonly clusterArn: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets (the account's own, or the owner's shared through RAM). */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Who may reach one port of the tasks: an address range, a managed prefix list, or a security group. */
export type FargateIngressSource =
    | { readonly cidr: pulumi.Input<string> }
    | { readonly prefixListId: pulumi.Input<string> }
    | { readonly securityGroupId: pulumi.Input<string> };

export interface FargateIngressRule {
    /** Names the rule `<name>-in-<key>`. */
    readonly key: string;
    readonly port: number;
    readonly description: string;
    readonly from: FargateIngressSource;
}

/** Where ECS registers the service's tasks (besides a load balancer). */
export type FargateRegistration =
    | { readonly kind: "cloudMap"; readonly registryArn: pulumi.Input<string> }
    | { readonly kind: "vpcLattice"; readonly targetGroupArn: pulumi.Input<string>; readonly roleArn: pulumi.Input<string>; readonly portName: string };

export interface FargateServiceArgs extends FargatePlacement {
    /** Task family, service name and log group suffix; unique in the account (`acct1-serviceb-cell1`). */
    readonly family: string;
    /** Containers, given the log group name they must log to. */
    readonly containers: (logGroupName: string) => aws.ecs.ContainerDefinition[];
    readonly proxyConfiguration?: aws.types.input.ecs.TaskDefinitionProxyConfiguration;
    /** What the task itself may do. @default undefined: the task has no role */
    readonly taskStatements?: readonly PolicyStatement[];
    /** ECR repositories (ARNs) the execution role may pull from. @default [] (public images only) */
    readonly ecrRepositoryArns?: readonly string[];
    /** The security group's description: what it admits. */
    readonly securityGroupDescription: string;
    /** Every port the tasks accept, and from whom. At least one, or a task nobody can reach. */
    readonly ingress: readonly FargateIngressRule[];
    /** The egress rule's description (all outbound: AWS APIs, registries, backends). */
    readonly egressDescription: string;
    /** @default none */
    readonly registration?: FargateRegistration;
    /** A load balancer target group the tasks register in, and the listener ECS must find first. */
    readonly loadBalancer?: {
        readonly targetGroupArn: pulumi.Input<string>;
        readonly containerName: string;
        readonly containerPort: number;
        readonly listener: pulumi.Resource;
    };
    /** What the ECS service waits for besides the load balancer's listener. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** @default 1 */
    readonly desiredCount?: number;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /** KMS key of the log group; its key policy must let CloudWatch Logs use it. @default CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
    /** CPU units. */
    readonly cpu: string;
    /** MiB. */
    readonly memory: string;
}

/**
 * Log group, execution role (and a task role when the task needs one) with scoped inline policies, a
 * security group that admits exactly the given ports, the task definition and the service in private
 * subnets. Type `cellmesh:ecs:FargateService`; callers that created it under an earlier type pass
 * that type as an alias, so deployed stacks keep their URNs.
 */
export class FargateService extends pulumi.ComponentResource {
    public readonly serviceName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly taskRoleArn: pulumi.Output<string> | undefined;
    public readonly taskDefinitionArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:ecs:FargateService", name, {}, opts);
        if (args.ingress.length === 0) {
            throw new Error(`FargateService ${name}: give at least one ingress rule; a task nobody can reach is a mistake`);
        }
        const child = { parent: this };
        const logGroupName = taskLogGroup(args.family);

        const { logGroup, executionRole } = taskEssentials(name, {
            family: args.family, accountId: args.accountId, logRetentionDays: args.logRetentionDays,
            ...(args.logKmsKeyArn ? { logKmsKeyArn: args.logKmsKeyArn } : {}), ecrRepositoryArns: args.ecrRepositoryArns ?? [],
        }, this);

        const taskRole = args.taskStatements && roleWithPolicy(`${name}-task`, {
            service: "ecs-tasks.amazonaws.com",
            accountId: args.accountId,
            description: `ECS task role of ${args.family}`,
            statements: args.taskStatements,
        }, child);

        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: args.securityGroupDescription,
            tags: { Name: args.family },
        }, child);
        for (const rule of args.ingress) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-in-${rule.key}`, {
                securityGroupId: securityGroup.id,
                description: rule.description,
                ipProtocol: "tcp", fromPort: rule.port, toPort: rule.port,
                ...("cidr" in rule.from ? { cidrIpv4: rule.from.cidr } : {}),
                ...("prefixListId" in rule.from ? { prefixListId: rule.from.prefixListId } : {}),
                ...("securityGroupId" in rule.from ? { referencedSecurityGroupId: rule.from.securityGroupId } : {}),
            }, child);
        }
        new aws.vpc.SecurityGroupEgressRule(`${name}-out`, {
            securityGroupId: securityGroup.id,
            description: args.egressDescription,
            ipProtocol: "-1",
            cidrIpv4: "0.0.0.0/0",
        }, child);

        const taskDefinition = new aws.ecs.TaskDefinition(`${name}-taskdef`, {
            family: args.family,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: args.cpu,
            memory: args.memory,
            executionRoleArn: executionRole.arn,
            ...(taskRole ? { taskRoleArn: taskRole.arn } : {}),
            ...(args.proxyConfiguration ? { proxyConfiguration: args.proxyConfiguration } : {}),
            containerDefinitions: pulumi.jsonStringify(args.containers(logGroupName)),
        }, child);

        const lb = args.loadBalancer;
        const registration = args.registration;
        const service = new aws.ecs.Service(`${name}-service`, {
            name: args.family,
            cluster: args.clusterArn,
            taskDefinition: taskDefinition.arn,
            desiredCount: args.desiredCount ?? 1,
            launchType: "FARGATE",
            networkConfiguration: { subnets: args.subnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
            ...(registration?.kind === "cloudMap" ? { serviceRegistries: { registryArn: registration.registryArn } } : {}),
            ...(registration?.kind === "vpcLattice" ? {
                vpcLatticeConfigurations: [{ roleArn: registration.roleArn, targetGroupArn: registration.targetGroupArn, portName: registration.portName }],
            } : {}),
            ...(lb ? {
                loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: lb.containerName, containerPort: lb.containerPort }],
                healthCheckGracePeriodSeconds: 60,
            } : {}),
            propagateTags: "SERVICE",
            waitForSteadyState: false,
        }, { parent: this, dependsOn: [...(args.dependsOn ?? []), ...(lb ? [lb.listener] : [])] });

        this.serviceName = service.name;
        this.securityGroupId = securityGroup.id;
        this.taskRoleArn = taskRole?.arn;
        this.taskDefinitionArn = taskDefinition.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ serviceName: this.serviceName, securityGroupId: this.securityGroupId });
    }
}
