// What the offline plan reads from App Mesh's resources: the virtual services each stack serves,
// the ones its virtual nodes and gateway routes call, the objects created in another account's mesh
// (`meshOwner`), and each service's weights from its weighted route. On EKS the controller's custom
// resources are read as the App Mesh objects they become (eks/planView.ts).

import type { RawResource } from "../../plan/engine";
import type { EnginePlanReader, EngineWeights, PlanResources } from "../engine";
import { apiView, withApiViews } from "./eks/planView";

const VIRTUAL_NODE = "aws:appmesh/virtualNode:VirtualNode";
const VIRTUAL_SERVICE = "aws:appmesh/virtualService:VirtualService";
const GATEWAY_ROUTE = "aws:appmesh/gatewayRoute:GatewayRoute";
const ROUTE = "aws:appmesh/route:Route";
const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"] as const;

function percent(weight: number, total: number): number {
    return total === 0 ? 0 : Math.round((weight / total) * 1000) / 10;
}

/** The protocol section of a route spec (`httpRoute`, `tcpRoute`, ...). */
function routeBody(r: RawResource): any {
    const spec = (r.inputs.spec ?? {}) as Record<string, any>;
    for (const k of ROUTE_KINDS) if (spec[k]) return spec[k];
    return undefined;
}

function routeTargets(r: RawResource): { virtualNode: string; weight: number }[] {
    return routeBody(r)?.action?.weightedTargets ?? [];
}

/** A route that matches every request: prefix `/` with no header, or a TCP/gRPC route without a narrower match. */
function isCatchAll(r: RawResource): boolean {
    const match = routeBody(r)?.match;
    if (!match) return true;
    const narrowing = ["headers", "metadata", "serviceName", "methodName", "path", "queryParameters"].some((k) => {
        const v = match[k];
        return Array.isArray(v) ? v.length > 0 : v !== undefined;
    });
    return !narrowing && (match.prefix === undefined || match.prefix === "/");
}

function describeMatch(r: RawResource): string {
    const match = routeBody(r)?.match ?? {};
    const header = (match.headers ?? match.metadata ?? [])[0];
    if (header) {
        const m = header.match ?? {};
        const value = m.exact ?? m.prefix ?? m.suffix ?? m.regex ?? "";
        return `header ${header.name}: ${value}`;
    }
    if (match.prefix !== undefined) return `path ${match.prefix}`;
    return `route ${r.inputs.name}`;
}

/** Each virtual service's route, its weighted cells and, with ingress, the ALB listener's split. */
function weights(stack: PlanResources): EngineWeights[] {
    const out: EngineWeights[] = [];
    const resources = withApiViews(stack.resources);
    const routesByRouter = new Map<string, RawResource[]>();
    for (const r of resources) {
        if (r.type !== ROUTE) continue;
        const router = String(r.inputs.virtualRouterName);
        routesByRouter.set(router, [...(routesByRouter.get(router) ?? []), r]);
    }
    for (const vs of resources) {
        if (vs.type !== VIRTUAL_SERVICE) continue;
        const service = String(vs.inputs.name);
        const router = (vs.inputs.spec as any)?.provider?.virtualRouter?.virtualRouterName;
        const routes = routesByRouter.get(String(router)) ?? [];
        // The weighted route is the catch-all one; the others pin requests to one cell.
        const route = routes.find((r) => isCatchAll(r)) ?? routes[0];
        if (!route) continue;
        const targets = routeTargets(route);
        const total = targets.reduce((s, t) => s + Number(t.weight), 0);
        const svc = service.split(".")[0];
        const cellOf = (node: string) => (node.startsWith(`${svc}-`) ? node.slice(svc.length + 1) : node);
        const cells = targets.map((t) => ({ cell: cellOf(t.virtualNode), node: t.virtualNode, weight: Number(t.weight), percent: percent(Number(t.weight), total) }));
        const pins = routes.filter((r) => r !== route).map((r) => `${routeTargets(r).map((t) => cellOf(t.virtualNode)).join("+")} by ${describeMatch(r)}`);
        // The ingress listener belongs to the same component as the route.
        const alb = stack.albUnder(route.parent);
        out.push({
            at: vs, service, source: "route", route: String(route.inputs.name), cells,
            ...(pins.length > 0 ? { pins } : {}),
            ...(alb ? { alb } : {}),
        });
    }
    return out;
}

export const appMeshPlan: EnginePlanReader = {
    serviceKind: "virtual service",
    served: (r) => [r, ...apiView(r)].flatMap((v) => v.type === VIRTUAL_SERVICE && typeof v.inputs.name === "string" ? [v.inputs.name] : []),
    // Backends and gateway routes to virtual services (EKS: of the custom resource's API view).
    calls: (r) => [r, ...apiView(r)].flatMap((v) => v.type === VIRTUAL_NODE
        ? ((v.inputs.spec as any)?.backends ?? []).map((b: any) => b?.virtualService?.virtualServiceName)
        : v.type === GATEWAY_ROUTE ? [(v.inputs.spec as any)?.httpRoute?.action?.target?.virtualService?.virtualServiceName] : [])
        .filter((n: unknown): n is string => typeof n === "string"),
    // App Mesh objects created in a mesh another account owns carry its id.
    networkOwner: (r) => (r.type.startsWith("aws:appmesh/") ? r.inputs.meshOwner : undefined),
    describeGuests: (count, types, owner) => `${count} App Mesh resources (${types}) are created in the mesh owned by account ${owner}`,
    weights,
};
