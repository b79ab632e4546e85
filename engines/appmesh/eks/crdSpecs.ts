// Pure translations from App Mesh API shapes (what shared/trafficPolicy.ts renders) to the
// App Mesh controller's custom resource shapes (appmesh.k8s.aws/v1beta2). The two mirror each
// other except for references (names of custom resources instead of App Mesh names), a few
// spellings (ARN, metadata), and where a route's name and priority live.

import * as aws from "../../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { RouteDefinition } from "../meshObjects";

export const APPMESH_API_VERSION = "appmesh.k8s.aws/v1beta2";

/** Field names that differ between the App Mesh API (Pulumi) and the controller's CRDs. */
const RENAMES: Readonly<Record<string, string>> = {
    certificateArn: "certificateARN",
    certificateAuthorityArns: "certificateAuthorityARNs",
    metadatas: "metadata",
};

/** Copies a spec with the CRD spellings; outputs stay as they are. */
export function crdShape(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(crdShape);
    if (value === null || typeof value !== "object" || pulumi.Output.isInstance(value)) return value;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [RENAMES[k] ?? k, k === "weightedTargets" ? weightedTargets(v) : crdShape(v)]));
}

function weightedTargets(targets: unknown): unknown {
    // In a VirtualRouter custom resource a target names the VirtualNode custom resource.
    return (targets as { virtualNode: pulumi.Input<string>; weight: number }[])
        .map((t) => ({ virtualNodeRef: { name: t.virtualNode }, weight: t.weight }));
}

/** A VirtualNode listener (`portMapping`, `healthCheck`, `timeout`, `outlierDetection`, `connectionPool`, `tls`). */
export function crdListener(listener: aws.types.input.appmesh.VirtualNodeSpecListener): Record<string, unknown> {
    return crdShape(listener) as Record<string, unknown>;
}

/** One entry of a VirtualRouter's `routes`: the name and priority move from the Route object into the entry. */
export function crdRoute(route: RouteDefinition): Record<string, unknown> {
    const { priority, ...kinds } = route.spec as aws.types.input.appmesh.RouteSpec & Record<string, unknown>;
    return { name: route.awsName, ...(priority !== undefined ? { priority } : {}), ...(crdShape(kinds) as Record<string, unknown>) };
}
