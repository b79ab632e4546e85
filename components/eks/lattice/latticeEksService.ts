// One service of one account on EKS with VPC Lattice: the Lattice engine's counterpart of CellService
// on EKS. Per cell a Deployment of the app alone (no Envoy, no virtual node); the service's traffic as
// a LatticeHttpRoute (a ClusterIP Service and a TargetGroupPolicy per cell, one HTTPRoute with the
// cell weights and pins, which the AWS Gateway API Controller turns into a Lattice service with the
// custom domain `<service>.<namespace>`); the service's auth policy as an IAMAuthPolicy on that route;
// the alias record that makes the name resolve, read back from Lattice once the controller has
// created the service; and, for the entry service, a public Network Load Balancer Service.

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellPinningPolicy, DEFAULT_TRAFFIC, TrafficPolicy } from "../../trafficPolicy";
import { LatticeAccess, latticeAuthPolicyJson, validateAccess } from "../../lattice/authPolicy";
import { cellDeployment } from "../eksCompute";
import { LatticeHttpRoute, LatticeHttpRouteArgs } from "./latticeHttpRoute";
import { LATTICE_POLICY_API_VERSION, iamAuthPolicySpec, latticeEksTrafficProblems } from "./latticePolicies";
import { LatticeCell } from "./latticeRouteSpec";
import { cellEnvironment } from "../../compute";

/**
 * Public entry: an internet-facing Network Load Balancer (a `LoadBalancer` Service, in-tree cloud
 * provider) in front of **every** pod of the service. It does not apply the cell weights or pins:
 * the Lattice weights exist only inside the service network, and without the AWS Load Balancer
 * Controller there is no weighted ALB to put in front of the cells. Traffic spreads over the ready
 * pods of all cells (so by `desiredCount`, equal per cell).
 */
export interface LatticeEksNlbIngress {
    readonly kind: "nlb";
    /** The load balancer's listener port. @default 80 */
    readonly port?: number;
}
export type LatticeEksIngress = LatticeEksNlbIngress;
export const LatticeEksIngress = {
    publicNlb(opts: Omit<LatticeEksNlbIngress, "kind"> = {}): LatticeEksNlbIngress {
        return { kind: "nlb", ...opts };
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
    readonly cells: readonly LatticeCell[];
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
    /** What the route waits for: the Gateway and the controller's `ready`. */
    readonly routeReady: readonly pulumi.Resource[];
    /** What installs the controller's policy CRDs (its Helm release): the TargetGroupPolicies and the IAMAuthPolicy wait for it. */
    readonly policyCrds: readonly pulumi.Resource[];
    /** Who may call the service: its auth policy (an IAMAuthPolicy on the route), as on ECS; the network's applies too. */
    readonly access: LatticeAccess;
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
    /** The only Kubernetes object a weight change touches. */
    public readonly route: LatticeHttpRoute;
    /** The service's auth policy, attached by the controller (which sets the service's auth type to AWS_IAM). */
    public readonly authPolicy: k8s.apiextensions.CustomResource;
    /** `http://<load balancer hostname>` with ingress. */
    public readonly url: pulumi.Output<string> | undefined;

    constructor(name: string, args: LatticeEksServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:eks:LatticeService", name, {}, opts);
        const ingressPort = args.ingress?.port ?? 80;
        if (args.ingress && (!Number.isInteger(ingressPort) || ingressPort < 1 || ingressPort > 65535)) {
            throw new Error(`LatticeEksService ${name}: ingress.port must be an integer from 1 to 65535, got ${ingressPort}`);
        }
        const traffic = args.traffic ?? DEFAULT_TRAFFIC;
        const unsupported = latticeEksTrafficProblems(traffic);
        if (unsupported.length > 0) throw new Error(`LatticeEksService ${name}: ${unsupported.join("; ")}`);
        try {
            validateAccess(args.access);
        } catch (e) {
            throw new Error(`LatticeEksService ${name}: ${(e as Error).message}`);
        }
        const settings = { provider: args.provider, namespace: args.namespace };
        const backends = args.backends ?? [];

        for (const cell of args.cells) {
            cellDeployment(`${name}-${cell.name}`, settings, {
                service: args.service,
                cell: cell.name,
                port: args.port,
                image: args.image,
                desiredCount: args.desiredCount ?? 1,
                environment: cellEnvironment(args.service, cell.name, args.port, backends.map((b) => ({ host: b.name, port: b.port })), args.environment),
            }, { parent: this, dependsOn: [...args.namespaceReady] });
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

        if (args.ingress) {
            pulumi.log.warn(`${args.service}: its public Network Load Balancer sends to the pods of every cell by readiness, not by the cell weights (${args.cells.map((c) => `${c.name}=${c.weight}`).join(" ")} apply to calls through VPC Lattice only)`, this);
            const selector = { "app.kubernetes.io/name": args.service };
            const lb = new k8s.core.v1.Service(`${name}-ingress`, {
                metadata: {
                    name: `${args.service}-public`,
                    namespace: args.namespace,
                    labels: { ...selector, "cellmesh.io/role": "ingress" },
                    // The in-tree cloud provider's internet-facing NLB; only its listener is public.
                    annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
                },
                spec: {
                    type: "LoadBalancer",
                    selector,
                    ports: [{ name: "http", port: ingressPort, targetPort: args.port, protocol: "TCP" }],
                },
            }, { parent: this, provider: args.provider, dependsOn: [...args.namespaceReady] });
            const suffix = ingressPort === 80 ? "" : `:${ingressPort}`;
            this.url = lb.status.apply((s) => `http://${s?.loadBalancer?.ingress?.[0]?.hostname ?? "(pending)"}${suffix}`);
        } else {
            this.url = undefined;
        }

        this.customDomainName = pulumi.output(this.route.hostname);
        this.latticeServiceName = this.route.latticeServiceName;
        this.latticeDnsName = dns.domainName;
        this.serviceArn = lattice.arn;
        this.registerOutputs({ customDomainName: this.customDomainName, latticeDnsName: this.latticeDnsName, serviceArn: this.serviceArn, url: this.url });
    }
}
