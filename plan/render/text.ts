// The human-readable plan: per stack (one account each) the resource tree by component, counts by
// type and account, the links to other accounts and each service's weights.

import { showComputed } from "../markers";
import { Plan, PlannedResource, StackPlan } from "../model";

/** `aws:servicediscovery/service:Service` -> `servicediscovery.Service`, `cellmesh:appmesh:CellService` -> `CellService`. */
export function displayType(type: string): string {
    if (type.startsWith("pulumi:providers:")) return `provider.${type.slice("pulumi:providers:".length)}`;
    const [pkg, mod, name] = type.split(":");
    if (pkg === "aws") return `${mod.split("/")[0]}.${name}`;
    if (pkg === "cellmesh") return name;
    if (pkg === "pulumi") return name;
    return `${pkg}.${mod}.${name}`;
}

/** Resources per type created in each account, sorted by type. */
export function countsByAccount(stack: StackPlan): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    for (const r of stack.resources) {
        const byType = out.get(r.account) ?? new Map<string, number>();
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
        out.set(r.account, byType);
    }
    for (const [account, byType] of out) out.set(account, new Map([...byType].sort(([a], [b]) => a.localeCompare(b))));
    return out;
}

function note(r: PlannedResource, stack: StackPlan): string {
    const notes: string[] = [];
    if (r.kind === "remote-component") notes.push("remote component: its provider creates the children at deploy time, not expanded offline");
    if (r.kind === "read") notes.push(`reads ${showComputed(String(r.inputs.name ?? ""))}`);
    if (r.kind === "provider") notes.push(`account ${r.account}${r.accountFrom ? ` = ${r.accountFrom}, computed` : ""}`);
    else if (r.account !== stack.account) notes.push(`in account ${r.account} via ${r.accountFrom ?? "its provider"}`);
    return notes.length > 0 ? `  [${notes.join("; ")}]` : "";
}

/** The resource tree of one stack, children under their component, in registration order. */
export function renderTree(stack: StackPlan): string[] {
    const children = new Map<string, PlannedResource[]>();
    const roots: PlannedResource[] = [];
    const urns = new Set(stack.resources.map((r) => r.urn));
    for (const r of stack.resources) {
        if (r.parent && urns.has(r.parent)) {
            const list = children.get(r.parent) ?? [];
            list.push(r);
            children.set(r.parent, list);
        } else {
            roots.push(r);
        }
    }
    const lines: string[] = [];
    const walk = (r: PlannedResource, prefix: string, last: boolean, top: boolean) => {
        const kids = children.get(r.urn) ?? [];
        const label = `${displayType(r.type)} ${r.name}${kids.length > 0 ? ` (${countDescendants(r.urn, children)})` : ""}${note(r, stack)}`;
        lines.push(top ? label : `${prefix}${last ? "└─ " : "├─ "}${label}`);
        const next = top ? "" : `${prefix}${last ? "   " : "│  "}`;
        kids.forEach((k, i) => walk(k, next, i === kids.length - 1, false));
    };
    // Top level: plain resources first, then components with their trees.
    const sorted = [...roots.filter((r) => !children.has(r.urn)), ...roots.filter((r) => children.has(r.urn))];
    for (const r of sorted) walk(r, "", true, true);
    return lines;
}

function countDescendants(urn: string, children: ReadonlyMap<string, PlannedResource[]>): number {
    let n = 0;
    for (const k of children.get(urn) ?? []) n += 1 + countDescendants(k.urn, children);
    return n;
}

export interface TextOptions {
    /** Leave out the resource trees (counts, edges and weights only). */
    readonly summary?: boolean;
}

export function renderText(plan: Plan, options: TextOptions = {}): string {
    const shown = plan.stacks.filter((s) => plan.selected.includes(s.stack));
    const total = shown.reduce((n, s) => n + s.resources.length, 0);
    const out: string[] = [];
    out.push(`cellmesh plan of project ${plan.project}: ${shown.length} stack${shown.length === 1 ? "" : "s"}, ${total} resources.`);
    out.push("Planned offline on Pulumi's mock engine: nothing was sent to AWS, no credentials were read.");
    out.push("(computed) marks a value only AWS can know at deploy time (ids, ARNs, DNS names, subnets).");
    for (const stack of shown) {
        out.push("");
        out.push(`=== stack ${stack.stack} (${stack.role}) · account ${stack.account} · ${stack.region} · ${stack.resources.length} resources ===`);
        out.push(`engine: ${stack.engine}`);
        if (!options.summary) {
            out.push("");
            out.push("Resources (by component):");
            for (const line of renderTree(stack)) out.push(`  ${line}`);
        }
        out.push("");
        out.push("Resources by type:");
        for (const [account, byType] of countsByAccount(stack)) {
            const n = [...byType.values()].reduce((a, b) => a + b, 0);
            out.push(`  in account ${account}${account === stack.account ? " (this stack's)" : ""}: ${n}`);
            for (const [type, count] of byType) out.push(`    ${String(count).padStart(4)}  ${type}`);
        }
        out.push("");
        out.push("Cross-account edges:");
        const edges = plan.edges.filter((e) => e.fromStack === stack.stack);
        if (edges.length === 0) out.push("  (none)");
        for (const e of edges) {
            const to = `${e.toAccount}${e.toStack ? ` (${e.toStack})` : ""}`;
            out.push(`  ${e.fromAccount} -> ${to}  ${e.kind}: ${e.detail}`);
        }
        out.push("");
        out.push("Weights (share of each service's traffic per cell):");
        const weights = plan.weights.filter((w) => w.stack === stack.stack);
        if (weights.length === 0) out.push("  (no services)");
        const width = Math.max(0, ...weights.map((w) => w.service.length));
        for (const w of weights) {
            const where = w.source === "lattice-listener" ? `Lattice listener ${w.route}` : w.source === "httproute" ? `HTTPRoute ${w.route}` : `route ${w.route}`;
            out.push(`  ${w.service.padEnd(width)}  ${w.cells.map((c) => `${c.cell} ${fmtPercent(c.percent)}`).join("  ")}  (${where})`);
            if (w.pins) out.push(`  ${"".padEnd(width)}  pinned: ${w.pins.join(", ")}`);
            if (w.images) out.push(`  ${"".padEnd(width)}  images: ${Object.entries(w.images).map(([cell, image]) => `${cell} ${image}`).join(", ")}`);
            if (w.alb) {
                out.push(`  ${"".padEnd(width)}  ${w.alb.targets.map((t) => `${t.cell} ${fmtPercent(t.percent)}`).join("  ")}  (ALB listener ${w.alb.listener}, from the internet)`);
            }
        }
        const outputs = Object.entries(stack.outputs).filter(([k]) => k !== "weights");
        if (outputs.length > 0) {
            out.push("");
            out.push("Outputs:");
            for (const [k, v] of outputs) out.push(`  ${k}: ${showComputed(typeof v === "string" ? v : JSON.stringify(v))}`);
        }
    }
    return out.join("\n") + "\n";
}

export function fmtPercent(p: number): string {
    return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}
