// The `cellmesh:eks` settings of the EKS compute variant: cluster version, nodes, the Kubernetes
// namespace the services run in, and the mesh engine's controller: the App Mesh controller's chart
// (engine appmesh), or the AWS Gateway API Controller's chart and the Gateway API CRDs it needs, and
// the AWS Load Balancer Controller's chart for the weighted ALB entry (engine lattice). A key of the
// other engine is rejected, never ignored.

import { controllerVersionProblem } from "../engines/lattice/eks/controller";
import { LB_CONTROLLER_CHART_VERSION } from "../compute/eks/loadBalancerController";
import type { Engine } from "./types";
import { Problems } from "./problems";
import { asInteger, asStructured, isDnsLabel, isRecord } from "./validate";

/** Kubernetes versions cellmesh accepts for new clusters (EKS standard and extended support when written). */
export const EKS_VERSIONS: readonly string[] = ["1.31", "1.32", "1.33", "1.34", "1.35"];
/** The App Mesh controller chart line the reference architecture uses (reference fact 21). */
export const DEFAULT_CONTROLLER_CHART_VERSION = "1.13.1";
/** The AWS Gateway API Controller for VPC Lattice chart (OCI, its versions carry a `v`). */
export const DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION = "v2.1.3";
/** The Gateway API standard CRDs controller v2.1 is built against. */
export const DEFAULT_GATEWAY_API_VERSION = "v1.5.0";
/**
 * The AWS Load Balancer Controller's chart (eks-charts; since 3.0 the chart's version is the
 * controller's, without the `v`). Installed only where a service has `ingress: true`.
 */
export const DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.6.0";

/** The cluster and the app namespace: the same for both engines. */
export interface EksClusterSettings {
    /** Kubernetes version of the cluster (`1.33`). */
    readonly version: string;
    /** EC2 instance type of the worker nodes. */
    readonly instanceType: string;
    /** Worker nodes to run (the node group's desired and minimum size). */
    readonly nodeCount: number;
    /** Upper bound of the node group. */
    readonly maxNodes: number;
    /** Kubernetes namespace of the services (App Mesh: labelled for the mesh and for sidecar injection). */
    readonly appNamespace: string;
}

/** `cellmesh:eks` for engine appmesh. */
export interface EksSettings extends EksClusterSettings {
    /** Exact version of the `appmesh-controller` Helm chart (eks-charts). */
    readonly controllerChartVersion: string;
}

/** `cellmesh:eks` for engine lattice. */
export interface LatticeEksSettings extends EksClusterSettings {
    /** Exact version of the AWS Gateway API Controller's chart, with its `v` (`v2.1.3`). */
    readonly gatewayControllerChartVersion: string;
    /** Exact Gateway API release whose standard CRDs are installed (`v1.5.0`); must suit the chart. */
    readonly gatewayApiVersion: string;
    /** Exact `aws-load-balancer-controller` chart version of the 3.x line (`3.6.0`); used only with an `ingress: true` service. */
    readonly loadBalancerControllerChartVersion: string;
}

export type AnyEksSettings = EksSettings | LatticeEksSettings;

/** True for the Lattice engine's settings. */
export function isLatticeEks(eks: AnyEksSettings): eks is LatticeEksSettings {
    return "gatewayControllerChartVersion" in eks;
}

/** The App Mesh engine's settings; throws on the Lattice engine's (the loader never mixes them). */
export function appMeshEks(eks: AnyEksSettings): EksSettings {
    if (isLatticeEks(eks)) throw new Error("cellmesh:eks: the VPC Lattice engine's settings reached the App Mesh EKS program");
    return eks;
}

/** The Lattice engine's settings; throws on the App Mesh engine's. */
export function latticeEks(eks: AnyEksSettings): LatticeEksSettings {
    if (!isLatticeEks(eks)) throw new Error("cellmesh:eks: the App Mesh engine's settings reached the VPC Lattice EKS program");
    return eks;
}

const CLUSTER_FIELDS = ["version", "instanceType", "nodeCount", "maxNodes"];
/** Valid `cellmesh:eks` fields per engine, in the order the messages list them. */
export const EKS_FIELDS_BY_ENGINE: Readonly<Record<Engine, readonly string[]>> = {
    appmesh: [...CLUSTER_FIELDS, "controllerChartVersion", "appNamespace"],
    lattice: [...CLUSTER_FIELDS, "gatewayControllerChartVersion", "gatewayApiVersion", "loadBalancerControllerChartVersion", "appNamespace"],
};
/** The App Mesh engine's fields (kept for callers that predate the Lattice engine). */
export const EKS_FIELDS = EKS_FIELDS_BY_ENGINE.appmesh;

/** Fields of one engine set on a stack of the other, with what to do instead. */
const OTHER_ENGINE_FIELD: Readonly<Record<Engine, Readonly<Record<string, string>>>> = {
    appmesh: {
        gatewayControllerChartVersion: "only the VPC Lattice engine installs the AWS Gateway API Controller; remove it, or set cellmesh:engine: lattice",
        gatewayApiVersion: "only the VPC Lattice engine installs the Gateway API CRDs; remove it, or set cellmesh:engine: lattice",
        loadBalancerControllerChartVersion: "only the VPC Lattice engine installs the AWS Load Balancer Controller (for its weighted ALB entry; App Mesh EKS's entry is the virtual gateway's Network Load Balancer); remove it, or set cellmesh:engine: lattice",
    },
    lattice: {
        controllerChartVersion: `the App Mesh controller's chart version; the VPC Lattice engine installs the AWS Gateway API Controller instead (gatewayControllerChartVersion, default ${DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION}); remove controllerChartVersion for engine lattice`,
    },
};

export const EKS_DEFAULTS: EksSettings = {
    version: "1.33", instanceType: "t3.medium", nodeCount: 2, maxNodes: 2,
    controllerChartVersion: DEFAULT_CONTROLLER_CHART_VERSION, appNamespace: "cellmesh",
};
export const LATTICE_EKS_DEFAULTS: LatticeEksSettings = {
    version: "1.33", instanceType: "t3.medium", nodeCount: 2, maxNodes: 2,
    gatewayControllerChartVersion: DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION, gatewayApiVersion: DEFAULT_GATEWAY_API_VERSION,
    loadBalancerControllerChartVersion: DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION, appNamespace: "cellmesh",
};

/** Namespaces the app may not use: Kubernetes' own and the engine's controller's. */
const RESERVED_NAMESPACES: Readonly<Record<Engine, readonly string[]>> = {
    appmesh: ["default", "appmesh-system"],
    lattice: ["default", "aws-application-networking-system"],
};

/** Parses `cellmesh:eks` (all fields optional) for a stack whose compute is eks. */
export function parseEks(p: Problems, rawValue: unknown, engine: Engine = "appmesh"): AnyEksSettings {
    const key = "cellmesh:eks";
    const lattice = engine === "lattice";
    const defaults = lattice ? LATTICE_EKS_DEFAULTS : EKS_DEFAULTS;
    const raw = asStructured(rawValue ?? {});
    if (!isRecord(raw)) {
        p.add(key, raw, lattice
            ? `an object, e.g. { version: "1.33", instanceType: t3.medium, nodeCount: 2, gatewayControllerChartVersion: ${DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION} }`
            : "an object, e.g. { version: \"1.33\", instanceType: t3.medium, nodeCount: 2, controllerChartVersion: 1.13.1 }");
        return defaults;
    }
    const fields = EKS_FIELDS_BY_ENGINE[engine];
    for (const f of Object.keys(raw)) {
        const other = OTHER_ENGINE_FIELD[engine][f];
        if (other !== undefined) p.add(`${key}.${f}`, raw[f], other);
        else if (!fields.includes(f)) p.add(`${key}.${f}`, raw[f], `not an EKS setting; valid settings are ${fields.join(", ")}`);
    }
    // YAML reads 1.30 as the number 1.3: accept numbers but compare their text.
    const versionRaw = raw.version ?? defaults.version;
    const version = typeof versionRaw === "number" ? versionRaw.toFixed(2) : versionRaw;
    if (typeof version !== "string" || !EKS_VERSIONS.includes(version)) {
        p.add(`${key}.version`, versionRaw, `one of the Kubernetes versions cellmesh supports: ${EKS_VERSIONS.join(", ")} (quote it in YAML: "1.33")`);
    }
    const instanceType = raw.instanceType ?? defaults.instanceType;
    if (typeof instanceType !== "string" || !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
        p.add(`${key}.instanceType`, instanceType, "an EC2 instance type such as t3.medium or m7i.large");
    }
    const nodeCountRaw = raw.nodeCount ?? defaults.nodeCount;
    const nodeCount = asInteger(nodeCountRaw);
    if (nodeCount === undefined || nodeCount < 1 || nodeCount > 100) {
        p.add(`${key}.nodeCount`, nodeCountRaw, "an integer from 1 to 100 (worker nodes)");
    }
    const maxRaw = raw.maxNodes ?? nodeCount ?? defaults.maxNodes;
    const maxNodes = asInteger(maxRaw);
    if (maxNodes === undefined || maxNodes > 100 || (nodeCount !== undefined && maxNodes < nodeCount)) {
        p.add(`${key}.maxNodes`, maxRaw, `an integer from nodeCount (${nodeCount ?? "?"}) to 100`);
    }
    const reserved = RESERVED_NAMESPACES[engine];
    const appNamespace = raw.appNamespace ?? defaults.appNamespace;
    if (!isDnsLabel(appNamespace) || reserved.includes(appNamespace) || appNamespace.startsWith("kube-")) {
        p.add(`${key}.appNamespace`, appNamespace, `a Kubernetes namespace name (a DNS label) other than ${reserved.join(", ")} and kube-*`);
    }
    const cluster: EksClusterSettings = {
        version: typeof version === "string" ? version : defaults.version,
        instanceType: String(instanceType),
        nodeCount: nodeCount ?? defaults.nodeCount,
        maxNodes: maxNodes ?? defaults.maxNodes,
        appNamespace: String(appNamespace),
    };
    return lattice
        ? { ...cluster, ...parseGatewayController(p, raw), loadBalancerControllerChartVersion: parseLoadBalancerControllerChart(p, raw) }
        : { ...cluster, controllerChartVersion: parseAppMeshChart(p, raw) };
}

function parseAppMeshChart(p: Problems, raw: Record<string, unknown>): string {
    const chartRaw = raw.controllerChartVersion ?? DEFAULT_CONTROLLER_CHART_VERSION;
    if (typeof chartRaw !== "string" || !/^1\.\d{1,2}\.\d{1,2}$/.test(chartRaw)) {
        p.add("cellmesh:eks.controllerChartVersion", chartRaw, `an exact appmesh-controller chart version (no ranges), e.g. ${DEFAULT_CONTROLLER_CHART_VERSION}`);
    }
    return String(chartRaw);
}

/**
 * The AWS Load Balancer Controller's chart: exact, and of the 3.x line, whose values (feature gates as
 * a map) and TargetGroupBinding calls cellmesh's values and IAM statements were checked against.
 */
function parseLoadBalancerControllerChart(p: Problems, raw: Record<string, unknown>): string {
    const chartRaw = raw.loadBalancerControllerChartVersion ?? DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION;
    if (typeof chartRaw !== "string" || !LB_CONTROLLER_CHART_VERSION.test(chartRaw)) {
        p.add("cellmesh:eks.loadBalancerControllerChartVersion", chartRaw,
            `an exact aws-load-balancer-controller chart version of the 3.x line, without a "v" (no ranges), e.g. ${DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION}`);
    }
    return String(chartRaw);
}

/** The Gateway API Controller's chart and the CRD release: each exact, and a pair that works together. */
function parseGatewayController(p: Problems, raw: Record<string, unknown>): Pick<LatticeEksSettings, "gatewayControllerChartVersion" | "gatewayApiVersion"> {
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
