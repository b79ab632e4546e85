// Validation for `cellmesh:engine: lattice`: what a config asks for that VPC Lattice cannot honour.
// Pure: the config loader (config/load.ts) calls it, so a bad value stops the program before any
// resource is created, with the one message format (`<key> = <value>: <what is valid>`).

import { LATTICE_HEALTH_CHECK, LATTICE_MAX_RULES, LATTICE_WEIGHTS, latticeNameProblem, pinRuleNames } from "./limits";
import { LATTICE_LACKS, unsupportedTraffic } from "./traffic";
import { latticeServiceName } from "./eks/routeSpec";
import { LATTICE_EKS_LACKS } from "./eks/policies";
import { DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION, LB_CONTROLLER_CHART_VERSION } from "../../compute/eks/loadBalancerChart";
import type { CellmeshConfig, ServiceConfig } from "../../config/types";
import { ECS_CONSUMER_INGRESS, EKS_LAYOUT, EKS_NO_LOG_GROUPS } from "../appmesh/config";
import type { EngineConfig } from "../engine";
import { DEFAULT_GATEWAY_API_VERSION, DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION, controllerVersionProblem } from "./eks/versions";
import { Problems } from "../../config/problems";
import { isDnsLabel, isRecord } from "../../config/validate";

export { LATTICE_LACKS };

/**
 * Stack-wide settings that only the App Mesh engine uses, as configured (the loader does not parse
 * them for engine lattice, so they are reported whatever their value), and the network's name.
 */
export interface LatticeExtras {
    /** `cellmesh:envoyImage`. */
    readonly envoyImage?: unknown;
    /** `cellmesh:virtualGateway` (owner). */
    readonly virtualGateway?: unknown;
    /** `cellmesh:meshName` (owner): the service network's name. */
    readonly meshName?: unknown;
    /** Compute eks: the AWS Gateway API Controller turns every HTTPRoute rule, the weighted one too, into a listener rule. */
    readonly onEks?: boolean;
}

/**
 * Keys of the App Mesh engine that have no meaning on VPC Lattice, with the reason. The loader
 * rejects each one that is set, whatever its value: nothing is silently ignored.
 */
export const APPMESH_ONLY_KEYS: Readonly<Record<string, string>> = {
    "cellmesh:meshTls": "VPC Lattice has no mesh TLS between proxies: it runs no sidecar proxies, clients reach services through Lattice itself (HTTPS listeners with your own certificate are not built yet); remove meshTls for engine lattice",
    "cellmesh:egressFilter": "VPC Lattice has no mesh egress filter (App Mesh's DROP_ALL/ALLOW_ALL for Envoy); a task's security group decides where it may send; remove egressFilter for engine lattice",
    "cellmesh:createServiceLinkedRole": "creates App Mesh's service-linked role AWSServiceRoleForAppMesh, which the VPC Lattice engine does not use; remove createServiceLinkedRole for engine lattice",
};

/** Traffic settings of a service that Lattice lacks, reported as configured (the loader does not parse them for lattice). */
export const APPMESH_ONLY_TRAFFIC = Object.keys(LATTICE_LACKS) as (keyof typeof LATTICE_LACKS)[];

/** Adds a problem for every setting of the parsed config that the Lattice engine cannot honour. */
export function latticeProblems(p: Problems, services: readonly ServiceConfig[], extras: LatticeExtras = {}): void {
    if (extras.envoyImage !== undefined) {
        p.add("cellmesh:envoyImage", extras.envoyImage, "VPC Lattice runs no Envoy sidecar; remove envoyImage for engine lattice");
    }
    if (extras.virtualGateway !== undefined) {
        p.add("cellmesh:virtualGateway", extras.virtualGateway,
            "VPC Lattice has no virtual gateway; remove virtualGateway for engine lattice (a service's ingress ALB still works)");
    }
    // Names that are not DNS labels are reported by the loader already.
    const networkProblem = isDnsLabel(extras.meshName) ? latticeNameProblem("serviceNetwork", extras.meshName) : undefined;
    if (networkProblem) {
        p.add("cellmesh:meshName", extras.meshName, `not a valid VPC Lattice service network name (${networkProblem}); the service network is named after meshName, so rename it`);
    }
    for (const svc of services) serviceProblems(p, svc, extras.onEks ?? false);
}

function serviceProblems(p: Problems, svc: ServiceConfig, eks: boolean): void {
    const key = `cellmesh:services.${svc.name}`;
    const nameProblem = latticeNameProblem("service", svc.name);
    if (nameProblem) p.add(key, svc.name, `not a valid VPC Lattice service name (${nameProblem}); rename the service`);

    // The count and the weights are the loader's (LATTICE_WEIGHTS); here only the names they make.
    for (const cell of svc.cells) {
        const group = `${svc.name}-${cell.name}`;
        const groupProblem = latticeNameProblem("targetGroup", group);
        if (groupProblem) p.add(`${key}.cells.${cell.name}`, cell.name, `the cell's target group name "${group}" is not valid on VPC Lattice (${groupProblem}); rename the cell or the service`);
    }

    for (const u of unsupportedTraffic(svc.traffic)) {
        p.add(`${key}.${u.setting}`, settingValue(svc, u.setting), u.reason);
    }

    const pinning = svc.traffic.pinning;
    // On ECS each pin is a listener rule named after its cell (engines/lattice/cellService.ts).
    if (pinning && !eks) {
        for (const rule of pinRuleNames(svc.cells.map((c) => c.name), pinning.paths)) {
            const problem = latticeNameProblem("rule", rule.name);
            if (problem) p.add(`${key}.cells.${rule.cell}`, rule.cell, `the listener rule name "${rule.name}" made from it is not valid on VPC Lattice (${problem}); shorten the cell name`);
        }
    }
    if (pinning && eks) {
        // The controller makes rule i of the HTTPRoute listener rule i + 1, the weighted rule included.
        const rules = svc.cells.length + Object.keys(pinning.paths).length + 1;
        if (rules > LATTICE_MAX_RULES) {
            p.add(`${key}.cellPinning`, pinning.header, `pinning ${svc.cells.length} cells needs ${rules} HTTPRoute rules (one header rule per cell, the path pins and the weighted rule); the AWS Gateway API Controller makes each a VPC Lattice listener rule and a listener has at most ${LATTICE_MAX_RULES}: use fewer cells or path pins`);
        }
    } else if (pinning) {
        const rules = svc.cells.length + Object.keys(pinning.paths).length;
        if (rules > LATTICE_MAX_RULES) {
            p.add(`${key}.cellPinning`, pinning.header, `pinning ${svc.cells.length} cells needs ${rules} listener rules (one header rule per cell plus the path pins); a VPC Lattice listener has at most ${LATTICE_MAX_RULES}: use fewer cells or path pins`);
        }
    }
}

/** The configured value behind a traffic setting, for the message (`timeout.idleMs` -> its milliseconds). */
function settingValue(svc: ServiceConfig, setting: string): unknown {
    const t = svc.traffic;
    switch (setting) {
        case "protocol": return t.protocol;
        case "retry": return t.retry && { maxRetries: t.retry.maxRetries, perRetryTimeoutMs: t.retry.perRetryTimeoutMillis, events: t.retry.events };
        case "timeout.perRequestMs": return t.timeout?.perRequestMillis;
        case "timeout.idleMs": return t.timeout?.idleMillis;
        case "outlierDetection": {
            const o = t.outlierDetection;
            return o && { maxServerErrors: o.maxServerErrors, intervalMs: o.intervalMillis, baseEjectionDurationMs: o.baseEjectionDurationMillis, maxEjectionPercent: o.maxEjectionPercent };
        }
        case "connectionPool": return t.connectionPool;
        case "healthCheck.intervalMs": return t.healthCheck.intervalMillis;
        case "healthCheck.timeoutMs": return t.healthCheck.timeoutMillis;
        default: return undefined;
    }
}

/**
 * What the EKS part of the Lattice engine cannot honour: gRPC (a GRPCRoute needs an HTTPS Gateway
 * listener with a certificate for the service's name, not built) and the idle timeout (the AWS
 * Gateway API Controller has no setting for it). http2 and health checks are rendered as
 * TargetGroupPolicies. Reported as configured (`rawServices` is `cellmesh:services` as written).
 * Also: two services whose Lattice names (cut by the controller) would collide.
 */
export function latticeEksProblems(p: Problems, rawServices: unknown, services: readonly ServiceConfig[], appNamespace: string): void {
    const raw = isRecord(rawServices) ? rawServices : {};
    for (const svc of services) {
        const key = `cellmesh:services.${svc.name}`;
        const written = isRecord(raw[svc.name]) ? raw[svc.name] as Record<string, unknown> : {};
        if (svc.traffic.protocol === "grpc") p.add(`${key}.protocol`, svc.traffic.protocol, LATTICE_EKS_LACKS.grpc);
        const timeout = written.timeout;
        if (isRecord(timeout) && timeout.idleMs !== undefined) p.add(`${key}.timeout.idleMs`, timeout.idleMs, LATTICE_EKS_LACKS.idleTimeout);
    }
    const byLatticeName = new Map<string, string>();
    for (const svc of services) {
        const name = latticeServiceName(svc.name, appNamespace);
        const first = byLatticeName.get(name);
        if (first !== undefined) {
            p.add(`cellmesh:services.${svc.name}`, svc.name, `the AWS Gateway API Controller names its Lattice service "${name}" (route name cut to 20 characters, namespace to 18), as it names service ${first}'s; make the first 20 characters of the two names differ`);
        } else {
            byLatticeName.set(name, svc.name);
        }
    }
}

/** What the VPC Lattice engine reads from a stack's config, declared once (config/load.ts applies it). */
export const latticeConfig: EngineConfig = {
    summary: "Amazon VPC Lattice",
    weights: LATTICE_WEIGHTS,
    refusedKeys: APPMESH_ONLY_KEYS,
    // Reported by `problems` below, whatever their value.
    unparsedKeys: [...Object.keys(APPMESH_ONLY_KEYS), "cellmesh:envoyImage", "cellmesh:virtualGateway"],
    onCompute: {
        ecs: {
            vpcLayout: {
                offered: ["VpcPerAccount", "SharedSubnets"],
                help: "VpcPerAccount, the default: each account's tasks and target groups in a VPC of its own, associated with the service network; SharedSubnets: in the owner's subnets shared with RAM, unverified on AWS",
            },
            albEntry: true,
            consumerIngressRefused: ECS_CONSUMER_INGRESS,
            refusedKeys: {},
            // The service network joins the VPCs, never peering: their CIDRs may overlap.
            peersVpcs: false,
        },
        eks: {
            vpcLayout: EKS_LAYOUT,
            // The AWS Load Balancer Controller fills the ALB's target groups (TargetGroupBindings).
            albEntry: true,
            consumerIngressRefused: "only the owner stack can have ingress (on EKS with VPC Lattice the weighted public ALB and the AWS Load Balancer Controller that fills it are built in the owner's VPC and cluster only)",
            refusedKeys: { "cellmesh:logKmsKeyArn": EKS_NO_LOG_GROUPS },
            peersVpcs: false,
        },
    },
    // No peering on Lattice: VPCs of a service network may overlap (traffic goes through Lattice).
    consumerVpcCidrHelp: "an EKS consumer runs in a VPC of its own, associated with the service network: set a CIDR from /16 to /24, e.g. 10.195.0.0/16 (on VPC Lattice it may overlap other stacks' VPCs)",
    eks: {
        fields: ["gatewayControllerChartVersion", "gatewayApiVersion", "loadBalancerControllerChartVersion"],
        refusedFields: {
            controllerChartVersion: `the App Mesh controller's chart version; the VPC Lattice engine installs the AWS Gateway API Controller instead (gatewayControllerChartVersion, default ${DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION}); remove controllerChartVersion for engine lattice`,
        },
        reservedNamespaces: ["default", "aws-application-networking-system"],
        example: `{ version: "1.33", instanceType: t3.medium, nodeCount: 2, gatewayControllerChartVersion: ${DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION} }`,
        defaults: {
            gatewayControllerChartVersion: DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION,
            gatewayApiVersion: DEFAULT_GATEWAY_API_VERSION,
            loadBalancerControllerChartVersion: DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION,
        },
        parse: (p, raw) => ({ ...parseGatewayController(p, raw), loadBalancerControllerChartVersion: parseLoadBalancerControllerChart(p, raw) }),
    },
    traffic: {
        lacks: LATTICE_LACKS,
        // Target group health checks, in milliseconds (whole seconds are checked by latticeProblems).
        healthCheck: {
            intervalMs: [LATTICE_HEALTH_CHECK.intervalSeconds[0] * 1000, LATTICE_HEALTH_CHECK.intervalSeconds[1] * 1000],
            timeoutMs: [LATTICE_HEALTH_CHECK.timeoutSeconds[0] * 1000, LATTICE_HEALTH_CHECK.timeoutSeconds[1] * 1000],
            healthyThreshold: LATTICE_HEALTH_CHECK.threshold,
            unhealthyThreshold: LATTICE_HEALTH_CHECK.threshold,
        },
        // Lattice's own rule limit is checked by latticeProblems: its weighted default action is not a rule.
    },
    problems(p: Problems, c: CellmeshConfig, raw: (key: string) => unknown) {
        latticeProblems(p, c.services, {
            envoyImage: raw("cellmesh:envoyImage"),
            ...(c.role === "owner" ? { virtualGateway: raw("cellmesh:virtualGateway"), meshName: raw("cellmesh:meshName") } : {}),
            ...(c.compute === "eks" ? { onEks: true } : {}),
        });
        if (c.compute === "eks" && c.eks) latticeEksProblems(p, raw("cellmesh:services"), c.services, c.eks.appNamespace);
    },
};

/**
 * The AWS Load Balancer Controller's chart: exact, and of the 3.x line, whose values (feature gates as
 * a map) and TargetGroupBinding calls cellmesh's values and IAM statements were checked against.
 */
function parseLoadBalancerControllerChart(p: Problems, raw: Readonly<Record<string, unknown>>): string {
    const chartRaw = raw.loadBalancerControllerChartVersion ?? DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION;
    if (typeof chartRaw !== "string" || !LB_CONTROLLER_CHART_VERSION.test(chartRaw)) {
        p.add("cellmesh:eks.loadBalancerControllerChartVersion", chartRaw,
            `an exact aws-load-balancer-controller chart version of the 3.x line, without a "v" (no ranges), e.g. ${DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION}`);
    }
    return String(chartRaw);
}

/** The Gateway API Controller's chart and the CRD release: each exact, and a pair that works together. */
function parseGatewayController(p: Problems, raw: Readonly<Record<string, unknown>>): { gatewayControllerChartVersion: string; gatewayApiVersion: string } {
    const chartRaw = raw.gatewayControllerChartVersion ?? DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION;
    const apiRaw = raw.gatewayApiVersion ?? DEFAULT_GATEWAY_API_VERSION;
    const chartOk = typeof chartRaw === "string" && /^v\d{1,2}\.\d{1,2}\.\d{1,2}$/.test(chartRaw);
    const apiOk = typeof apiRaw === "string" && /^v1\.\d{1,2}\.\d{1,2}$/.test(apiRaw);
    if (!chartOk) {
        p.add("cellmesh:eks.gatewayControllerChartVersion", chartRaw,
            `an exact AWS Gateway API Controller chart version with its "v" (no ranges), e.g. ${DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION}`);
    }
    if (!apiOk) {
        p.add("cellmesh:eks.gatewayApiVersion", apiRaw, `an exact Gateway API v1 release with its "v" (no ranges), e.g. ${DEFAULT_GATEWAY_API_VERSION}`);
    }
    if (chartOk && apiOk) {
        const pair = controllerVersionProblem(chartRaw, apiRaw);
        if (pair) p.add("cellmesh:eks.gatewayApiVersion", apiRaw, pair);
    }
    return { gatewayControllerChartVersion: String(chartRaw), gatewayApiVersion: String(apiRaw) };
}
