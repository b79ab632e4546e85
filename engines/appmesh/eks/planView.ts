// The App Mesh controller's custom resources (EKS) seen as the App Mesh API objects they become,
// so the plan's weights and cross-account backends read both variants the same way.

import type { RawResource } from "../../../plan/engine";

const CR = "kubernetes:appmesh.k8s.aws/v1beta2:";
const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"];

/** The App Mesh API objects a custom resource stands for (none for anything else). */
export function apiView(r: RawResource): RawResource[] {
    if (!r.type.startsWith(CR)) return [];
    const spec = (r.inputs.spec ?? {}) as Record<string, any>;
    const as = (type: string, name: string, inputs: Record<string, unknown>): RawResource => ({ ...r, type, name, inputs });
    switch (r.type.slice(CR.length)) {
        case "VirtualNode":
            return [as("aws:appmesh/virtualNode:VirtualNode", r.name, {
                name: spec.awsName,
                spec: {
                    // A backend by ARN names its virtual service after `/virtualService/`.
                    backends: (spec.backends ?? []).map((b: any) => ({
                        virtualService: { virtualServiceName: String(b?.virtualService?.virtualServiceARN ?? "").split("/virtualService/")[1] },
                    })),
                },
            })];
        case "VirtualService":
            return [as("aws:appmesh/virtualService:VirtualService", r.name, {
                name: spec.awsName,
                spec: { provider: { virtualRouter: { virtualRouterName: spec.provider?.virtualRouter?.virtualRouterRef?.name } } },
            })];
        case "VirtualRouter":
            return (spec.routes ?? []).map((route: any) => {
                const kind = ROUTE_KINDS.find((k) => route[k]) ?? "httpRoute";
                const body = route[kind] ?? {};
                const targets = (body.action?.weightedTargets ?? []).map((t: any) => ({ virtualNode: t.virtualNodeRef?.name, weight: t.weight }));
                return as("aws:appmesh/route:Route", `${r.name}/${route.name}`, {
                    name: route.name,
                    virtualRouterName: spec.awsName,
                    spec: { [kind]: { ...body, action: { ...body.action, weightedTargets: targets } } },
                });
            });
        default:
            return [];
    }
}

/** A stack's resources with each custom resource followed by its App Mesh API view. */
export function withApiViews(resources: readonly RawResource[]): RawResource[] {
    return resources.flatMap((r) => [r, ...apiView(r)]);
}
