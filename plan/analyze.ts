// Turns the raw registrations of every stack into the plan: the account of each resource, the
// links between accounts, and each service's weights. Everything here is read from the recorded
// resources (what the program would really deploy), not from the config.

import { apiView, withApiViews } from "./controllerObjects";
import { RawResource, RawStackPlan } from "./engine";
import { MarkerRef, collectMarkers, markersIn, shortType } from "./markers";
import { CrossAccountEdge, EdgeKind, Plan, PlannedResource, ServiceWeights, StackPlan } from "./model";

const T = {
    principalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
    resourceAssociation: "aws:ram/resourceAssociation:ResourceAssociation",
    resourceShare: "aws:ram/resourceShare:ResourceShare",
    shareAccepter: "aws:ram/resourceShareAccepter:ResourceShareAccepter",
    authorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
    namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    peering: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
    peeringAccepter: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    stackReference: "pulumi:pulumi:StackReference",
    virtualNode: "aws:appmesh/virtualNode:VirtualNode",
    virtualService: "aws:appmesh/virtualService:VirtualService",
    virtualRouter: "aws:appmesh/virtualRouter:VirtualRouter",
    route: "aws:appmesh/route:Route",
    gatewayRoute: "aws:appmesh/gatewayRoute:GatewayRoute",
    listener: "aws:lb/listener:Listener",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    latticeService: "aws:vpclattice/service:Service",
    latticeListener: "aws:vpclattice/listener:Listener",
    latticeRule: "aws:vpclattice/listenerRule:ListenerRule",
    latticeTargetGroup: "aws:vpclattice/targetGroup:TargetGroup",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    deployment: "kubernetes:apps/v1:Deployment",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    latticeEksService: "cellmesh:eks:LatticeService",
} as const;

/** Lattice resources that join a service network by its identifier. */
const LATTICE_JOINS = new Set<string>([
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
]);

/** The environment of a task definition's containers (ECS) or a Deployment's pod containers (EKS). */
function containerEnvironments(r: { type: string; inputs: Record<string, unknown> }): { name?: string; value?: string }[][] {
    if (r.type === T.deployment) {
        const containers = (r.inputs.spec as any)?.template?.spec?.containers;
        return Array.isArray(containers) ? containers.map((c: any) => (Array.isArray(c?.env) ? c.env : [])) : [];
    }
    if (r.type !== T.taskDefinition || typeof r.inputs.containerDefinitions !== "string") return [];
    let containers: unknown;
    try {
        containers = JSON.parse(r.inputs.containerDefinitions);
    } catch {
        return [];
    }
    return Array.isArray(containers) ? containers.map((c: any) => (Array.isArray(c?.environment) ? c.environment : [])) : [];
}

/** The value of an environment variable cellmesh sets on a cell's app container (`SERVICE_NAME`), if any. */
export function cellEnv(r: { type: string; inputs: Record<string, unknown> }, name: string): string | undefined {
    for (const env of containerEnvironments(r)) {
        const value = env.find((e) => e?.name === name)?.value;
        if (typeof value === "string") return value;
    }
    return undefined;
}

/**
 * The hosts a cell's containers call (an ECS task definition, or on EKS a Deployment), from the
 * `BACKENDS` environment variable cellmesh sets (`http://servicex.internal-domain2.com:5001,...`).
 * On Lattice nothing else names a backend.
 */
export function taskBackends(r: { type: string; inputs: Record<string, unknown> }): string[] {
    const hosts: string[] = [];
    for (const env of containerEnvironments(r)) {
        const value = env.find((e) => e?.name === "BACKENDS")?.value ?? "";
        for (const url of value.split(",").filter(Boolean)) {
            const host = /^[a-z0-9]+:\/\/([^:/]+)/.exec(url)?.[1];
            if (host && !hosts.includes(host)) hosts.push(host);
        }
    }
    return hosts;
}

/** Edges of these kinds already describe the resources they are made of. */
const TYPED_EDGE_TYPES = new Set<string>([T.principalAssociation, T.shareAccepter, T.authorization, T.zoneAssociation, T.peering, T.peeringAccepter]);

interface Located {
    readonly stack: RawStackPlan;
    readonly resource: RawResource;
}

/** Fast lookups over every stack's resources. */
class Index {
    readonly byKey = new Map<string, Located>();
    readonly byUrn = new Map<string, Located>();
    readonly accounts = new Map<RawResource, { account: string; from?: string }>();
    readonly stacks = new Map<string, RawStackPlan>();
    /** Virtual service name -> the stack that defines it. */
    readonly virtualServices = new Map<string, Located>();
    /** Lattice service custom domain name -> the stack that defines it. */
    readonly latticeServices = new Map<string, Located>();

    constructor(readonly plans: readonly RawStackPlan[]) {
        for (const stack of plans) {
            this.stacks.set(stack.stack, stack);
            for (const resource of stack.resources) {
                const at = { stack, resource };
                this.byKey.set(key(stack.stack, resource.type, resource.name), at);
                this.byUrn.set(resource.urn, at);
                for (const view of [resource, ...apiView(resource)]) {
                    if (view.type === T.virtualService && typeof view.inputs.name === "string") this.virtualServices.set(view.inputs.name, at);
                }
                if (resource.type === T.latticeService && typeof resource.inputs.customDomainName === "string") this.latticeServices.set(resource.inputs.customDomainName, at);
                // EKS: the controller makes each HTTPRoute a Lattice service named by its first hostname.
                const hostname = resource.type === T.httpRoute ? (resource.inputs.spec as any)?.hostnames?.[0] : undefined;
                if (typeof hostname === "string") this.latticeServices.set(hostname, at);
            }
        }
    }

    /** The resource a marker comes from. */
    source(ref: MarkerRef): Located | undefined {
        return this.byKey.get(key(ref.stack, ref.type, ref.name));
    }

    /** The account a computed value belongs to: its resource's account, or its stack's. */
    accountOfMarker(ref: MarkerRef): string {
        const at = this.source(ref);
        if (at) return this.accountOf(at.stack, at.resource).account;
        return this.stacks.get(ref.stack)?.config.accountId ?? "unknown";
    }

    /** The account a value names: a literal id, or the account of the resource that computes it. */
    accountOfValue(value: unknown): { account: string; from?: string } | undefined {
        if (typeof value !== "string") return undefined;
        if (/^\d{12}$/.test(value)) return { account: value };
        const refs = markersIn(value);
        if (refs.length !== 1) return undefined;
        return { account: this.accountOfMarker(refs[0]), from: `${refs[0].stack}/${refs[0].name}.${refs[0].property}` };
    }

    accountOf(stack: RawStackPlan, r: RawResource): { account: string; from?: string } {
        const known = this.accounts.get(r);
        if (known) return known;
        let result: { account: string; from?: string } = { account: stack.config.accountId };
        this.accounts.set(r, result); // guards against cycles
        if (r.type === "pulumi:providers:aws") {
            const ids = parseList(r.inputs.allowedAccountIds);
            const found = ids.length === 1 ? this.accountOfValue(ids[0]) : undefined;
            if (found) result = found;
        } else if (r.provider) {
            const provider = this.byUrn.get(providerUrn(r.provider));
            if (provider) {
                const p = this.accountOf(provider.stack, provider.resource);
                result = { account: p.account, from: `provider ${provider.resource.name}${p.from ? ` (${p.from})` : ""}` };
            }
        }
        this.accounts.set(r, result);
        return result;
    }
}

function key(stack: string, type: string, name: string): string {
    return `${stack}\0${type}\0${name}`;
}

/** `urn:...::name::id` -> `urn:...::name`. */
export function providerUrn(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

/** Provider list config arrives as JSON text (`["111111111111"]`) or as a list. */
function parseList(value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    if (typeof value === "string") {
        try {
            const parsed = JSON.parse(value);
            return Array.isArray(parsed) ? parsed : [parsed];
        } catch {
            return [value];
        }
    }
    return [];
}

function kindOf(r: RawResource): PlannedResource["kind"] {
    if (r.type.startsWith("pulumi:providers:")) return "provider";
    if (r.read) return "read";
    if (r.remote) return "remote-component";
    return r.custom ? "custom" : "component";
}

/** Builds the plan from every stack's raw registrations (owner first). */
export function buildPlan(project: string, plans: readonly RawStackPlan[], selected: readonly string[]): Plan {
    const index = new Index(plans);
    const stacks: StackPlan[] = plans.map((p) => ({
        stack: p.stack,
        role: p.config.role,
        engine: p.config.engine,
        account: p.config.accountId,
        region: p.config.region,
        outputs: p.outputs,
        resources: p.resources.map((r) => {
            const acct = index.accountOf(p, r);
            return {
                urn: r.urn, type: r.type, name: r.name, kind: kindOf(r),
                ...(r.parent ? { parent: r.parent } : {}),
                ...(r.provider ? { provider: providerUrn(r.provider) } : {}),
                account: acct.account,
                ...(acct.from ? { accountFrom: acct.from } : {}),
                dependencies: [...r.dependencies],
                inputs: r.inputs,
                ...(r.aliases ? { aliases: r.aliases } : {}),
            };
        }),
        invokes: p.invokes,
        stackReferences: p.stackReferences,
    }));
    return {
        version: 1,
        project,
        generator: "cellmesh plan (Pulumi mock engine)",
        stacks,
        selected: [...selected],
        edges: findEdges(index),
        weights: findWeights(index),
    };
}

/** Describes what a computed value is: `Mesh mesh-mesh`, `subnet network.privateSubnetIds[0]`. */
function describe(ref: MarkerRef): string {
    const invoke = /^get(\w+)\((.*)\)$/.exec(ref.name);
    if (invoke) return `${invoke[1].charAt(0).toLowerCase()}${invoke[1].slice(1)} ${invoke[2]}`;
    return `${shortType(ref.type)} ${ref.name}`;
}

function findEdges(index: Index): CrossAccountEdge[] {
    const edges: CrossAccountEdge[] = [];
    const stackOfAccount = (account: string) => index.plans.find((p) => p.config.accountId === account)?.stack;
    const add = (kind: EdgeKind, from: RawStackPlan, fromAccount: string, toAccount: string, detail: string, resources: readonly RawResource[], toStack?: string) => {
        const ts = toStack ?? stackOfAccount(toAccount);
        edges.push({ kind, fromStack: from.stack, fromAccount, ...(ts ? { toStack: ts } : {}), toAccount, detail, resources: resources.map((r) => r.urn) });
    };

    for (const plan of index.plans) {
        const own = plan.config.accountId;
        const acct = (r: RawResource) => index.accountOf(plan, r).account;
        const sharedByArn = new Map<string, RawResource[]>();
        for (const r of plan.resources) {
            if (r.type === T.resourceAssociation) {
                const arn = String(r.inputs.resourceShareArn);
                const list = sharedByArn.get(arn) ?? [];
                list.push(r);
                sharedByArn.set(arn, list);
            }
        }
        const meshGuests = new Map<string, RawResource[]>();
        const networkGuests = new Map<string, RawResource[]>();
        const latticeCalls = new Map<string, { target: Located; callers: RawResource[] }>();
        const values = new Map<string, { ref: MarkerRef; resources: RawResource[] }>();
        const backends = new Map<string, { target: Located; callers: RawResource[] }>();

        for (const r of plan.resources) {
            const here = acct(r);
            switch (r.type) {
                case T.principalAssociation: {
                    const principal = String(r.inputs.principal);
                    if (principal === here) break;
                    const shareArn = String(r.inputs.resourceShareArn);
                    const shareRef = markersIn(shareArn)[0];
                    const share = shareRef ? index.source(shareRef)?.resource.inputs.name ?? shareRef.name : shareArn;
                    const shared = (sharedByArn.get(shareArn) ?? []).flatMap((a) => collectMarkers(a.inputs.resourceArn).map(describe));
                    add("ram-share", plan, here, principal, `RAM share "${share}" shares ${shared.join(", ") || "(no resources)"} with account ${principal}`, [r, ...(sharedByArn.get(shareArn) ?? [])]);
                    break;
                }
                case T.shareAccepter: {
                    const ref = collectMarkers(r.inputs.shareArn)[0];
                    if (!ref) break;
                    add("ram-accept", plan, here, index.accountOfMarker(ref), `accepts the RAM share ${ref.stack}/${ref.name}`, [r]);
                    break;
                }
                case T.authorization:
                case T.zoneAssociation: {
                    const zoneRef = collectMarkers(r.inputs.zoneId)[0];
                    const vpc = index.accountOfValue(String(r.inputs.vpcId));
                    const zone = zoneRef ? index.source(zoneRef) : undefined;
                    const zoneAccount = zoneRef ? index.accountOfMarker(zoneRef) : here;
                    const zoneName = zone ? `${zone.resource.inputs.name} (${zone.stack.stack})` : "a private hosted zone";
                    const vpcRef = collectMarkers(r.inputs.vpcId)[0];
                    const vpcName = vpcRef ? `${vpcRef.stack}/${vpcRef.name}` : String(r.inputs.vpcId);
                    const vpcAccount = vpc?.account ?? here;
                    if (vpcAccount === zoneAccount) break;
                    if (r.type === T.authorization) {
                        add("dns-authorization", plan, zoneAccount, vpcAccount, `zone ${zoneName} authorizes VPC ${vpcName} to associate (created in ${here})`, [r]);
                    } else {
                        add("dns-association", plan, zoneAccount, vpcAccount, `VPC ${vpcName} resolves zone ${zoneName} (association created in ${here}${r.provider ? ` with provider ${index.byUrn.get(providerUrn(r.provider))?.resource.name}` : ""})`, [r]);
                    }
                    break;
                }
                case T.peering: {
                    const peer = index.accountOfValue(r.inputs.peerOwnerId);
                    if (peer && peer.account !== here) add("vpc-peering", plan, here, peer.account, `VPC peering ${r.name} requested from ${here} to ${peer.account}`, [r]);
                    break;
                }
                case T.stackReference: {
                    const target = String(r.inputs.name).split("/").pop() ?? "";
                    const targetPlan = index.stacks.get(target);
                    const reads = plan.stackReferences[r.name]?.outputs ?? [];
                    add("stack-reference", plan, own, targetPlan?.config.accountId ?? "unknown",
                        `stack reference "${r.name}" to ${r.inputs.name} reads ${reads.join(", ") || "no outputs"}`, [r], targetPlan?.stack);
                    break;
                }
            }
            // Backends and gateway routes to virtual services of another stack (EKS: of the custom resource's API view).
            const names: unknown[] = [r, ...apiView(r)].flatMap((v) => v.type === T.virtualNode
                ? ((v.inputs.spec as any)?.backends ?? []).map((b: any) => b?.virtualService?.virtualServiceName)
                : v.type === T.gatewayRoute ? [(v.inputs.spec as any)?.httpRoute?.action?.target?.virtualService?.virtualServiceName] : []);
            for (const name of names) {
                const target = typeof name === "string" ? index.virtualServices.get(name) : undefined;
                if (!target || target.stack === plan) continue;
                const k = String(name);
                const entry = backends.get(k) ?? { target, callers: [] };
                entry.callers.push(r);
                backends.set(k, entry);
            }
            // Lattice: the services a task calls, by the names it dials (no resource declares backends).
            for (const host of taskBackends(r)) {
                const target = index.latticeServices.get(host);
                if (!target || target.stack === plan) continue;
                const entry = latticeCalls.get(host) ?? { target, callers: [] };
                entry.callers.push(r);
                latticeCalls.set(host, entry);
            }
            // Lattice associations with a service network another account owns.
            if (LATTICE_JOINS.has(r.type)) {
                const owner = index.accountOfValue(r.inputs.serviceNetworkIdentifier);
                if (owner && owner.account !== here) {
                    const list = networkGuests.get(owner.account) ?? [];
                    list.push(r);
                    networkGuests.set(owner.account, list);
                }
            }
            // App Mesh objects created in a mesh another account owns.
            if (r.type.startsWith("aws:appmesh/") && r.inputs.meshOwner !== undefined) {
                const owner = index.accountOfValue(r.inputs.meshOwner);
                if (owner && owner.account !== here) {
                    const list = meshGuests.get(owner.account) ?? [];
                    list.push(r);
                    meshGuests.set(owner.account, list);
                }
            }
            // Values computed in another stack that flow into this one's resources.
            if (r.type !== T.stackReference) {
                const seen = new Set<string>();
                for (const ref of collectMarkers(r.inputs)) {
                    if (ref.stack === plan.stack) continue;
                    const k = `${ref.stack}\0${ref.name}.${ref.property}`;
                    if (seen.has(k)) continue;
                    seen.add(k);
                    const entry = values.get(k) ?? { ref, resources: [] };
                    entry.resources.push(r);
                    values.set(k, entry);
                }
            }
            // Anything else created in another account than the stack's (through an explicit provider).
            if (here !== own && !TYPED_EDGE_TYPES.has(r.type) && !r.type.startsWith("pulumi:providers:") && r.custom) {
                add("cross-account-resource", plan, own, here, `${shortType(r.type)} ${r.name} is created in account ${here} (${index.accountOf(plan, r).from})`, [r]);
            }
        }
        for (const [name, { target, callers }] of backends) {
            const from = acct(callers[0]);
            add("mesh-backend", plan, from, index.accountOf(target.stack, target.resource).account,
                `${callers.map((c) => `${shortType(c.type)} ${c.name}`).join(", ")} -> virtual service ${name} (${target.stack.stack})`, callers, target.stack.stack);
        }
        for (const [name, { target, callers }] of latticeCalls) {
            add("mesh-backend", plan, acct(callers[0]), index.accountOf(target.stack, target.resource).account,
                `${callers.map((c) => `${shortType(c.type)} ${c.name}`).join(", ")} -> Lattice service ${name} (${target.stack.stack})`, callers, target.stack.stack);
        }
        for (const [owner, guests] of networkGuests) {
            add("shared-mesh", plan, acct(guests[0]), owner, `${guests.length} VPC Lattice association${guests.length === 1 ? "" : "s"} (${countTypes(guests)}) ${guests.length === 1 ? "joins" : "join"} the service network owned by account ${owner}`, guests);
        }
        for (const [owner, guests] of meshGuests) {
            add("shared-mesh", plan, acct(guests[0]), owner, `${guests.length} App Mesh resources (${countTypes(guests)}) are created in the mesh owned by account ${owner}`, guests);
        }
        for (const { ref, resources } of values.values()) {
            const target = index.stacks.get(ref.stack);
            add("cross-stack-value", plan, own, index.accountOfMarker(ref),
                `uses ${ref.stack}'s computed ${ref.name}.${ref.property} in ${resources.length} resource${resources.length === 1 ? "" : "s"} (${countTypes(resources)})`, resources, target?.stack);
        }
    }
    return edges;
}

function countTypes(resources: readonly RawResource[]): string {
    const counts = new Map<string, number>();
    for (const r of resources) {
        const t = r.type.startsWith("pulumi:providers:") ? "Provider" : shortType(r.type);
        counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    return [...counts].map(([t, n]) => (n === 1 ? t : `${t} x${n}`)).join(", ");
}

function percent(weight: number, total: number): number {
    return total === 0 ? 0 : Math.round((weight / total) * 1000) / 10;
}

/** Each virtual service's route, its weighted cells and, with ingress, the ALB listener's split. */
function findWeights(index: Index): ServiceWeights[] {
    const out: ServiceWeights[] = [];
    for (const plan of index.plans) {
        const routesByRouter = new Map<string, RawResource[]>();
        const listeners: RawResource[] = [];
        const targetGroups = new Map<string, RawResource>();
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const resources = withApiViews(plan.resources);
        for (const r of resources) {
            if (r.type === T.route) {
                const router = String(r.inputs.virtualRouterName);
                const list = routesByRouter.get(router) ?? [];
                list.push(r);
                routesByRouter.set(router, list);
            } else if (r.type === T.listener && (r.inputs.defaultActions as any)?.[0]?.type === "forward") {
                // The listener that splits (with HTTPS, the plain one only redirects).
                listeners.push(r);
            } else if (r.type === T.targetGroup) {
                targetGroups.set(r.name, r);
            }
        }
        // Each ingress listener, under every component above it (the route shares the CellService parent).
        const listenerUnder = new Map<string, RawResource>();
        for (const l of listeners) {
            for (let p = l.parent; p; p = byUrn.get(p)?.parent) if (!listenerUnder.has(p)) listenerUnder.set(p, l);
        }
        /** The split of the ingress ALB of the component `parent` (the service's), if it has one. */
        const albUnder = (parent: string | undefined): ServiceWeights["alb"] => {
            const listener = parent ? listenerUnder.get(parent) : undefined;
            if (!listener) return undefined;
            const groups: { arn: string; weight: number }[] = (listener.inputs.defaultActions as any)?.[0]?.forward?.targetGroups ?? [];
            const albTotal = groups.reduce((s, g) => s + Number(g.weight), 0);
            const albParent = listener.parent ? byUrn.get(listener.parent)?.name ?? "" : "";
            return {
                listener: listener.name,
                targets: groups.map((g) => {
                    const tg = collectMarkers(g.arn)[0];
                    const name = tg && targetGroups.has(tg.name) ? tg.name : String(g.arn);
                    return { cell: name.startsWith(`${albParent}-`) ? name.slice(albParent.length + 1) : name, weight: Number(g.weight), percent: percent(Number(g.weight), albTotal) };
                }),
            };
        };
        for (const vs of resources) {
            if (vs.type !== T.virtualService) continue;
            const service = String(vs.inputs.name);
            const router = (vs.inputs.spec as any)?.provider?.virtualRouter?.virtualRouterName;
            const routes = routesByRouter.get(String(router)) ?? [];
            // The weighted route is the catch-all one; the others pin requests to one cell.
            const route = routes.find((r) => isCatchAll(r)) ?? routes[0];
            if (route) {
                const targets = routeTargets(route);
                const total = targets.reduce((s, t) => s + Number(t.weight), 0);
                const svc = service.split(".")[0];
                const cellOf = (node: string) => (node.startsWith(`${svc}-`) ? node.slice(svc.length + 1) : node);
                const cells = targets.map((t) => ({
                    cell: cellOf(t.virtualNode), node: t.virtualNode, weight: Number(t.weight), percent: percent(Number(t.weight), total),
                }));
                const pins = routes.filter((r) => r !== route).map((r) => {
                    const only = routeTargets(r).map((t) => cellOf(t.virtualNode)).join("+");
                    return `${only} by ${describeMatch(r)}`;
                });
                // The ingress listener belongs to the same component as the route.
                const alb = albUnder(route.parent);
                out.push({
                    stack: plan.stack, account: index.accountOf(plan, vs).account, service, source: "route", route: String(route.inputs.name), cells,
                    ...(pins.length > 0 ? { pins } : {}),
                    ...(alb ? { alb } : {}),
                });
            }
        }
        out.push(...latticeWeights(plan, index, albUnder));
        out.push(...httpRouteWeights(plan, index, (route) => {
            // The entry service's ALB is a sibling of its route component, under the LatticeService.
            for (let p = route.parent; p; p = byUrn.get(p)?.parent) if (byUrn.get(p)?.type === T.latticeEksService) return albUnder(p);
            return undefined;
        }));
    }
    return out;
}

/**
 * VPC Lattice on EKS: each service's HTTPRoute. The weighted rule is the one without matches (the
 * controller matches it on every path); its backendRefs' weights (default 1) become the target group
 * weights unchanged. Rules with matches pin requests to one cell. The entry service's weighted ALB
 * (its target groups filled by TargetGroupBindings) gives the `alb` split, as on ECS.
 */
function httpRouteWeights(plan: RawStackPlan, index: Index, albOf: (route: RawResource) => ServiceWeights["alb"]): ServiceWeights[] {
    const out: ServiceWeights[] = [];
    for (const route of plan.resources.filter((r) => r.type === T.httpRoute)) {
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
            stack: plan.stack, account: index.accountOf(plan, route).account, service: typeof hostname === "string" ? hostname : routeName,
            source: "httproute", route: route.name, cells,
            ...(pins.length > 0 ? { pins } : {}),
            ...(alb ? { alb } : {}),
        });
    }
    return out;
}

/**
 * VPC Lattice: each service's listener forwards to its cells' target groups by weight
 * (`defaultAction.forwards[0].targetGroups`; the provider reads only the first forward), and its
 * listener rules pin requests to one cell.
 */
function latticeWeights(plan: RawStackPlan, index: Index, albUnder: (parent: string | undefined) => ServiceWeights["alb"]): ServiceWeights[] {
    const byName = (type: string) => new Map(plan.resources.filter((r) => r.type === type).map((r) => [r.name, r]));
    const groups = byName(T.latticeTargetGroup);
    const refName = (value: unknown) => collectMarkers(value)[0]?.name;
    const out: ServiceWeights[] = [];
    for (const svc of plan.resources.filter((r) => r.type === T.latticeService)) {
        const listener = plan.resources.find((r) => r.type === T.latticeListener && refName(r.inputs.serviceIdentifier) === svc.name);
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
        const rules = plan.resources
            .filter((r) => r.type === T.latticeRule && refName(r.inputs.listenerIdentifier) === listener.name)
            .sort((a, b) => Number(a.inputs.priority) - Number(b.inputs.priority));
        const pins = rules.map((r) => {
            const only = (((r.inputs.action as any)?.forward?.targetGroups ?? []) as { targetGroupIdentifier: unknown }[]).map((g) => cellOf(g.targetGroupIdentifier).cell).join("+");
            const http = (r.inputs.match as any)?.httpMatch ?? {};
            const header = (http.headerMatches ?? [])[0];
            const how = header ? `header ${header.name}: ${header.match?.exact ?? header.match?.prefix ?? header.match?.contains ?? ""}`
                : http.pathMatch ? `path ${http.pathMatch.match?.prefix ?? http.pathMatch.match?.exact ?? ""}` : `rule ${r.inputs.name}`;
            return `${only} by ${how}`;
        });
        const alb = albUnder(listener.parent);
        out.push({
            stack: plan.stack, account: index.accountOf(plan, svc).account, service: String(svc.inputs.customDomainName ?? name),
            source: "lattice-listener", route: listener.name, cells,
            ...(pins.length > 0 ? { pins } : {}),
            ...(alb ? { alb } : {}),
        });
    }
    return out;
}

const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"] as const;

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
