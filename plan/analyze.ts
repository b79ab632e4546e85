// Turns the raw registrations of every stack into the plan: the account of each resource, the
// links between accounts, and each service's weights. Everything here is read from the recorded
// resources (what the program would really deploy), not from the config.

import { ENGINES } from "../engines";
import type { EnginePlanReader } from "../engines/engine";
import { GATEWAY_ALB_TARGET, cellOfAlbTargetGroup } from "../shared/awsNames";
import { RawResource, RawStackPlan } from "./engine";
import { appImage, cellEnv } from "./containers";
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
    listener: "aws:lb/listener:Listener",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
} as const;

/** Every engine's plan reader: a project's stacks all run one engine, whose resources only its reader knows. */
const READERS: readonly EnginePlanReader[] = Object.values(ENGINES).map((e) => e.plan);

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
    /** Per engine reader: the name clients dial -> the stack and resource that serve it. */
    readonly served = new Map<EnginePlanReader, Map<string, Located>>(READERS.map((reader) => [reader, new Map()]));

    constructor(readonly plans: readonly RawStackPlan[]) {
        for (const stack of plans) {
            this.stacks.set(stack.stack, stack);
            for (const resource of stack.resources) {
                const at = { stack, resource };
                this.byKey.set(key(stack.stack, resource.type, resource.name), at);
                this.byUrn.set(resource.urn, at);
                for (const reader of READERS) for (const name of reader.served(resource)) this.served.get(reader)!.set(name, at);
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
        // Per engine reader: calls to services of another stack, and resources in another account's network.
        const calls = new Map(READERS.map((reader) => [reader, new Map<string, { target: Located; callers: RawResource[] }>()]));
        const guests = new Map(READERS.map((reader) => [reader, new Map<string, RawResource[]>()]));
        const values = new Map<string, { ref: MarkerRef; resources: RawResource[] }>();

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
            for (const reader of READERS) {
                for (const name of reader.calls(r)) {
                    const target = index.served.get(reader)!.get(name);
                    if (!target || target.stack === plan) continue;
                    const byName = calls.get(reader)!;
                    const entry = byName.get(name) ?? { target, callers: [] };
                    entry.callers.push(r);
                    byName.set(name, entry);
                }
                const owner = reader.networkOwner(r) === undefined ? undefined : index.accountOfValue(reader.networkOwner(r));
                if (owner && owner.account !== here) {
                    const byOwner = guests.get(reader)!;
                    byOwner.set(owner.account, [...(byOwner.get(owner.account) ?? []), r]);
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
        for (const reader of READERS) {
            for (const [name, { target, callers }] of calls.get(reader)!) {
                add("mesh-backend", plan, acct(callers[0]), index.accountOf(target.stack, target.resource).account,
                    `${callers.map((c) => `${shortType(c.type)} ${c.name}`).join(", ")} -> ${reader.serviceKind} ${name} (${target.stack.stack})`, callers, target.stack.stack);
            }
            for (const [owner, list] of guests.get(reader)!) {
                add("shared-mesh", plan, acct(list[0]), owner, reader.describeGuests(list.length, countTypes(list), owner), list);
            }
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

/** `<service>/<cell>` -> the image its app container runs, from the cells' task definitions or Deployments. */
function cellImages(resources: readonly RawResource[]): Map<string, string> {
    const images = new Map<string, string>();
    for (const r of resources) {
        const image = appImage(r);
        const service = image && cellEnv(r, "SERVICE_NAME");
        const cell = image && cellEnv(r, "CELL_NAME");
        if (image && service && cell) images.set(`${service}/${cell}`, image);
    }
    return images;
}

/** The weights with each cell's image when the cells of the service run more than one image. */
function withImages(w: ServiceWeights, images: ReadonlyMap<string, string>): ServiceWeights {
    const service = w.service.split(".")[0];
    const byCell = Object.fromEntries(w.cells.flatMap((c) => {
        const image = images.get(`${service}/${c.cell}`);
        return image ? [[c.cell, image]] : [];
    }));
    return new Set(Object.values(byCell)).size > 1 ? { ...w, images: byCell } : w;
}

/** Each service's cells and weights, read by its engine, with its entry ALB's split. */
function findWeights(index: Index): ServiceWeights[] {
    const out: ServiceWeights[] = [];
    for (const plan of index.plans) {
        const listeners: RawResource[] = [];
        const targetGroups = new Map<string, RawResource>();
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        for (const r of plan.resources) {
            if (r.type === T.listener && (r.inputs.defaultActions as any)?.[0]?.type === "forward") {
                // The listener that splits (with HTTPS, the plain one only redirects).
                listeners.push(r);
            } else if (r.type === T.targetGroup) {
                targetGroups.set(r.name, r);
            }
        }
        // Each ingress listener, under every component above it (the route shares the service's parent).
        const listenerUnder = new Map<string, RawResource>();
        for (const l of listeners) {
            for (let p = l.parent; p; p = byUrn.get(p)?.parent) if (!listenerUnder.has(p)) listenerUnder.set(p, l);
        }
        // The targets an ALB of this stack may split over: its services' cells (and a gateway's Envoy).
        const albTargets = [...plan.config.services.flatMap((svc) => svc.cells.map((c) => c.name)), GATEWAY_ALB_TARGET];
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
                    return { cell: cellOfAlbTargetGroup(albParent, name, albTargets) ?? name, weight: Number(g.weight), percent: percent(Number(g.weight), albTotal) };
                }),
            };
        };
        const images = cellImages(plan.resources);
        for (const reader of READERS) {
            for (const { at, ...weights } of reader.weights({ resources: plan.resources, byUrn, albUnder })) {
                out.push(withImages({ stack: plan.stack, account: index.accountOf(plan, at).account, ...weights }, images));
            }
        }
    }
    return out;
}
