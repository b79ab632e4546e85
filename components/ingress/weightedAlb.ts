import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface WeightedTarget {
    /** Target name for the child (`cell1`). */
    readonly name: string;
    readonly weight: number;
}

export interface WeightedAlbArgs {
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR: the ALB may send only into it. */
    readonly vpcCidr: pulumi.Input<string>;
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Port of the targets (the app's port, or the gateway's listener). */
    readonly targetPort: number;
    readonly targets: readonly WeightedTarget[];
    /** Health check of the target groups. @default { path: "/health", port: "traffic-port" } */
    readonly healthCheck?: { readonly path: string; readonly port?: number };
    /** @default 80 */
    readonly listenerPort?: number;
    /** CIDRs that may reach the listener. @default ["0.0.0.0/0"]: this is the public entry point */
    readonly allowedCidrs?: readonly string[];
}

/**
 * An internet-facing ALB whose listener forwards to one `ip` target group per target, weighted
 * (reference fact 18). A weight change updates only the listener.
 */
export class WeightedAlb extends pulumi.ComponentResource {
    public readonly dnsName: pulumi.Output<string>;
    public readonly url: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly listener: aws.lb.Listener;
    /** Target group ARN per target name. */
    public readonly targetGroupArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: WeightedAlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:ingress:WeightedAlb", name, {}, opts);
        if (args.targets.length < 1 || args.targets.length > 5) {
            // An ALB forward action takes 1 to 5 target groups.
            throw new Error(`WeightedAlb ${name}: an ALB forward action takes 1 to 5 target groups, got ${args.targets.length}`);
        }
        const child = { parent: this };
        const listenerPort = args.listenerPort ?? 80;

        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: `cellmesh ${name}: public listener`,
            // The one security group meant to face the internet; the policy pack checks the tag.
            tags: { "cellmesh:exposure": "internet" },
        }, child);
        (args.allowedCidrs ?? ["0.0.0.0/0"]).forEach((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-in-${i}`, {
            securityGroupId: securityGroup.id,
            description: "public listener",
            ipProtocol: "tcp", fromPort: listenerPort, toPort: listenerPort,
            cidrIpv4: cidr,
            tags: { "cellmesh:exposure": "internet" },
        }, child));
        // The ALB talks only to its targets, on the target port, inside the VPC.
        new aws.vpc.SecurityGroupEgressRule(`${name}-out`, {
            securityGroupId: securityGroup.id,
            description: "to the targets",
            ipProtocol: "tcp", fromPort: args.targetPort, toPort: args.targetPort,
            cidrIpv4: args.vpcCidr,
        }, child);
        if (args.healthCheck?.port !== undefined && args.healthCheck.port !== args.targetPort) {
            new aws.vpc.SecurityGroupEgressRule(`${name}-out-health`, {
                securityGroupId: securityGroup.id,
                description: "health checks",
                ipProtocol: "tcp", fromPort: args.healthCheck.port, toPort: args.healthCheck.port,
                cidrIpv4: args.vpcCidr,
            }, child);
        }

        const alb = new aws.lb.LoadBalancer(`${name}-alb`, {
            loadBalancerType: "application",
            internal: false,
            subnets: args.publicSubnetIds,
            securityGroups: [securityGroup.id],
            dropInvalidHeaderFields: true,
        }, child);

        const groups = args.targets.map((t) => new aws.lb.TargetGroup(`${name}-${t.name}`, {
            targetType: "ip",
            port: args.targetPort,
            protocol: "HTTP",
            vpcId: args.vpcId,
            deregistrationDelay: 30,
            healthCheck: {
                path: args.healthCheck?.path ?? "/health",
                port: String(args.healthCheck?.port ?? "traffic-port"),
                matcher: "200",
                interval: 10,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
        }, child));

        this.listener = new aws.lb.Listener(`${name}-listener`, {
            loadBalancerArn: alb.arn,
            port: listenerPort,
            protocol: "HTTP",
            defaultActions: [{
                type: "forward",
                forward: { targetGroups: groups.map((g, i) => ({ arn: g.arn, weight: args.targets[i].weight })) },
            }],
        }, child);

        this.dnsName = alb.dnsName;
        this.url = pulumi.interpolate`http://${alb.dnsName}${listenerPort === 80 ? "" : `:${listenerPort}`}`;
        this.securityGroupId = securityGroup.id;
        this.targetGroupArns = Object.fromEntries(args.targets.map((t, i) => [t.name, groups[i].arn]));
        this.registerOutputs({ url: this.url, dnsName: this.dnsName });
    }
}
