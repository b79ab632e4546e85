import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { albTargetGroupName, autonamed } from "./awsNames";
import { CellWeight } from "./cellWeight";
import { renamedFrom } from "./renamed";

/** A target group of the forward: named for the child (`cell1`), weighted like a cell. */
export type WeightedTarget = CellWeight;

/** The TLS policy of HTTPS listeners: TLS 1.3 and 1.2 only, AWS's recommended policy. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** HTTPS on the public listener. */
export interface AlbHttps {
    /** An ACM certificate of the ALB's own account and region. */
    readonly certificateArn: pulumi.Input<string>;
    /** @default DEFAULT_SSL_POLICY (TLS 1.3 and 1.2) */
    readonly sslPolicy?: string;
    /** @default 443 */
    readonly port?: number;
}

/** Access logs into an existing S3 bucket (same region, SSE-S3, a bucket policy for log delivery). */
export interface AlbAccessLogs {
    readonly bucket: string;
    /** @default none: logs go under `AWSLogs/` at the bucket's root */
    readonly prefix?: string;
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
    /**
     * Serve HTTPS: the weighted forward moves to an HTTPS listener and the `listenerPort` listener
     * only redirects to it (HTTP 301). @default undefined: plain HTTP on `listenerPort`
     */
    readonly https?: AlbHttps;
    /** @default undefined: no access logs */
    readonly accessLogs?: AlbAccessLogs;
    /**
     * Protocol towards the targets. HTTPS when the targets' Envoy listens with TLS (mesh TLS): the
     * ALB encrypts but does not validate target certificates. @default "HTTP"
     */
    readonly targetProtocol?: "HTTP" | "HTTPS";
}

/**
 * An internet-facing ALB whose listener forwards to one `ip` target group per target, weighted
 * (reference fact 18). A weight change updates only the listener that forwards. With `https`, that
 * is the HTTPS listener (`<name>-https`), and the plain listener (`<name>-listener`, same name as
 * without HTTPS, so switching HTTPS on updates it in place) redirects to it.
 */
export class WeightedAlb extends pulumi.ComponentResource {
    public readonly dnsName: pulumi.Output<string>;
    public readonly url: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    /** The listener that forwards to the target groups (the HTTPS one when `https` is set). */
    public readonly listener: aws.lb.Listener;
    /** The load balancer's ARN (the gate's CloudWatch `LoadBalancer` dimension is its final part). */
    public readonly loadBalancerArn: pulumi.Output<string>;
    /** Target group ARN per target name. */
    public readonly targetGroupArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: WeightedAlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:shared:WeightedAlb", name, {}, renamedFrom("cellmesh:ingress:WeightedAlb", opts));
        if (args.targets.length < 1 || args.targets.length > 5) {
            // An ALB forward action takes 1 to 5 target groups.
            throw new Error(`WeightedAlb ${name}: an ALB forward action takes 1 to 5 target groups, got ${args.targets.length}`);
        }
        const listenerPort = args.listenerPort ?? 80;
        const httpsPort = args.https ? args.https.port ?? 443 : undefined;
        if (httpsPort === listenerPort) {
            throw new Error(`WeightedAlb ${name}: the HTTPS listener and the redirecting listener both use port ${listenerPort}; give them different ports`);
        }
        const child = { parent: this };

        const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: `cellmesh ${name}: public listener`,
            // The one security group meant to face the internet; the policy pack checks the tag.
            tags: { "cellmesh:exposure": "internet" },
        }, child);
        const cidrs = args.allowedCidrs ?? ["0.0.0.0/0"];
        // The plain listener's port stays open with HTTPS too: it answers with the redirect.
        cidrs.forEach((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-in-${i}`, {
            securityGroupId: securityGroup.id,
            description: "public listener",
            ipProtocol: "tcp", fromPort: listenerPort, toPort: listenerPort,
            cidrIpv4: cidr,
            tags: { "cellmesh:exposure": "internet" },
        }, child));
        if (httpsPort !== undefined) {
            cidrs.forEach((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-in-https-${i}`, {
                securityGroupId: securityGroup.id,
                description: "public HTTPS listener",
                ipProtocol: "tcp", fromPort: httpsPort, toPort: httpsPort,
                cidrIpv4: cidr,
                tags: { "cellmesh:exposure": "internet" },
            }, child));
        }
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

        // Pulumi names both after the logical name; long service names get the short form (shared/awsNames.ts).
        const alb = new aws.lb.LoadBalancer(autonamed("albName", `${name}-alb`), {
            loadBalancerType: "application",
            internal: false,
            subnets: args.publicSubnetIds,
            securityGroups: [securityGroup.id],
            dropInvalidHeaderFields: true,
            ...(args.accessLogs ? {
                accessLogs: { bucket: args.accessLogs.bucket, enabled: true, ...(args.accessLogs.prefix !== undefined ? { prefix: args.accessLogs.prefix } : {}) },
            } : {}),
        }, child);

        const targetProtocol = args.targetProtocol ?? "HTTP";
        const groups = args.targets.map((t) => new aws.lb.TargetGroup(albTargetGroupName(name, t.name), {
            targetType: "ip",
            port: args.targetPort,
            protocol: targetProtocol,
            vpcId: args.vpcId,
            deregistrationDelay: 30,
            healthCheck: {
                // The health check's protocol defaults to HTTP whatever the targets speak.
                ...(targetProtocol === "HTTPS" ? { protocol: "HTTPS" } : {}),
                path: args.healthCheck?.path ?? "/health",
                port: String(args.healthCheck?.port ?? "traffic-port"),
                matcher: "200",
                interval: 10,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
        }, child));

        const forward: aws.types.input.lb.ListenerDefaultAction = {
            type: "forward",
            forward: { targetGroups: groups.map((g, i) => ({ arn: g.arn, weight: args.targets[i].weight })) },
        };
        const https = args.https && new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: alb.arn,
            port: httpsPort,
            protocol: "HTTPS",
            certificateArn: args.https.certificateArn,
            sslPolicy: args.https.sslPolicy ?? DEFAULT_SSL_POLICY,
            defaultActions: [forward],
        }, child);
        const plain = new aws.lb.Listener(`${name}-listener`, {
            loadBalancerArn: alb.arn,
            port: listenerPort,
            protocol: "HTTP",
            defaultActions: [httpsPort === undefined ? forward : {
                type: "redirect",
                // Host, path and query are kept (AWS's defaults #{host}, #{path}, #{query}).
                redirect: { protocol: "HTTPS", port: String(httpsPort), statusCode: "HTTP_301" },
            }],
            // Switching HTTPS on in a running stack: the plain listener starts redirecting only once
            // the HTTPS listener exists, so requests never meet a redirect to nothing.
        }, { parent: this, dependsOn: https ? [https] : [] });
        this.listener = https ?? plain;

        this.dnsName = alb.dnsName;
        this.url = httpsPort === undefined
            ? pulumi.interpolate`http://${alb.dnsName}${listenerPort === 80 ? "" : `:${listenerPort}`}`
            : pulumi.interpolate`https://${alb.dnsName}${httpsPort === 443 ? "" : `:${httpsPort}`}`;
        this.securityGroupId = securityGroup.id;
        this.loadBalancerArn = alb.arn;
        this.targetGroupArns = Object.fromEntries(args.targets.map((t, i) => [t.name, groups[i].arn]));
        this.registerOutputs({ url: this.url, dnsName: this.dnsName });
    }
}
