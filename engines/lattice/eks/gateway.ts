// The Kubernetes Gateway of one VPC Lattice service network: standalone, named after the network (never its
// `sn-` id). Why, from the controller's source: README.md in this folder, "What the controller does".

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_API_VERSION, LATTICE_GATEWAY_CLASS } from "./controller";
import { renamedFrom } from "../../../shared/renamed";

/**
 * The controller's standalone annotation (pkg/k8s/utils.go StandaloneAnnotation, v2.1.3; since
 * v1.1.5): a route under it gets a Lattice service with listeners and rules, and no service network
 * association. The route's own annotation wins over its Gateway's (GetStandaloneModeForRouteWithValidation).
 */
export const LATTICE_STANDALONE = "application-networking.k8s.aws/standalone";

/** The listener HTTPRoutes attach to (`parentRefs[].sectionName`) when the Gateway has one port. */
export const LATTICE_GATEWAY_LISTENER = "http";

/** The listener of one port when the Gateway has several (`ports`): `http-<port>`. */
export function gatewayListenerName(port: number): string {
    return `http-${port}`;
}

export interface LatticeGatewayArgs {
    readonly provider: k8s.Provider;
    /** The service network's name (the Gateway's name), never its `sn-` id (README.md in this folder). */
    readonly serviceNetwork: pulumi.Input<string>;
    /** Kubernetes namespace of the Gateway; HTTPRoutes attach from this namespace only. */
    readonly namespace: string;
    /** The cluster VPC's association with the service network: the Gateway waits for it. */
    readonly vpcAssociation: pulumi.Resource;
    /** What the Gateway also waits for: the controller's `ready`, and the namespace. */
    readonly ready: readonly pulumi.Resource[];
    /** The HTTP listener's port. @default 80 */
    readonly port?: number;
    /**
     * One HTTP listener per port instead, each named `http-<port>` (`gatewayListenerName`). The
     * controller gives a route's Lattice service a listener on the port of each Gateway listener the
     * route attaches to, so clients keep dialling the service's own port. Exclusive with `port`.
     * @default one listener `http` on `port`
     */
    readonly ports?: readonly number[];
}

const K8S_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export class LatticeGateway extends pulumi.ComponentResource {
    /** The Gateway's name (the service network's name), for `parentRefs`. */
    public readonly name: pulumi.Output<string>;
    public readonly namespace: string;
    /** The listener name, when the Gateway has one port (`port`); with `ports`, the first port's. */
    public readonly listenerName: string;
    /** Listener name by port. */
    public readonly listeners: Readonly<Record<number, string>>;
    public readonly gateway: k8s.apiextensions.CustomResource;

    constructor(name: string, args: LatticeGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:Gateway", name, {}, renamedFrom("cellmesh:eks:LatticeGateway", opts));
        if (args.port !== undefined && args.ports !== undefined) {
            throw new Error(`LatticeGateway ${name}: give port or ports, not both`);
        }
        if (args.ports !== undefined && args.ports.length === 0) {
            throw new Error(`LatticeGateway ${name}: ports is empty; list the services' ports`);
        }
        const ports = args.ports ?? [args.port ?? 80];
        for (const port of ports) {
            if (!Number.isInteger(port) || port < 1 || port > 65535) {
                throw new Error(`LatticeGateway ${name}: port must be an integer from 1 to 65535, got ${port}`);
            }
        }
        const twice = ports.find((port, i) => ports.indexOf(port) !== i);
        if (twice !== undefined) throw new Error(`LatticeGateway ${name}: port ${twice} is listed twice`);
        const listeners: Record<number, string> = Object.fromEntries(ports.map((port) => [port, args.ports ? gatewayListenerName(port) : LATTICE_GATEWAY_LISTENER]));
        if (typeof args.serviceNetwork === "string" && !K8S_NAME.test(args.serviceNetwork)) {
            throw new Error(`LatticeGateway ${name}: serviceNetwork "${args.serviceNetwork}" cannot name a Gateway (lowercase letters, digits and inner hyphens, at most 63 characters)`);
        }
        if (typeof args.serviceNetwork === "string" && args.serviceNetwork.startsWith("sn-")) {
            throw new Error(`LatticeGateway ${name}: serviceNetwork "${args.serviceNetwork}" is a service network id; name the Gateway after the network's name (the controller compares associations by name)`);
        }

        this.gateway = new k8s.apiextensions.CustomResource(`${name}-gateway`, {
            apiVersion: GATEWAY_API_VERSION,
            kind: "Gateway",
            metadata: { name: args.serviceNetwork, namespace: args.namespace, annotations: { [LATTICE_STANDALONE]: "true" } },
            spec: {
                gatewayClassName: LATTICE_GATEWAY_CLASS,
                listeners: ports.map((port) => ({
                    name: listeners[port],
                    protocol: "HTTP",
                    port,
                    allowedRoutes: { namespaces: { from: "Same" } },
                })),
            },
        }, { parent: this, provider: args.provider, dependsOn: [args.vpcAssociation, ...args.ready] });

        this.name = pulumi.output(args.serviceNetwork);
        this.namespace = args.namespace;
        this.listenerName = listeners[ports[0]];
        this.listeners = listeners;
        this.registerOutputs({ name: this.name });
    }
}
