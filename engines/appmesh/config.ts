// What the App Mesh engine reads from a stack's config, declared once (config/load.ts applies it):
// its weight rules, the ports Envoy and the X-Ray daemon take, its fixed VPC layouts, its EKS
// controller's chart, its traffic limits. Pure: no Pulumi imports.

import type { Problems } from "../../config/problems";
import type { BackendConfig, CellmeshConfig, ServiceConfig, VirtualGatewayConfig } from "../../config/types";
import { asBoolean, asInteger, asStructured, isRecord, parseBackendRef } from "../../config/validate";
import type { EngineConfig } from "../engine";
import { REGIONS_NEEDING_ENVOY_IMAGE } from "./ecs/envoyImage";
import { APPMESH_WEIGHTS } from "./limits";

/** The App Mesh controller chart line the reference architecture uses (reference fact 21). */
export const DEFAULT_CONTROLLER_CHART_VERSION = "1.13.1";
/** Ports that Envoy (admin 9901, proxy 15000/15001) and the X-Ray daemon (2000) already use in every task. */
export const RESERVED_PORTS: readonly number[] = [2000, 9901, 15000, 15001];
/** App Mesh evaluates at most 10 routes per virtual router by default (a service quota). */
export const MAX_ROUTES_PER_ROUTER = 10;

/** Why an ECS consumer cannot have `ingress: true`, whatever the engine. */
export const ECS_CONSUMER_INGRESS = "only the owner stack can have an internet-facing ALB (the public subnets are not shared)";
/** Why an EKS stack refuses a log group KMS key, whatever the engine. */
export const EKS_NO_LOG_GROUPS = "applies to the CloudWatch log groups of ECS tasks; on EKS cellmesh creates no log groups";

/** `cellmesh:vpcLayout` on EKS: every engine runs each account's cluster in a VPC of its own. */
export const EKS_LAYOUT = {
    fixed: "VpcPerAccount",
    refused: "applies to VPC Lattice on ECS only; on EKS every account runs its cluster in a VPC of its own; remove it from this EKS stack",
} as const;

export const appMeshConfig: EngineConfig = {
    summary: "AWS App Mesh, end of support 2026-09-30",
    weights: APPMESH_WEIGHTS,
    refusedKeys: {},
    unparsedKeys: [],
    reservedPorts: { ports: RESERVED_PORTS, why: "are used by Envoy and the X-Ray daemon in every task" },
    onCompute: {
        ecs: {
            vpcLayout: {
                fixed: "SharedSubnets",
                refused: "applies to VPC Lattice on ECS only; with App Mesh on ECS consumers always run in the owner's shared subnets (the reference architecture); remove it, or set cellmesh:engine: lattice",
            },
            albEntry: true,
            consumerIngressRefused: ECS_CONSUMER_INGRESS,
            refusedKeys: {},
            peersVpcs: false,
        },
        eks: {
            vpcLayout: EKS_LAYOUT,
            // Ingress is a virtual gateway in front of the router, behind a Network Load Balancer.
            albEntry: false,
            consumerIngressRefused: "only the owner stack can have ingress (on EKS it is a virtual gateway, and virtual gateways live in the mesh owner's account)",
            refusedKeys: {
                "cellmesh:logKmsKeyArn": EKS_NO_LOG_GROUPS,
                "cellmesh:albCertificateArn": "applies to the public ALBs of ECS and of VPC Lattice on EKS; App Mesh on EKS has none (its entry is a virtual gateway behind a Network Load Balancer)",
                "cellmesh:albAccessLogs": "applies to the public ALBs of ECS and of VPC Lattice on EKS; App Mesh on EKS has none (its entry is a virtual gateway behind a Network Load Balancer)",
            },
            // Each account's VPC is peered with the owner's.
            peersVpcs: true,
        },
    },
    consumerVpcCidrHelp: "an EKS consumer runs in a VPC of its own, peered with the owner's: set a CIDR from /16 to /24 that overlaps no other stack's, e.g. 10.193.0.0/16",
    eks: {
        fields: ["controllerChartVersion"],
        refusedFields: {
            gatewayControllerChartVersion: "only the VPC Lattice engine installs the AWS Gateway API Controller; remove it, or set cellmesh:engine: lattice",
            gatewayApiVersion: "only the VPC Lattice engine installs the Gateway API CRDs; remove it, or set cellmesh:engine: lattice",
            loadBalancerControllerChartVersion: "only the VPC Lattice engine installs the AWS Load Balancer Controller (for its weighted ALB entry; App Mesh EKS's entry is the virtual gateway's Network Load Balancer); remove it, or set cellmesh:engine: lattice",
        },
        reservedNamespaces: ["default", "appmesh-system"],
        example: "{ version: \"1.33\", instanceType: t3.medium, nodeCount: 2, controllerChartVersion: 1.13.1 }",
        defaults: { controllerChartVersion: DEFAULT_CONTROLLER_CHART_VERSION },
        parse(p, raw) {
            const chartRaw = raw.controllerChartVersion ?? DEFAULT_CONTROLLER_CHART_VERSION;
            if (typeof chartRaw !== "string" || !/^1\.\d{1,2}\.\d{1,2}$/.test(chartRaw)) {
                p.add("cellmesh:eks.controllerChartVersion", chartRaw, `an exact appmesh-controller chart version (no ranges), e.g. ${DEFAULT_CONTROLLER_CHART_VERSION}`);
            }
            return { controllerChartVersion: String(chartRaw) };
        },
    },
    traffic: {
        lacks: {},
        healthCheck: { intervalMs: [5000, 300000], timeoutMs: [2000, 60000], healthyThreshold: [2, 10], unhealthyThreshold: [2, 10] },
        // App Mesh's gRPC route match has service name, method and metadata, but no path prefix.
        grpcPathPinsRefused: "App Mesh gRPC routes cannot match a path prefix; pin grpc cells with the header only (remove paths)",
        maxRoutes: {
            max: MAX_ROUTES_PER_ROUTER,
            message: (cells, routes) => `pinning ${cells} cells needs ${routes} routes on the router; App Mesh allows ${MAX_ROUTES_PER_ROUTER} per router by default (a service quota): use fewer cells or path pins`,
        },
    },
    ownerSettings(p, get, base, services) {
        const virtualGateway = parseVirtualGateway(p, get("cellmesh:virtualGateway"), base.namespace, services);
        if (virtualGateway && base.compute === "eks") {
            p.add("cellmesh:virtualGateway", get("cellmesh:virtualGateway"), "the shared /<service> gateway is built for ECS only; on EKS each service with ingress: true gets a virtual gateway of its own, so remove this key");
        }
        return virtualGateway ? { virtualGateway } : {};
    },
    problems(p: Problems, c: CellmeshConfig) {
        if (c.envoyImage === undefined && REGIONS_NEEDING_ENVOY_IMAGE.includes(c.region)) {
            p.add("cellmesh:envoyImage", undefined, `region ${c.region} serves the App Mesh Envoy image from a registry of its own; set the image from the App Mesh user guide's "Envoy image" page`);
        }
    },
};

/** `cellmesh:virtualGateway` (owner, ECS): the shared `/<service>` virtual gateway. */
function parseVirtualGateway(p: Problems, raw: unknown, namespace: string, services: readonly ServiceConfig[]): VirtualGatewayConfig | undefined {
    const key = "cellmesh:virtualGateway";
    if (raw === undefined) return undefined;
    if (!isRecord(raw)) {
        p.add(key, raw, "an object { enabled: true, port?: 8080, remoteServices?: [servicex.internal-domain2.com] }");
        return undefined;
    }
    for (const field of Object.keys(raw)) {
        if (!["enabled", "port", "remoteServices"].includes(field)) p.add(`${key}.${field}`, raw[field], "not a gateway setting; valid settings are enabled, port, remoteServices");
    }
    const enabled = asBoolean(raw.enabled ?? false);
    if (enabled === undefined) p.add(`${key}.enabled`, raw.enabled, "true or false");
    const portRaw = raw.port ?? 8080;
    const port = asInteger(portRaw);
    if (port === undefined || port < 1 || port > 65535 || RESERVED_PORTS.includes(port)) {
        p.add(`${key}.port`, portRaw, `an integer port from 1 to 65535 other than ${RESERVED_PORTS.join(", ")}`);
    }
    const remoteServices: BackendConfig[] = [];
    const remoteRaw = asStructured(raw.remoteServices ?? []);
    if (!Array.isArray(remoteRaw)) {
        p.add(`${key}.remoteServices`, remoteRaw, "a list of fully qualified virtual service names of other accounts, e.g. [servicex.internal-domain2.com]");
    } else {
        remoteRaw.forEach((entry, i) => {
            const ref = parseBackendRef(entry, namespace, port ?? 8080);
            if (!ref || ref.kind !== "remote") {
                p.add(`${key}.remoteServices[${i}]`, entry, "a fully qualified virtual service name in another account's namespace, e.g. servicex.internal-domain2.com");
            } else if (services.some((s) => s.name === ref.service)) {
                p.add(`${key}.remoteServices[${i}]`, entry, `the gateway route /${ref.service} already goes to this stack's service ${ref.service}; rename one of them`);
            } else {
                remoteServices.push(ref);
            }
        });
    }
    return enabled ? { port: port ?? 8080, remoteServices } : undefined;
}
