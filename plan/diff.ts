// `--diff OTHER.json`: what a config change would touch, resource by resource. Resources are matched
// by URN (stack, type chain and name, as Pulumi matches them); a changed resource lists the input
// keys that differ and each changed value's path.

import { showComputed } from "./markers";
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
}

export function diffPlans(before: Plan, after: Plan): PlanDiff {
    const changes: ResourceChange[] = [];
    const outputs: string[] = [];
    for (const stack of after.stacks.filter((s) => after.selected.includes(s.stack))) {
        const old = before.stacks.find((s) => s.stack === stack.stack);
        const oldByUrn = new Map<string, PlannedResource>((old?.resources ?? []).map((r) => [r.urn, r]));
        const newUrns = new Set(stack.resources.map((r) => r.urn));
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
                leafDiff(k, prev.inputs[k], r.inputs[k], d);
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
            leafDiff(k, old?.outputs[k], stack.outputs[k], d);
            if (d.length > 0) outputs.push(`${stack.stack}.${k}`);
        }
    }
    return { changes, outputs };
}

function leafDiff(path: string, a: unknown, b: unknown, out: string[]): void {
    if (a === b) return;
    // JSON documents inside strings (policies, container definitions) are compared as JSON.
    const ja = parseJsonText(a);
    const jb = parseJsonText(b);
    if (ja !== undefined && jb !== undefined) return leafDiff(path, ja, jb, out);
    if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
        const keys = Array.isArray(a)
            ? Array.from({ length: Math.max(a.length, (b as unknown[]).length) }, (_, i) => i)
            : [...new Set([...Object.keys(a), ...Object.keys(b as object)])];
        for (const k of keys) {
            const sub = typeof k === "number" ? `${path}[${k}]` : `${path}.${k}`;
            leafDiff(sub, (a as any)[k], (b as any)[k], out);
        }
        return;
    }
    out.push(`${path}: ${show(a)} -> ${show(b)}`);
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
    if (v === undefined) return "(unset)";
    const text = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
    return showComputed(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

const SIGN = { add: "+", remove: "-", change: "~" } as const;

export function renderDiff(diff: PlanDiff, against: string): string {
    const out = [`Changes against ${against}:`];
    if (diff.changes.length === 0) out.push("  (no resource changes)");
    for (const c of diff.changes) {
        out.push(`  ${SIGN[c.op]} ${c.stack} ${c.type} ${c.name}${c.op === "change" ? `  [${c.keys.join(", ")}]` : ""}`);
        for (const d of c.details) out.push(`      ${d}`);
    }
    const n = (op: ResourceChange["op"]) => diff.changes.filter((c) => c.op === op).length;
    out.push(`${n("change")} to change, ${n("add")} to add, ${n("remove")} to remove.`);
    if (diff.outputs.length > 0) out.push(`Stack outputs that change: ${diff.outputs.join(", ")}`);
    return out.join("\n") + "\n";
}
