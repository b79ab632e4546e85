// The `cellmesh:eks` settings of the EKS compute: the cluster (version, nodes), the Kubernetes
// namespace the services run in, and the engine's controller charts, whose fields, defaults and
// checks the engine declares (engines/<engine>/config.ts `eks`). A field of another engine is
// refused, never ignored.

import type { EngineEksRules } from "../engines/engine";
import { Problems } from "./problems";
import { asInteger, asStructured, isDnsLabel, isRecord } from "./validate";

/** Kubernetes versions cellmesh accepts for new clusters (EKS standard and extended support when written). */
export const EKS_VERSIONS: readonly string[] = ["1.31", "1.32", "1.33", "1.34", "1.35"];

/** The cluster and the app namespace: the same for every engine. */
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
const CLUSTER_DEFAULTS = { version: "1.33", instanceType: "t3.medium", nodeCount: 2, maxNodes: 2, appNamespace: "cellmesh" };

/** Valid `cellmesh:eks` fields of an engine, in the order the messages list them. */
export function eksFields(rules: EngineEksRules): string[] {
    return [...CLUSTER_FIELDS, ...rules.fields, "appNamespace"];
}

/** `cellmesh:eks` with nothing set, for an engine. */
export function eksDefaults(rules: EngineEksRules): AnyEksSettings {
    return { ...CLUSTER_DEFAULTS, ...rules.defaults } as AnyEksSettings;
}

/** Parses `cellmesh:eks` (all fields optional) for a stack whose compute is eks, with its engine's rules. */
export function parseEks(p: Problems, rawValue: unknown, rules: EngineEksRules): AnyEksSettings {
    const key = "cellmesh:eks";
    const defaults = eksDefaults(rules);
    const raw = asStructured(rawValue ?? {});
    if (!isRecord(raw)) {
        p.add(key, raw, `an object, e.g. ${rules.example}`);
        return defaults;
    }
    const fields = eksFields(rules);
    for (const f of Object.keys(raw)) {
        const other = rules.refusedFields[f];
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
    const reserved = rules.reservedNamespaces;
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
    return { ...cluster, ...rules.parse(p, raw) } as AnyEksSettings;
}
