// `--diff OTHER.json`: what a config change would touch, resource by resource. Resources are matched
// by URN (stack, type chain and name, as Pulumi matches them); a changed resource lists the input
// keys that differ and each changed value's path. The elements of a weighted list (Lattice and ALB
// target groups, App Mesh weighted targets, HTTPRoute backends) are named by their cell, and every
// leaf of an element that comes or goes is shown, so a weight is never hidden; a long value is cut
// only around what changed.

import { GATEWAY_ALB_TARGET, cellOfAlbTargetGroup } from "../shared/awsNames";
import { collectMarkers, showComputed } from "./markers";
import { Plan, PlannedResource } from "./model";

export interface ResourceChange {
    readonly op: "add" | "remove" | "change";
    readonly stack: string;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Changed top-level input keys (and `(parent)`, `(provider)`), for `change`. */
    readonly keys: readonly string[];
    /** `path: before -> after` for each changed leaf, for `change`. */
    readonly details: readonly string[];
}

export interface PlanDiff {
    readonly changes: readonly ResourceChange[];
    /** Stack outputs whose value differs, as `stack.output`. */
    readonly outputs: readonly string[];
    /** Stacks of the saved plan that this one no longer has (every resource of theirs is listed as removed). */
    readonly removedStacks: readonly string[];
}

export interface DiffOptions {
    /**
     * The new plan covers the whole project (no --stack): a stack only the saved plan has was
     * removed. With --stack, stacks not planned are just not shown. @default true
     */
    readonly wholeProject?: boolean;
}

/** Names an element of a weighted list by the cell it serves, from what one plan knows. */
class CellNames {
    private readonly byKey = new Map<string, PlannedResource>();
    private readonly byUrn = new Map<string, PlannedResource>();
    /** `<stack> <node>` -> cell, from the plan's weights (Lattice target group names, virtual nodes, HTTPRoute backends). */
    private readonly nodes = new Map<string, string>();
    /** `<stack>` -> the cells (and gateway targets) its ALB target groups may serve: their names are rebuilt, not parsed. */
    private readonly albTargets = new Map<string, Set<string>>();

    constructor(plan: Plan) {
        for (const s of plan.stacks) {
            for (const r of s.resources) {
                this.byKey.set(`${s.stack} ${r.type} ${r.name}`, r);
                this.byUrn.set(r.urn, r);
            }
        }
        for (const w of plan.weights) {
            for (const c of w.cells) this.nodes.set(`${w.stack} ${c.node}`, c.cell);
            const known = this.albTargets.get(w.stack) ?? new Set([GATEWAY_ALB_TARGET]);
            for (const c of [...w.cells, ...(w.alb?.targets ?? [])]) known.add(c.cell);
            this.albTargets.set(w.stack, known);
        }
    }

    /** The cell a weighted target (an element with a `weight`) of a list in `stack` stands for, or undefined. */
    label(stack: string, element: unknown): string | undefined {
        if (!element || typeof element !== "object" || Array.isArray(element) || !("weight" in element)) return undefined;
        const e = element as Record<string, unknown>;
        for (const ref of collectMarkers(element)) {
            const r = this.byKey.get(`${ref.stack} ${ref.type} ${ref.name}`);
            if (!r) continue;
            if (r.type === "aws:lb/targetGroup:TargetGroup") {
                const alb = r.parent ? this.byUrn.get(r.parent)?.name : undefined;
                return (alb !== undefined ? cellOfAlbTargetGroup(alb, r.name, this.albTargets.get(ref.stack) ?? [GATEWAY_ALB_TARGET]) : undefined) ?? r.name;
            }
            const node = typeof r.inputs.name === "string" ? r.inputs.name : r.name;
            return this.nodes.get(`${ref.stack} ${node}`) ?? node;
        }
        const node = typeof e.virtualNode === "string" ? e.virtualNode : typeof e.name === "string" ? e.name : undefined;
        return node === undefined ? undefined : (this.nodes.get(`${stack} ${node}`) ?? node);
    }
}

export function diffPlans(before: Plan, after: Plan, options: DiffOptions = {}): PlanDiff {
    const changes: ResourceChange[] = [];
    const outputs: string[] = [];
    const names = { before: new CellNames(before), after: new CellNames(after) };
    for (const stack of after.stacks.filter((s) => after.selected.includes(s.stack))) {
        const old = before.stacks.find((s) => s.stack === stack.stack);
        const oldByUrn = new Map<string, PlannedResource>((old?.resources ?? []).map((r) => [r.urn, r]));
        const newUrns = new Set(stack.resources.map((r) => r.urn));
        const ctx: LeafContext = { stack: stack.stack, names };
        for (const r of stack.resources) {
            const prev = oldByUrn.get(r.urn);
            const base = { stack: stack.stack, urn: r.urn, type: r.type, name: r.name };
            if (!prev) {
                changes.push({ op: "add", ...base, keys: [], details: [] });
                continue;
            }
            const keys: string[] = [];
            const details: string[] = [];
            for (const k of [...new Set([...Object.keys(prev.inputs), ...Object.keys(r.inputs)])].sort()) {
                const d: string[] = [];
                leafDiff(k, prev.inputs[k], r.inputs[k], d, ctx);
                if (d.length > 0) {
                    keys.push(k);
                    details.push(...d);
                }
            }
            if (prev.parent !== r.parent) keys.push("(parent)");
            if (prev.provider !== r.provider) keys.push("(provider)");
            if (keys.length > 0) changes.push({ op: "change", ...base, keys, details });
        }
        for (const r of old?.resources ?? []) {
            if (!newUrns.has(r.urn)) changes.push({ op: "remove", stack: stack.stack, urn: r.urn, type: r.type, name: r.name, keys: [], details: [] });
        }
        for (const k of [...new Set([...Object.keys(old?.outputs ?? {}), ...Object.keys(stack.outputs)])].sort()) {
            const d: string[] = [];
            leafDiff(k, old?.outputs[k], stack.outputs[k], d, ctx);
            if (d.length > 0) outputs.push(`${stack.stack}.${k}`);
        }
    }
    // A stack the saved plan has and this project no longer does: everything of it goes.
    const planned = new Set(after.stacks.map((s) => s.stack));
    const removedStacks = (options.wholeProject ?? true) ? before.stacks.filter((s) => !planned.has(s.stack)) : [];
    for (const s of removedStacks) {
        for (const r of s.resources) changes.push({ op: "remove", stack: s.stack, urn: r.urn, type: r.type, name: r.name, keys: [], details: [] });
        for (const k of Object.keys(s.outputs).sort()) outputs.push(`${s.stack}.${k}`);
    }
    return { changes, outputs, removedStacks: removedStacks.map((s) => s.stack) };
}

interface LeafContext {
    readonly stack: string;
    readonly names: { readonly before: CellNames; readonly after: CellNames };
}

/**
 * The keys of two lists' elements: their cells when every element of both names a distinct one
 * (`targetGroups[cell2]`), else their positions.
 */
function elementKeys(a: unknown[], b: unknown[], ctx: LeafContext): { label: string; at: [number | undefined, number | undefined] }[] {
    const la = a.map((e) => ctx.names.before.label(ctx.stack, e));
    const lb = b.map((e) => ctx.names.after.label(ctx.stack, e));
    const named = [...la, ...lb].every((l) => l !== undefined) && new Set(la).size === la.length && new Set(lb).size === lb.length;
    if (!named) {
        return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => ({ label: String(i), at: [i < a.length ? i : undefined, i < b.length ? i : undefined] }));
    }
    const labels = [...new Set([...lb, ...la] as string[])];
    return labels.map((label) => ({ label, at: [la.indexOf(label) >= 0 ? la.indexOf(label) : undefined, lb.indexOf(label) >= 0 ? lb.indexOf(label) : undefined] }));
}

function leafDiff(path: string, a: unknown, b: unknown, out: string[], ctx: LeafContext): void {
    if (a === b) return;
    // JSON documents inside strings (policies, container definitions) are compared as JSON.
    const ja = parseJsonText(a);
    const jb = parseJsonText(b);
    if (ja !== undefined && jb !== undefined) return leafDiff(path, ja, jb, out, ctx);
    const isObj = (v: unknown) => v !== null && typeof v === "object";
    // Both lists, or both objects, or one of them absent: compare leaf by leaf, so that an element
    // that comes or goes shows each of its values (its weight too).
    const bothLists = Array.isArray(a) && Array.isArray(b);
    const bothObjects = isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b);
    const oneAbsent = (a === undefined && isObj(b)) || (b === undefined && isObj(a));
    if (bothLists || (oneAbsent && Array.isArray(a ?? b))) {
        for (const { label, at } of elementKeys((a as unknown[]) ?? [], (b as unknown[]) ?? [], ctx)) {
            leafDiff(`${path}[${label}]`, at[0] === undefined ? undefined : (a as unknown[])[at[0]], at[1] === undefined ? undefined : (b as unknown[])[at[1]], out, ctx);
        }
        return;
    }
    if (bothObjects || oneAbsent) {
        const ka = a ? Object.keys(a as object) : [];
        const kb = b ? Object.keys(b as object) : [];
        for (const k of [...new Set([...ka, ...kb])]) {
            leafDiff(`${path}.${k}`, (a as Record<string, unknown> | undefined)?.[k], (b as Record<string, unknown> | undefined)?.[k], out, ctx);
        }
        return;
    }
    const [sa, sb] = showPair(a, b);
    out.push(`${path}: ${sa} -> ${sb}`);
}

function parseJsonText(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
    try {
        return JSON.parse(v);
    } catch {
        return undefined;
    }
}

function show(v: unknown): string {
    return v === undefined ? "(unset)" : showComputed(JSON.stringify(v));
}

/** Characters kept on each side of what changed when a value is cut. */
const CONTEXT = 16;

/**
 * Both values for display: whole when they are short; otherwise cut to what differs between them
 * (with some context), so the change itself is always shown.
 */
export function showPair(a: unknown, b: unknown): [string, string] {
    const sa = show(a);
    const sb = show(b);
    if ((sa.length <= 80 && sb.length <= 80) || a === undefined || b === undefined) return [sa, sb];
    let start = 0;
    while (start < sa.length && start < sb.length && sa[start] === sb[start]) start++;
    let end = 0;
    while (end < sa.length - start && end < sb.length - start && sa[sa.length - 1 - end] === sb[sb.length - 1 - end]) end++;
    const from = Math.max(0, start - CONTEXT);
    const keepEnd = Math.max(0, end - CONTEXT);
    const cut = (s: string) => `${from > 0 ? "…" : ""}${s.slice(from, s.length - keepEnd)}${keepEnd > 0 ? "…" : ""}`;
    return [cut(sa), cut(sb)];
}

const SIGN = { add: "+", remove: "-", change: "~" } as const;

export function renderDiff(diff: PlanDiff, against: string): string {
    const out = [`Changes against ${against}:`];
    if (diff.changes.length === 0) out.push("  (no resource changes)");
    for (const s of diff.removedStacks) out.push(`  stack ${s}: only in ${against}, no longer a stack of this project; each of its resources is listed as removed`);
    for (const c of diff.changes) {
        out.push(`  ${SIGN[c.op]} ${c.stack} ${c.type} ${c.name}${c.op === "change" ? `  [${c.keys.join(", ")}]` : ""}`);
        for (const d of c.details) out.push(`      ${d}`);
    }
    const n = (op: ResourceChange["op"]) => diff.changes.filter((c) => c.op === op).length;
    out.push(`${n("change")} to change, ${n("add")} to add, ${n("remove")} to remove.`);
    if (diff.outputs.length > 0) out.push(`Stack outputs that change: ${diff.outputs.join(", ")}`);
    return out.join("\n") + "\n";
}
