// `status`: per stack, the last update, the key outputs and each service's cell weights, deployed
// (the stack's `weights` output) next to configured (Pulumi.<stack>.yaml). Read-only: stacks that
// were never created are reported as such, not created.

import type { Stack } from "@pulumi/pulumi/automation";
import { Project, StackInfo, selectedStacks } from "./discovery";
import { explainStackError } from "./errors";
import { table } from "./progress";

/** Outputs worth showing; the rest stay in `pulumi stack output`. */
export const KEY_OUTPUTS = ["engine", "meshName", "meshOwner", "meshArn", "serviceNetworkArn", "vpcId", "namespace", "ingressUrls"];

export interface CellWeight {
    readonly deployed?: number;
    readonly configured?: number;
}

export interface StackStatus {
    readonly stack: string;
    readonly role: string;
    readonly accountId: string;
    readonly region: string;
    readonly exists: boolean;
    readonly lastUpdate?: { readonly kind: string; readonly result: string; readonly startTime: string; readonly endTime?: string; readonly resourceChanges?: Record<string, number> };
    readonly outputs: Readonly<Record<string, unknown>>;
    /** service -> cell -> weights. */
    readonly weights: Readonly<Record<string, Readonly<Record<string, CellWeight>>>>;
    readonly error?: string;
}

function iso(value: unknown): string {
    return value instanceof Date ? value.toISOString() : String(value);
}

function mergeWeights(info: StackInfo, deployed: unknown): Record<string, Record<string, CellWeight>> {
    const out: Record<string, Record<string, CellWeight>> = {};
    for (const svc of info.config.services) {
        out[svc.name] = {};
        for (const c of svc.cells) out[svc.name][c.name] = { configured: c.weight };
    }
    if (deployed && typeof deployed === "object") {
        for (const [svc, cells] of Object.entries(deployed as Record<string, Record<string, unknown>>)) {
            out[svc] = out[svc] ?? {};
            for (const [cell, w] of Object.entries(cells ?? {})) out[svc][cell] = { ...out[svc][cell], deployed: Number(w) };
        }
    }
    return out;
}

export async function stackStatus(info: StackInfo, findStack: (info: StackInfo) => Promise<Stack | undefined>): Promise<StackStatus> {
    const base = { stack: info.name, role: info.config.role, accountId: info.config.accountId, region: info.config.region };
    try {
        const stack = await findStack(info);
        if (!stack) return { ...base, exists: false, outputs: {}, weights: mergeWeights(info, undefined) };
        const [history, outputs] = [await stack.history(1), await stack.outputs()];
        const last = history[0];
        const shown: Record<string, unknown> = {};
        for (const key of KEY_OUTPUTS) {
            if (key in outputs) shown[key] = outputs[key].secret ? "[secret]" : outputs[key].value;
        }
        return {
            ...base, exists: true, outputs: shown, weights: mergeWeights(info, outputs.weights?.value),
            ...(last ? {
                lastUpdate: {
                    kind: last.kind, result: last.result, startTime: iso(last.startTime),
                    ...(last.endTime ? { endTime: iso(last.endTime) } : {}),
                    ...(last.resourceChanges ? { resourceChanges: last.resourceChanges as Record<string, number> } : {}),
                },
            } : {}),
        };
    } catch (err) {
        return { ...base, exists: false, outputs: {}, weights: mergeWeights(info, undefined), error: explainStackError(info.name, err) };
    }
}

export async function collectStatus(project: Project, findStack: (info: StackInfo) => Promise<Stack | undefined>): Promise<StackStatus[]> {
    return Promise.all(selectedStacks(project).map((s) => stackStatus(s, findStack)));
}

function weightCell(w: CellWeight): string {
    if (w.deployed === undefined) return `- (config ${w.configured ?? "-"})`;
    if (w.configured !== undefined && w.configured !== w.deployed) return `${w.deployed} (config ${w.configured}, not deployed yet)`;
    return String(w.deployed);
}

export function formatStatus(statuses: readonly StackStatus[]): string {
    const blocks: string[] = [];
    for (const s of statuses) {
        const head = `${s.stack} (${s.role}, account ${s.accountId}, ${s.region})`;
        const lines = [head];
        if (s.error) lines.push(`  error: ${s.error}`);
        else if (!s.exists) lines.push("  not created yet: run npm run rollout");
        else if (!s.lastUpdate) lines.push("  created, never updated");
        else lines.push(`  last ${s.lastUpdate.kind}: ${s.lastUpdate.result} at ${s.lastUpdate.endTime ?? s.lastUpdate.startTime}`);
        for (const [k, v] of Object.entries(s.outputs)) lines.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
        const rows = Object.entries(s.weights).flatMap(([svc, cells]) => Object.entries(cells).map(([cell, w]) => [svc, cell, weightCell(w)]));
        if (rows.length > 0) lines.push(...table([["SERVICE", "CELL", "WEIGHT"], ...rows]).split("\n").map((l) => `  ${l}`));
        blocks.push(lines.join("\n"));
    }
    return blocks.join("\n\n");
}
