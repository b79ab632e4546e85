// The topology the diagrams draw, read from the plan: accounts, VPCs, mesh and namespaces, services
// with their weighted cells, ingress, and the links between accounts. Mermaid and Graphviz render
// the same model, so the two diagrams never disagree.

import { cellEnv, taskBackends } from "../containers";
import { collectMarkers } from "../markers";
import { Plan, PlannedResource, StackPlan } from "../model";
import { fmtPercent } from "./text";

export type NodeKind = "internet" | "account" | "vpc" | "mesh" | "namespace" | "service" | "cell" | "ingress" | "gateway";

export interface TopoNode {
    readonly id: string;
    readonly label: string;
    readonly kind: NodeKind;
    /** The stack (account) group the node is drawn in; none for the internet. */
    readonly group?: string;
}

export interface TopoEdge {
    readonly from: string;
    readonly to: string;
    readonly label?: string;
    /** `traffic`: requests; `link`: a cross-account relation (share, DNS, reference). */
    readonly style: "traffic" | "link";
}

/** Drawing order of edges, so the text is stable whatever order resources register in. */
const EDGE_ORDER = ["split", "alb", "internet", "calls", "gateway", "subnets", "network", "ram", "reference", "dns", "peering"] as const;
type EdgeCategory = typeof EDGE_ORDER[number];

export interface TopoGroup {
    readonly id: string;
    readonly label: string;
}

export interface Topology {
    readonly groups: readonly TopoGroup[];
    readonly nodes: readonly TopoNode[];
    readonly edges: readonly TopoEdge[];
}

/** Identifiers safe in Mermaid and DOT. */
export function safeId(...parts: string[]): string {
    return parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

export function buildTopology(plan: Plan): Topology {
    const shown = plan.stacks.filter((s) => plan.selected.includes(s.stack));
    const groups: TopoGroup[] = [];
    const nodes: TopoNode[] = [];
    const edges: (TopoEdge & { rank: number; seq: number })[] = [];
    const nodeIds = new Set<string>();
    const edgeKeys = new Set<string>();
    const addNode = (n: TopoNode) => {
        if (!nodeIds.has(n.id)) {
            nodeIds.add(n.id);
            nodes.push(n);
        }
    };
    const addEdge = (category: EdgeCategory, e: TopoEdge) => {
        const k = `${e.from}>${e.to}>${e.label ?? ""}`;
        if (edgeKeys.has(k) || !nodeIds.has(e.from) || !nodeIds.has(e.to)) return;
        edgeKeys.add(k);
        edges.push({ ...e, rank: EDGE_ORDER.indexOf(category), seq: edges.length });
    };
    const accountNode = (stack: string) => safeId(stack, "account");
    /** The node drawn for a resource another node points at (VPCs), by stack and resource name. */
    const vpcNodes = new Map<string, string>();
    const serviceNodes = new Map<string, string>();
    let needsInternet = false;

    for (const stack of shown) {
        // The engine is part of every account's label (plans saved before engines existed are App Mesh).
        groups.push({ id: safeId(stack.stack), label: `${stack.stack} (${stack.role}, ${stack.engine ?? "appmesh"})` });
        const g = safeId(stack.stack);
        addNode({ id: accountNode(stack.stack), label: `account ${stack.account}`, kind: "account", group: g });
        for (const r of own(stack)) {
            if (r.type === "awsx:ec2:Vpc" || r.type === "aws:ec2/vpc:Vpc") {
                const id = safeId(stack.stack, "vpc", r.name);
                vpcNodes.set(`${stack.stack}\0${r.name}`, id);
                addNode({ id, label: `VPC ${r.name} ${r.inputs.cidrBlock ?? ""}`.trim(), kind: "vpc", group: g });
            } else if (r.type === "aws:appmesh/mesh:Mesh") {
                addNode({ id: safeId(stack.stack, "mesh", String(r.inputs.name)), label: `mesh ${r.inputs.name}`, kind: "mesh", group: g });
            } else if (r.type === "aws:vpclattice/serviceNetwork:ServiceNetwork") {
                addNode({ id: safeId(stack.stack, "mesh", String(r.inputs.name)), label: `service network ${r.inputs.name}`, kind: "mesh", group: g });
            } else if (r.type === "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace" || r.type === "aws:route53/zone:Zone") {
                addNode({ id: safeId(stack.stack, "ns", String(r.inputs.name)), label: `namespace ${r.inputs.name}`, kind: "namespace", group: g });
            }
        }
        for (const w of plan.weights.filter((x) => x.stack === stack.stack)) {
            const svc = w.service.split(".")[0];
            const sid = safeId(stack.stack, "svc", svc);
            serviceNodes.set(w.service, sid);
            addNode({ id: sid, label: w.service, kind: "service", group: g });
            for (const c of w.cells) {
                addNode({ id: safeId(stack.stack, svc, c.cell), label: `${svc} ${c.cell}`, kind: "cell", group: g });
                addEdge("split", { from: sid, to: safeId(stack.stack, svc, c.cell), label: fmtPercent(c.percent), style: "traffic" });
            }
            if (w.alb) {
                needsInternet = true;
                const aid = safeId(stack.stack, "alb", svc);
                addNode({ id: aid, label: `ALB ${w.alb.listener.replace(/-(listener|https)$/, "")}`, kind: "ingress", group: g });
                for (const t of w.alb.targets) addEdge("alb", { from: aid, to: safeId(stack.stack, svc, t.cell), label: fmtPercent(t.percent), style: "traffic" });
            }
        }
        for (const r of own(stack)) {
            if (r.type === "aws:appmesh/virtualGateway:VirtualGateway") {
                needsInternet = true;
                addNode({ id: safeId(stack.stack, "gw", r.name), label: `virtual gateway ${r.inputs.name}`, kind: "gateway", group: g });
            }
        }
    }
    if (needsInternet) nodes.unshift({ id: "internet", label: "internet", kind: "internet" });
    if (needsInternet) nodeIds.add("internet");

    for (const stack of shown) {
        for (const r of own(stack)) {
            if (r.type === "aws:lb/listener:Listener") {
                const w = plan.weights.find((x) => x.stack === stack.stack && x.alb?.listener === r.name);
                if (w) addEdge("internet", { from: "internet", to: safeId(stack.stack, "alb", w.service.split(".")[0]), label: `${r.inputs.protocol ?? "HTTP"} :${r.inputs.port}`, style: "traffic" });
                else if (isUnderGateway(r, stack)) {
                    const gw = own(stack).find((x) => x.type === "aws:appmesh/virtualGateway:VirtualGateway");
                    if (gw) addEdge("internet", { from: "internet", to: safeId(stack.stack, "gw", gw.name), label: `ALB ${r.name}`, style: "traffic" });
                }
            } else if (r.type === "aws:appmesh/virtualNode:VirtualNode") {
                // A cell calls its backends: drawn service to service.
                const from = plan.weights.find((w) => w.stack === stack.stack && w.cells.some((c) => c.node === r.inputs.name));
                for (const b of ((r.inputs.spec as any)?.backends ?? []) as any[]) {
                    const to = serviceNodes.get(b?.virtualService?.virtualServiceName);
                    if (from && to) addEdge("calls", { from: serviceNodes.get(from.service)!, to, label: "calls", style: "traffic" });
                }
            } else if (r.type === "aws:ecs/taskDefinition:TaskDefinition" || r.type === "kubernetes:apps/v1:Deployment") {
                // Whatever the engine, a cell's task (EKS: pods) calls the names in its BACKENDS (on
                // Lattice nothing else declares backends; on App Mesh it repeats the virtual node's).
                const service = cellEnv(r, "SERVICE_NAME");
                const from = plan.weights.find((w) => w.stack === stack.stack && w.service.split(".")[0] === service);
                for (const host of taskBackends(r)) {
                    const to = serviceNodes.get(host);
                    if (from && to) addEdge("calls", { from: serviceNodes.get(from.service)!, to, label: "calls", style: "traffic" });
                }
            } else if (r.type === "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation" || r.type === "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation") {
                // The VPC that joins the network, and services that join another account's network.
                const net = collectMarkers(r.inputs.serviceNetworkIdentifier)[0];
                const network = net && plan.stacks.find((x) => x.stack === net.stack)?.resources.find((x) => x.type === net.type && x.name === net.name);
                if (!net || !network) continue;
                const to = safeId(net.stack, "mesh", String(network.inputs.name));
                const vpc = collectMarkers(r.inputs.vpcIdentifier)[0];
                const vpcNode = vpc && vpcNodes.get(`${vpc.stack}\0${vpc.name}`);
                const service = collectMarkers(r.inputs.serviceIdentifier)[0];
                const svc = service && stack.resources.find((x) => x.type === service.type && x.name === service.name);
                const svcNode = svc && serviceNodes.get(String(svc.inputs.customDomainName));
                if (vpcNode) addEdge("network", { from: vpcNode, to, label: "VPC association", style: "link" });
                else if (svcNode && net.stack !== stack.stack) addEdge("network", { from: svcNode, to, label: "joins service network", style: "link" });
            } else if (r.type === "aws:appmesh/gatewayRoute:GatewayRoute") {
                const gw = own(stack).find((x) => x.type === "aws:appmesh/virtualGateway:VirtualGateway" && x.inputs.name === r.inputs.virtualGatewayName);
                const spec = (r.inputs.spec as any)?.httpRoute;
                const to = serviceNodes.get(spec?.action?.target?.virtualService?.virtualServiceName);
                if (gw && to) addEdge("gateway", { from: safeId(stack.stack, "gw", gw.name), to, label: spec?.match?.prefix, style: "traffic" });
            } else if (r.type === "aws:ecs/service:Service") {
                // Tasks that run in another account's (RAM-shared) subnets.
                for (const ref of collectMarkers((r.inputs.networkConfiguration as any)?.subnets)) {
                    const vpc = vpcNodes.get(`${ref.stack}\0${ref.name}`);
                    if (ref.stack !== stack.stack && vpc) addEdge("subnets", { from: accountNode(stack.stack), to: vpc, label: "tasks run in shared subnets", style: "link" });
                }
            }
        }
    }
    for (const e of plan.edges) {
        if (!plan.selected.includes(e.fromStack) || !e.toStack || !plan.selected.includes(e.toStack)) continue;
        if (e.kind === "ram-share") {
            const share = /RAM share "([^"]+)"/.exec(e.detail)?.[1] ?? "";
            addEdge("ram", { from: accountNode(e.fromStack), to: accountNode(e.toStack), label: `RAM share ${share}`, style: "link" });
        } else if (e.kind === "stack-reference") {
            addEdge("reference", { from: accountNode(e.fromStack), to: accountNode(e.toStack), label: "stack reference", style: "link" });
        } else if (e.kind === "dns-association") {
            const stack = shown.find((s) => s.stack === e.fromStack)!;
            const assoc = stack.resources.find((r) => r.urn === e.resources[0]);
            const zone = assoc && collectMarkers(assoc.inputs.zoneId)[0];
            const vpc = assoc && collectMarkers(assoc.inputs.vpcId)[0];
            const vpcNode = vpc && vpcNodes.get(`${vpc.stack}\0${vpc.name}`);
            const ns = zone && plan.stacks.find((s) => s.stack === zone.stack)?.resources.find((r) => r.type === zone.type && r.name === zone.name);
            if (ns && vpcNode) addEdge("dns", { from: safeId(zone.stack, "ns", String(ns.inputs.name)), to: vpcNode, label: "DNS association", style: "link" });
        } else if (e.kind === "vpc-peering") {
            addEdge("peering", { from: accountNode(e.fromStack), to: accountNode(e.toStack), label: "VPC peering", style: "link" });
        }
    }
    edges.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
    return { groups, nodes, edges: edges.map(({ rank: _r, seq: _s, ...e }) => e) };
}

/** The stack's resources created in its own account (the diagram places foreign ones by their links). */
function own(stack: StackPlan): readonly PlannedResource[] {
    return stack.resources;
}

function isUnderGateway(r: PlannedResource, stack: StackPlan): boolean {
    const byUrn = new Map(stack.resources.map((x) => [x.urn, x]));
    for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (byUrn.get(p)?.type === "cellmesh:appmesh:VirtualGateway") return true;
    return false;
}
