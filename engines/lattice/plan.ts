// What the offline plan reads from VPC Lattice's resources: the names each stack's Lattice services
// serve (a service's custom domain name; on EKS an HTTPRoute's first hostname), the names its cells
// call (the BACKENDS the program sets: no Lattice resource declares backends), the associations
// with a network another account owns, and each service's weights: the listener's default action
// (ECS) or the HTTPRoute's weighted rule (EKS, copied by the controller into the target groups).

import { collectMarkers } from "../../plan/markers";
import { taskBackends } from "../../plan/containers";
import type { RawResource } from "../../plan/engine";
import type { EnginePlanReader, EngineWeights, PlanResources } from "../engine";
import { LATTICE_EKS_SERVICE_TYPE } from "./eks/types";

const SERVICE = "aws:vpclattice/service:Service";
const LISTENER = "aws:vpclattice/listener:Listener";
const RULE = "aws:vpclattice/listenerRule:ListenerRule";
const TARGET_GROUP = "aws:vpclattice/targetGroup:TargetGroup";
const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
/** Lattice resources that join a service network by its identifier. */
const JOINS = new Set<string>([
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
]);

function percent(weight: number, total: number): number {
    return total === 0 ? 0 : Math.round((weight / total) * 1000) / 10;
}

/**
 * ECS: each service's listener forwards to its cells' target groups by weight
 * (`defaultAction.forwards[0].targetGroups`; the provider reads only the first forward), and its
 * listener rules pin requests to one cell.
 */
function listenerWeights(stack: PlanResources): EngineWeights[] {
    const { resources } = stack;
    const groups = new Map(resources.filter((r) => r.type === TARGET_GROUP).map((r) => [r.name, r]));
    const refName = (value: unknown) => collectMarkers(value)[0]?.name;
    const out: EngineWeights[] = [];
    for (const svc of resources.filter((r) => r.type === SERVICE)) {
        const listener = resources.find((r) => r.type === LISTENER && refName(r.inputs.serviceIdentifier) === svc.name);
        if (!listener) continue;
        const name = String(svc.inputs.name);
        const cellOf = (groupId: unknown) => {
            const tg = groups.get(refName(groupId) ?? "");
            const node = tg ? String(tg.inputs.name) : String(groupId);
            return { node, cell: node.startsWith(`${name}-`) ? node.slice(name.length + 1) : node };
        };
        const forwards: { targetGroupIdentifier: unknown; weight?: number }[] = (listener.inputs.defaultAction as any)?.forwards?.[0]?.targetGroups ?? [];
        // An omitted weight means 100 on Lattice.
        const weightOf = (g: { weight?: number }) => Number(g.weight ?? 100);
        const total = forwards.reduce((s, g) => s + weightOf(g), 0);
        const cells = forwards.map((g) => ({ ...cellOf(g.targetGroupIdentifier), weight: weightOf(g), percent: percent(weightOf(g), total) }));
        const rules = resources
            .filter((r) => r.type === RULE && refName(r.inputs.listenerIdentifier) === listener.name)
            .sort((a, b) => Number(a.inputs.priority) - Number(b.inputs.priority));
        const pins = rules.map((r) => {
            const only = (((r.inputs.action as any)?.forward?.targetGroups ?? []) as { targetGroupIdentifier: unknown }[]).map((g) => cellOf(g.targetGroupIdentifier).cell).join("+");
            const http = (r.inputs.match as any)?.httpMatch ?? {};
            const header = (http.headerMatches ?? [])[0];
            const how = header ? `header ${header.name}: ${header.match?.exact ?? header.match?.prefix ?? header.match?.contains ?? ""}`
                : http.pathMatch ? `path ${http.pathMatch.match?.prefix ?? http.pathMatch.match?.exact ?? ""}` : `rule ${r.inputs.name}`;
            return `${only} by ${how}`;
        });
        const alb = stack.albUnder(listener.parent);
        out.push({
            at: svc, service: String(svc.inputs.customDomainName ?? name), source: "lattice-listener", route: listener.name, cells,
            ...(pins.length > 0 ? { pins } : {}),
            ...(alb ? { alb } : {}),
        });
    }
    return out;
}

/**
 * EKS: each service's HTTPRoute. The weighted rule is the one without matches (the controller
 * matches it on every path); its backendRefs' weights (default 1) become the target group weights
 * unchanged. Rules with matches pin requests to one cell. The entry service's weighted ALB (its
 * target groups filled by TargetGroupBindings) is a sibling of the route, under the service.
 */
function httpRouteWeights(stack: PlanResources): EngineWeights[] {
    const out: EngineWeights[] = [];
    const albOf = (route: RawResource) => {
        for (let p = route.parent; p; p = stack.byUrn.get(p)?.parent) if (stack.byUrn.get(p)?.type === LATTICE_EKS_SERVICE_TYPE) return stack.albUnder(p);
        return undefined;
    };
    for (const route of stack.resources.filter((r) => r.type === HTTP_ROUTE)) {
        const spec = (route.inputs.spec ?? {}) as { hostnames?: unknown[]; rules?: any[] };
        const routeName = String((route.inputs.metadata as any)?.name ?? route.name);
        const rules = Array.isArray(spec.rules) ? spec.rules : [];
        const weighted = rules.find((r) => !Array.isArray(r?.matches) || r.matches.length === 0);
        if (!weighted) continue;
        const cellOf = (backend: string) => (backend.startsWith(`${routeName}-`) ? backend.slice(routeName.length + 1) : backend);
        // An omitted weight means 1 to the controller (the Gateway API default).
        const refs = ((weighted.backendRefs ?? []) as { name: string; weight?: number }[]).map((b) => ({ node: String(b.name), weight: Number(b.weight ?? 1) }));
        const total = refs.reduce((s, b) => s + b.weight, 0);
        const cells = refs.map((b) => ({ cell: cellOf(b.node), node: b.node, weight: b.weight, percent: percent(b.weight, total) }));
        const pins = rules.filter((r) => r !== weighted).map((r) => {
            const only = ((r?.backendRefs ?? []) as { name: string }[]).map((b) => cellOf(String(b.name))).join("+");
            const match = r?.matches?.[0] ?? {};
            const header = match.headers?.[0];
            const how = header ? `header ${header.name}: ${header.value}` : match.path ? `path ${match.path.value}` : "rule";
            return `${only} by ${how}`;
        });
        const hostname = spec.hostnames?.[0];
        const alb = albOf(route);
        out.push({
            at: route, service: typeof hostname === "string" ? hostname : routeName, source: "httproute", route: route.name, cells,
            ...(pins.length > 0 ? { pins } : {}),
            ...(alb ? { alb } : {}),
        });
    }
    return out;
}

export const latticePlan: EnginePlanReader = {
    serviceKind: "Lattice service",
    served: (r) => {
        if (r.type === SERVICE && typeof r.inputs.customDomainName === "string") return [r.inputs.customDomainName];
        // EKS: the controller makes each HTTPRoute a Lattice service named by its first hostname.
        const hostname = r.type === HTTP_ROUTE ? (r.inputs.spec as any)?.hostnames?.[0] : undefined;
        return typeof hostname === "string" ? [hostname] : [];
    },
    calls: taskBackends,
    networkOwner: (r) => (JOINS.has(r.type) ? r.inputs.serviceNetworkIdentifier : undefined),
    describeGuests: (count, types, owner) => `${count} VPC Lattice association${count === 1 ? "" : "s"} (${types}) ${count === 1 ? "joins" : "join"} the service network owned by account ${owner}`,
    weights: (stack) => [...listenerWeights(stack), ...httpRouteWeights(stack)],
};
