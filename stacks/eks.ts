// The `cellmesh:eks` settings of the EKS compute variant: cluster version, nodes, the App Mesh
// controller's chart version and the Kubernetes namespace the services run in.

import { Problems } from "./problems";
import { asInteger, asStructured, isDnsLabel, isRecord } from "./validate";

/** Kubernetes versions cellmesh accepts for new clusters (EKS standard and extended support when written). */
export const EKS_VERSIONS: readonly string[] = ["1.31", "1.32", "1.33", "1.34", "1.35"];
/** The App Mesh controller chart line the reference architecture uses (reference fact 21). */
export const DEFAULT_CONTROLLER_CHART_VERSION = "1.13.1";

export interface EksSettings {
    /** Kubernetes version of the cluster (`1.33`). */
    readonly version: string;
    /** EC2 instance type of the worker nodes. */
    readonly instanceType: string;
    /** Worker nodes to run (the node group's desired and minimum size). */
    readonly nodeCount: number;
    /** Upper bound of the node group. */
    readonly maxNodes: number;
    /** Exact version of the `appmesh-controller` Helm chart (eks-charts). */
    readonly controllerChartVersion: string;
    /** Kubernetes namespace of the services, labelled for the mesh and for sidecar injection. */
    readonly appNamespace: string;
}

export const EKS_FIELDS = ["version", "instanceType", "nodeCount", "maxNodes", "controllerChartVersion", "appNamespace"];
export const EKS_DEFAULTS: EksSettings = {
    version: "1.33", instanceType: "t3.medium", nodeCount: 2, maxNodes: 2,
    controllerChartVersion: DEFAULT_CONTROLLER_CHART_VERSION, appNamespace: "cellmesh",
};

/** Parses `cellmesh:eks` (all fields optional) for a stack whose compute is eks. */
export function parseEks(p: Problems, rawValue: unknown): EksSettings {
    const key = "cellmesh:eks";
    const raw = asStructured(rawValue ?? {});
    if (!isRecord(raw)) {
        p.add(key, raw, "an object, e.g. { version: \"1.33\", instanceType: t3.medium, nodeCount: 2, controllerChartVersion: 1.13.1 }");
        return EKS_DEFAULTS;
    }
    for (const f of Object.keys(raw)) {
        if (!EKS_FIELDS.includes(f)) p.add(`${key}.${f}`, raw[f], `not an EKS setting; valid settings are ${EKS_FIELDS.join(", ")}`);
    }
    // YAML reads 1.30 as the number 1.3: accept numbers but compare their text.
    const versionRaw = raw.version ?? EKS_DEFAULTS.version;
    const version = typeof versionRaw === "number" ? versionRaw.toFixed(2) : versionRaw;
    if (typeof version !== "string" || !EKS_VERSIONS.includes(version)) {
        p.add(`${key}.version`, versionRaw, `one of the Kubernetes versions cellmesh supports: ${EKS_VERSIONS.join(", ")} (quote it in YAML: "1.33")`);
    }
    const instanceType = raw.instanceType ?? EKS_DEFAULTS.instanceType;
    if (typeof instanceType !== "string" || !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
        p.add(`${key}.instanceType`, instanceType, "an EC2 instance type such as t3.medium or m7i.large");
    }
    const nodeCountRaw = raw.nodeCount ?? EKS_DEFAULTS.nodeCount;
    const nodeCount = asInteger(nodeCountRaw);
    if (nodeCount === undefined || nodeCount < 1 || nodeCount > 100) {
        p.add(`${key}.nodeCount`, nodeCountRaw, "an integer from 1 to 100 (worker nodes)");
    }
    const maxRaw = raw.maxNodes ?? nodeCount ?? EKS_DEFAULTS.maxNodes;
    const maxNodes = asInteger(maxRaw);
    if (maxNodes === undefined || maxNodes > 100 || (nodeCount !== undefined && maxNodes < nodeCount)) {
        p.add(`${key}.maxNodes`, maxRaw, `an integer from nodeCount (${nodeCount ?? "?"}) to 100`);
    }
    const chartRaw = raw.controllerChartVersion ?? EKS_DEFAULTS.controllerChartVersion;
    if (typeof chartRaw !== "string" || !/^1\.\d{1,2}\.\d{1,2}$/.test(chartRaw)) {
        p.add(`${key}.controllerChartVersion`, chartRaw, `an exact appmesh-controller chart version (no ranges), e.g. ${DEFAULT_CONTROLLER_CHART_VERSION}`);
    }
    const appNamespace = raw.appNamespace ?? EKS_DEFAULTS.appNamespace;
    if (!isDnsLabel(appNamespace) || ["default", "appmesh-system"].includes(appNamespace) || appNamespace.startsWith("kube-")) {
        p.add(`${key}.appNamespace`, appNamespace, "a Kubernetes namespace name (a DNS label) other than default, appmesh-system and kube-*");
    }
    return {
        version: typeof version === "string" ? version : EKS_DEFAULTS.version,
        instanceType: String(instanceType),
        nodeCount: nodeCount ?? EKS_DEFAULTS.nodeCount,
        maxNodes: maxNodes ?? EKS_DEFAULTS.maxNodes,
        controllerChartVersion: String(chartRaw),
        appNamespace: String(appNamespace),
    };
}
