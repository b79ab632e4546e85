// One service of one account on EKS with VPC Lattice: the Lattice engine's counterpart of CellService
// on EKS. Per cell a Deployment of the app alone (no Envoy, no virtual node); the service's traffic as
// a LatticeHttpRoute (a ClusterIP Service and a TargetGroupPolicy per cell, one HTTPRoute with the
// cell weights and pins, which the AWS Gateway API Controller turns into a Lattice service with the
// custom domain `<service>.<namespace>`); the service's auth policy as an IAMAuthPolicy on that route;
// the alias record that makes the name resolve, read back from Lattice once the controller has
// created the service; and, for the entry service, the same weighted internet-facing ALB as on ECS, whose
// per-cell target groups the AWS Load Balancer Controller fills with the cells' pod IPs.

import type { WeightedAlb } from "../../../shared/weightedAlb";
import * as aws from "../../../shared/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellPinningPolicy, DEFAULT_TRAFFIC, TrafficPolicy } from "../../../shared/trafficPolicy";
import { LatticeAccess, latticeAuthPolicyJson, validateAccess } from "../authPolicy";
import { AlbIngress, serviceEntryAlb } from "../../../shared/albIngress";
import { LatticeRegistration } from "../registration";
import { LatticeHttpRoute, LatticeHttpRouteArgs } from "./httpRoute";
import { LATTICE_POLICY_API_VERSION, iamAuthPolicySpec, latticeEksTrafficProblems } from "./policies";
import { CellWeight } from "../../../shared/cellWeight";
import { cellServiceName } from "./routeSpec";
import { TARGET_GROUP_BINDING_API_VERSION, TargetGroupBinder, targetGroupBindingSpec } from "../../../compute/eks/loadBalancerController";
import { CellCompute, cellWorkload } from "../../../compute/cellCompute";
import { renamedFrom } from "../../../shared/renamed";
import { LATTICE_EKS_SERVICE_TYPE } from "./types";

/**
 * Public entry: an internet-facing ALB (WeightedAlb, as on ECS) whose listener forwards to one `ip`
 * target group per cell **with the cell weights**. Per cell a TargetGroupBinding (AWS Load Balancer
 * Controller) keeps the cell's target group filled with the pod IPs behind the cell's ClusterIP
 * Service; one rule on the pods' security group admits the app port from the ALB's group only.
 */
export interface LatticeEksAlbIngress extends AlbIngress {
    /** The security group on the pods' network interfaces (with the VPC CNI, the nodes'). */
    readonly podSecurityGroupId: pulumi.Input<string>;
    /** The cluster's AWS Load Balancer Controller. */
    readonly controller: TargetGroupBinder;
}
export type LatticeEksIngress = LatticeEksAlbIngress;
export const LatticeEksIngress = {
    weightedAlb(opts: Omit<LatticeEksAlbIngress, "kind">): LatticeEksAlbIngress {
        return { kind: "alb", ...opts };
    },
};

export interface LatticeEksServiceArgs {
    readonly provider: k8s.Provider;
    /** Service name (`serviceb`); clients dial `<service>.<zone name>:<port>`. */
    readonly service: string;
    /** Kubernetes namespace of the pods, the cell Services and the route (the Gateway's). */
    readonly namespace: string;
    /** The account's private hosted zone (a LatticeNamespace): the alias record goes here. */
    readonly zone: { readonly name: string; readonly zoneId: pulumi.Input<string> };
    /** The app's port: container, cell Services, and (through the Gateway listener) the dial port. */
    readonly port: number;
    /** 1 to 10 cells, weights integers 0..999 with a positive total. */
    readonly cells: readonly CellWeight[];
    /** Header (and path) pins. @default `traffic.pinning`, else none */
    readonly pinning?: CellPinningPolicy;
    /** The names and ports this service calls (the app's BACKENDS). @default [] */
    readonly backends?: readonly { readonly name: string; readonly port: number }[];
    /** @default the demo app */
    readonly image?: string;
    /** Pods per cell. @default 1 */
    readonly desiredCount?: number;
    /** Extra environment variables for the app. @default {} */
    readonly environment?: Readonly<Record<string, string>>;
    /** The Gateway listener the route attaches to (a LatticeGateway's name, namespace and `listenerFor` the port). */
    readonly gateway: LatticeHttpRouteArgs["gateway"];
    /** What the pods and cell Services wait for: the app namespace. */
    readonly namespaceReady: readonly pulumi.Resource[];
    /** Runs each cell's pods (EksCompute.deployments). */
    readonly compute: CellCompute;
    /** What the route waits for: the Gateway and the controller's `ready`. */
    readonly routeReady: readonly pulumi.Resource[];
    /** What installs the controller's policy CRDs (its Helm release): the TargetGroupPolicies and the IAMAuthPolicy wait for it. */
    readonly policyCrds: readonly pulumi.Resource[];
    /** Who may call the service: its auth policy (an IAMAuthPolicy on the route), as on ECS; the network's applies too. */
    readonly access: LatticeAccess;
    /**
     * The service network the service joins, by ARN (the owner's, of another account on a consumer):
     * Pulumi creates the association; the route is standalone, so the controller creates none.
     */
    readonly serviceNetworkArn: pulumi.Input<string>;
    /** Protocol (http or http2) and health check of the cells' target groups. @default plain HTTP (DEFAULT_TRAFFIC) */
    readonly traffic?: TrafficPolicy;
    /** @default none: reachable only through the service network */
    readonly ingress?: LatticeEksIngress;
}

export class LatticeEksService extends pulumi.ComponentResource {
    /** The name clients dial (`serviceb.internal-domain1.com`): the route's hostname, the Lattice service's custom domain. */
    public readonly customDomainName: pulumi.Output<string>;
    /** The Lattice service the controller creates for the route (`<route>-<namespace>`, cut). */
    public readonly latticeServiceName: string;
    /** Lattice's generated DNS name of that service, read back once the controller has created it. */
    public readonly latticeDnsName: pulumi.Output<string>;
    public readonly serviceArn: pulumi.Output<string>;
    /** The service's association with the network, by the network's ARN. */
    public readonly association: aws.vpclattice.ServiceNetworkServiceAssociation;
    /** The only Kubernetes object a weight change touches. */
    public readonly route: LatticeHttpRoute;
    /** The service's auth policy, attached by the controller (which sets the service's auth type to AWS_IAM). */
    public readonly authPolicy: k8s.apiextensions.CustomResource;
    /** The ALB's URL with ingress (`https://` with a certificate). */
    public readonly url: pulumi.Output<string> | undefined;
    /** The weighted ALB with ingress. */
    public entry: WeightedAlb | undefined;

    constructor(name: string, args: LatticeEksServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(LATTICE_EKS_SERVICE_TYPE, name, {}, renamedFrom("cellmesh:eks:LatticeService", opts));
        if (args.ingress && args.cells.length > 5) {
            // An ALB forward action takes 1 to 5 target groups (Lattice takes 10).
            throw new Error(`LatticeEksService ${name}: the public ALB forwards to at most 5 target groups (one per cell), got ${args.cells.length} cells`);
        }
        const traffic = args.traffic ?? DEFAULT_TRAFFIC;
        const unsupported = latticeEksTrafficProblems(traffic);
        if (unsupported.length > 0) throw new Error(`LatticeEksService ${name}: ${unsupported.join("; ")}`);
        try {
            validateAccess(args.access);
        } catch (e) {
            throw new Error(`LatticeEksService ${name}: ${(e as Error).message}`);
        }
        const backends = args.backends ?? [];

        // The controller makes each cell's Service (below) a target group; the pods wait for their namespace.
        const registration = LatticeRegistration.pods(args.namespaceReady);
        for (const cell of args.cells) {
            args.compute.deployCell(`${name}-${cell.name}`, cellWorkload(args, cell, backends.map((b) => ({ host: b.name, port: b.port }))), registration, { parent: this });
        }

        // The weights live here and only here: a shift edits this one HTTPRoute.
        this.route = new LatticeHttpRoute(name, {
            provider: args.provider,
            service: args.service,
            namespace: args.namespace,
            dnsNamespace: args.zone.name,
            port: args.port,
            cells: args.cells,
            ...(args.pinning ? { pinning: args.pinning } : {}),
            gateway: args.gateway,
            ready: args.routeReady,
            namespaceReady: args.namespaceReady,
            policyCrds: args.policyCrds,
            traffic,
        }, { parent: this });

        // The same document the ECS variant attaches to each Lattice service. After the route, which
        // counts as created only once its Lattice service exists, so the controller finds the service.
        this.authPolicy = new k8s.apiextensions.CustomResource(`${name}-auth`, {
            apiVersion: LATTICE_POLICY_API_VERSION,
            kind: "IAMAuthPolicy",
            metadata: { name: args.service, namespace: args.namespace },
            spec: iamAuthPolicySpec(args.service, latticeAuthPolicyJson(args.access)),
        }, { parent: this, provider: args.provider, dependsOn: [this.route.route, ...args.policyCrds] });

        // The route counts as created only once the controller has created its Lattice service
        // (routeAwaitAnnotations), so this read runs after the service exists.
        const lattice = aws.vpclattice.getServiceOutput({ name: this.route.latticeServiceName }, { parent: this, dependsOn: [this.route.route] });
        const dns = lattice.dnsEntries.apply((entries) => {
            const entry = entries?.[0];
            if (!entry?.domainName || !entry.hostedZoneId) {
                throw new Error(`LatticeEksService ${name}: the Lattice service ${this.route.latticeServiceName} has no DNS entry to alias; check the AWS Gateway API Controller's logs (kubectl logs -n aws-application-networking-system deploy/gateway-api-controller)`);
            }
            return { domainName: entry.domainName, hostedZoneId: entry.hostedZoneId };
        });
        new aws.route53.Record(`${name}-dns`, {
            zoneId: args.zone.zoneId,
            name: this.route.hostname,
            type: "A",
            aliases: [{ name: dns.domainName, zoneId: dns.hostedZoneId, evaluateTargetHealth: false }],
        }, { parent: this });

        // The service joins the network here, by the network's ARN (another account's on a consumer:
        // CreateServiceNetworkServiceAssociation needs the ARN across accounts; the caller owns the
        // service). The route is standalone, so the controller creates no association and deletes only
        // associations tagged as its own (service_manager.go updateAssociations, IsArnManaged), which
        // this one is not: no application-networking.k8s.aws/ManagedBy tag. When a route is deleted the
        // controller deletes every association of its service (deleteAllAssociations); Pulumi deletes
        // this one first, as it depends on the route.
        this.association = new aws.vpclattice.ServiceNetworkServiceAssociation(`${name}-association`, {
            serviceIdentifier: lattice.arn,
            serviceNetworkIdentifier: args.serviceNetworkArn,
        }, { parent: this, dependsOn: [this.route.route] });

        this.url = args.ingress ? this.publicEntry(name, args, args.ingress) : undefined;

        this.customDomainName = pulumi.output(this.route.hostname);
        this.latticeServiceName = this.route.latticeServiceName;
        this.latticeDnsName = dns.domainName;
        this.serviceArn = lattice.arn;
        this.registerOutputs({ customDomainName: this.customDomainName, latticeDnsName: this.latticeDnsName, serviceArn: this.serviceArn, url: this.url });
    }

    /** The weighted ALB, the pods' security group rule, and one TargetGroupBinding per cell. */
    private publicEntry(name: string, args: LatticeEksServiceArgs, ingress: LatticeEksAlbIngress): pulumi.Output<string> {
        const alb = serviceEntryAlb(name, { ...ingress, kind: "alb" }, { port: args.port, cells: args.cells }, this);
        this.entry = alb;
        // The pods' port, from the ALB only (the bindings carry no `networking`, so the controller adds no rule).
        new aws.vpc.SecurityGroupIngressRule(`${name}-ingress-pods`, {
            securityGroupId: ingress.podSecurityGroupId,
            referencedSecurityGroupId: alb.securityGroupId,
            ipProtocol: "tcp",
            fromPort: args.port,
            toPort: args.port,
            description: `public ALB to ${args.service} pods on TCP ${args.port}`,
        }, { parent: this });
        const allowed = ingress.controller.allowTargetGroups(args.service, args.cells.map((c) => alb.targetGroupArns[c.name]));
        // After the controller (CRD, webhook, permissions) and the route's cell Services it refers to by name.
        for (const cell of args.cells) {
            new k8s.apiextensions.CustomResource(`${name}-${cell.name}-binding`, {
                apiVersion: TARGET_GROUP_BINDING_API_VERSION,
                kind: "TargetGroupBinding",
                metadata: { name: cellServiceName(args.service, cell.name), namespace: args.namespace },
                spec: targetGroupBindingSpec({
                    serviceName: cellServiceName(args.service, cell.name),
                    port: args.port,
                    targetGroupArn: alb.targetGroupArns[cell.name],
                    vpcId: ingress.vpcId,
                }),
            }, { parent: this, provider: args.provider, dependsOn: [...allowed, this.route] });
        }
        return alb.url;
    }
}
