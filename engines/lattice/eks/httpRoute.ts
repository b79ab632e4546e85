// One service's traffic on EKS with VPC Lattice: the Lattice engine's counterpart of the App Mesh
// VirtualRouter, VirtualService and per-cell VirtualNode custom resources. Per cell a ClusterIP
// Service selecting the cell's pods (the controller makes it a target group of pod IPs) and a
// TargetGroupPolicy giving that target group its protocol version and health check; per service one
// HTTPRoute (the controller makes it a Lattice service whose custom domain name is the route's
// hostname). Only the HTTPRoute depends on the weights, so a weight change touches nothing else.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellPinningPolicy, DEFAULT_TRAFFIC, TrafficPolicy } from "../../../shared/trafficPolicy";
import { cellLabels } from "../../../compute/eks/labels";
import { GATEWAY_API_VERSION } from "./controller";
import { LATTICE_GATEWAY_LISTENER, LATTICE_STANDALONE } from "./gateway";
import { LATTICE_POLICY_API_VERSION, targetGroupPolicySpec } from "./policies";
import { unsupportedTraffic } from "../traffic";
import { CellWeight } from "../../../shared/cellWeight";
import { cellServiceName, httpRouteRules, latticeRouteProblem, latticeServiceName } from "./routeSpec";
import { renamedFrom } from "../../../shared/renamed";

/** The annotation the controller writes on a route once its Lattice service exists (the service's DNS name). */
export const LATTICE_ASSIGNED_DOMAIN_NAME = "application-networking.k8s.aws/lattice-assigned-domain-name";
/** How long `pulumi up` waits for the controller to create the Lattice service of a route. */
export const ROUTE_READY_TIMEOUT_SECONDS = 600;

/**
 * Pulumi's await annotations for a route: the route counts as created only once the controller has
 * created its Lattice service and written LATTICE_ASSIGNED_DOMAIN_NAME on it, so what reads the
 * service back (the alias record) never runs before it exists. Dots in the key are escaped for JSONPath.
 */
export function routeAwaitAnnotations(): Record<string, string> {
    return {
        "pulumi.com/waitFor": `jsonpath={.metadata.annotations.${LATTICE_ASSIGNED_DOMAIN_NAME.replace(/\./g, "\\.")}}`,
        "pulumi.com/timeoutSeconds": String(ROUTE_READY_TIMEOUT_SECONDS),
    };
}

export interface LatticeHttpRouteArgs {
    readonly provider: k8s.Provider;
    /** The service (the HTTPRoute's name; the cells' pods carry its `cellLabels`). */
    readonly service: string;
    /** Kubernetes namespace of the pods, the cell Services and the route (the Gateway's namespace). */
    readonly namespace: string;
    /** DNS namespace of the service (`internal-domain1.com`): clients dial `<service>.<dnsNamespace>`. */
    readonly dnsNamespace: string;
    /** The port the app listens on (Service port and target port). */
    readonly port: number;
    /** 1 to 10 cells, weights integers 0..999 with a positive total. */
    readonly cells: readonly CellWeight[];
    /** Header pins (and optional path pins) that reach one cell whatever the weights. @default `traffic.pinning`, else none */
    readonly pinning?: CellPinningPolicy;
    /** The service network's Gateway (a LatticeGateway fits). */
    readonly gateway: {
        readonly name: pulumi.Input<string>;
        readonly namespace: string;
        /** The listener the route attaches to. @default "http" (LATTICE_GATEWAY_LISTENER) */
        readonly listenerName?: string;
    };
    /** What the route waits for: the Gateway and the controller's `ready`. */
    readonly ready: readonly pulumi.Resource[];
    /** What the cell Services wait for (the Kubernetes namespace they live in). @default none */
    readonly namespaceReady?: readonly pulumi.Resource[];
    /**
     * What installs the controller's TargetGroupPolicy CRD (the controller's Helm release: the chart's
     * crds/); the policies wait for it and for `namespaceReady`.
     */
    readonly policyCrds: readonly pulumi.Resource[];
    /** Protocol (http or http2) and health check of the cells' target groups. @default plain HTTP (DEFAULT_TRAFFIC) */
    readonly traffic?: TrafficPolicy;
}

export class LatticeHttpRoute extends pulumi.ComponentResource {
    /** `<service>.<dnsNamespace>`: the Lattice service's custom domain name. */
    public readonly hostname: string;
    /** The Lattice service the controller creates for the route (its name, for look-ups). */
    public readonly latticeServiceName: string;
    /** Kubernetes Service name per cell. */
    public readonly cellServices: Readonly<Record<string, string>>;
    public readonly route: k8s.apiextensions.CustomResource;
    /** TargetGroupPolicy per cell. */
    public readonly targetGroupPolicies: Readonly<Record<string, k8s.apiextensions.CustomResource>>;

    constructor(name: string, args: LatticeHttpRouteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:HttpRoute", name, {}, renamedFrom("cellmesh:eks:LatticeHttpRoute", opts));
        if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) {
            throw new Error(`LatticeHttpRoute ${name}: port must be an integer from 1 to 65535, got ${args.port}`);
        }
        const traffic = args.traffic ?? DEFAULT_TRAFFIC;
        const pinning = args.pinning ?? traffic.pinning;
        const problem = latticeRouteProblem(args.service, args.cells, pinning);
        if (problem) throw new Error(`LatticeHttpRoute ${name}: ${problem}`);
        if (traffic.protocol !== "http" && traffic.protocol !== "http2") {
            throw new Error(`LatticeHttpRoute ${name}: protocol ${traffic.protocol}; an HTTPRoute's target groups speak http or http2`);
        }
        const seconds = unsupportedTraffic(traffic).find((u) => u.setting.startsWith("healthCheck."));
        if (seconds) throw new Error(`LatticeHttpRoute ${name}: traffic.${seconds.setting}: ${seconds.reason}`);
        if (args.gateway.namespace !== args.namespace) {
            throw new Error(`LatticeHttpRoute ${name}: the Gateway in namespace "${args.gateway.namespace}" admits routes from its own namespace only; put the route in "${args.gateway.namespace}" or the Gateway in "${args.namespace}"`);
        }
        const inCluster = { parent: this, provider: args.provider };

        const services = args.cells.map((cell) => {
            const labels = cellLabels(args.service, cell.name);
            return new k8s.core.v1.Service(`${name}-${cell.name}`, {
                metadata: { name: cellServiceName(args.service, cell.name), namespace: args.namespace, labels },
                spec: {
                    type: "ClusterIP",
                    selector: labels,
                    ports: [{ name: "http", port: args.port, targetPort: args.port, protocol: "TCP" }],
                },
            }, { ...inCluster, ...(args.namespaceReady ? { dependsOn: [...args.namespaceReady] } : {}) });
        });

        // Before the route, so the controller creates each target group with its policy (attaching a
        // policy to a Service a route already uses replaces the target group; health checks excepted).
        const policies = args.cells.map((cell) => new k8s.apiextensions.CustomResource(`${name}-${cell.name}-tgp`, {
            apiVersion: LATTICE_POLICY_API_VERSION,
            kind: "TargetGroupPolicy",
            metadata: { name: cellServiceName(args.service, cell.name), namespace: args.namespace },
            spec: targetGroupPolicySpec(cellServiceName(args.service, cell.name), traffic),
        }, { ...inCluster, dependsOn: [...(args.namespaceReady ?? []), ...args.policyCrds] }));

        this.hostname = `${args.service}.${args.dnsNamespace}`;
        this.route = new k8s.apiextensions.CustomResource(`${name}-route`, {
            apiVersion: GATEWAY_API_VERSION,
            kind: "HTTPRoute",
            // Standalone: the controller associates the service with no network; Pulumi does, by ARN
            // (LatticeEksService), and the controller leaves that association alone (gateway.ts).
            metadata: { name: args.service, namespace: args.namespace, annotations: { ...routeAwaitAnnotations(), [LATTICE_STANDALONE]: "true" } },
            spec: {
                parentRefs: [{ name: args.gateway.name, sectionName: args.gateway.listenerName ?? LATTICE_GATEWAY_LISTENER }],
                hostnames: [this.hostname],
                rules: httpRouteRules(args.service, args.port, args.cells, pinning),
            },
        }, { ...inCluster, dependsOn: [...args.ready, ...services, ...policies] });

        this.latticeServiceName = latticeServiceName(args.service, args.namespace);
        this.cellServices = Object.fromEntries(args.cells.map((c) => [c.name, cellServiceName(args.service, c.name)]));
        this.targetGroupPolicies = Object.fromEntries(args.cells.map((c, i) => [c.name, policies[i]]));
        this.registerOutputs({ hostname: this.hostname, latticeServiceName: this.latticeServiceName });
    }
}
