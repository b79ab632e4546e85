// What a run prints: a line per stack as it starts and ends, a line per resource as the engine
// reports it, and a summary table. With --json, these lines go to stderr and stdout carries only the
// final JSON document (written by cli.ts).

import type { EngineEvent } from "@pulumi/pulumi/automation";

export type Operation = "up" | "preview" | "destroy";
export type StackOutcome = "succeeded" | "failed" | "cancelled" | "skipped";

/** One stack's part in a run. */
export interface StackResult {
    readonly stack: string;
    readonly role: "owner" | "consumer";
    readonly accountId: string;
    readonly operation: Operation;
    readonly result: StackOutcome;
    /**
     * Resource counts by operation (`create`, `update`, `same`, ...): the engine's summary, or for a
     * stack that failed or was cancelled, what its events showed done (and `failed`) until then.
     */
    readonly changes: Readonly<Record<string, number>>;
    readonly elapsedSeconds: number;
    /** Why it failed, was cancelled or was skipped. */
    readonly message?: string;
}

export interface Reporter {
    line(text: string): void;
    stackStarted(stack: string, operation: Operation, detail: string): void;
    engineEvent(stack: string, operation: Operation, event: EngineEvent): void;
    stackEnded(result: StackResult): void;
    summary(results: readonly StackResult[]): void;
}

const PAST: Record<string, string> = {
    create: "created", update: "updated", delete: "deleted", replace: "replaced", same: "unchanged",
    read: "read", refresh: "refreshed", import: "imported", "create-replacement": "created (replacement)",
    "delete-replaced": "deleted (replaced)", discard: "discarded",
};

/** `{ create: 3, same: 2 }` -> "3 created, 2 unchanged" (preview: "3 to create, 2 unchanged"). */
export function describeChanges(operation: Operation, changes: Readonly<Record<string, number>>): string {
    const parts = Object.entries(changes)
        .filter(([, n]) => n > 0)
        .sort(([a], [b]) => (a === "same" ? 1 : b === "same" ? -1 : a.localeCompare(b)))
        .map(([op, n]) => (op === "same" ? `${n} unchanged` : op === "failed" ? `${n} failed` : operation === "preview" ? `${n} to ${op}` : `${n} ${PAST[op] ?? op}`));
    return parts.length > 0 ? parts.join(", ") : "no resources";
}

/** True when an operation changed nothing (a resumed rollout's up-to-date stacks). */
export function noChanges(changes: Readonly<Record<string, number>>): boolean {
    return Object.entries(changes).every(([op, n]) => op === "same" || n === 0);
}

function resourceName(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** Formats rows as left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

export function summaryTable(results: readonly StackResult[]): string {
    return table([
        ["STACK", "ROLE", "ACCOUNT", "OPERATION", "RESULT", "CHANGES", "TIME"],
        ...results.map((r) => [
            r.stack, r.role, r.accountId, r.operation, r.result,
            r.result === "skipped" ? "-" : r.result !== "succeeded" && Object.keys(r.changes).length === 0 ? "nothing changed" : describeChanges(r.operation, r.changes), `${r.elapsedSeconds.toFixed(1)}s`,
        ]),
    ]);
}

/** Human progress on `out` (stdout normally, stderr with --json). */
export class TextReporter implements Reporter {
    constructor(private readonly out: (text: string) => void) {}

    line(text: string): void {
        this.out(text);
    }

    stackStarted(stack: string, operation: Operation, detail: string): void {
        this.out(`[${stack}] ${operation} started (${detail})`);
    }

    engineEvent(stack: string, operation: Operation, event: EngineEvent): void {
        const done = event.resOutputsEvent?.metadata;
        if (done && done.op !== "same" && done.type !== "pulumi:pulumi:Stack") {
            const verb = operation === "preview" ? `would ${done.op}` : (PAST[done.op] ?? done.op);
            this.out(`[${stack}]   ${verb} ${done.type} ${resourceName(done.urn)}`);
        }
        const failed = event.resOpFailedEvent?.metadata;
        if (failed) this.out(`[${stack}]   failed to ${failed.op} ${failed.type} ${resourceName(failed.urn)}`);
        const diag = event.diagnosticEvent;
        if (diag && diag.severity === "error" && diag.urn) {
            this.out(`[${stack}]   error: ${diag.message.trim()}`);
        }
    }

    stackEnded(r: StackResult): void {
        const what = r.result === "succeeded" ? describeChanges(r.operation, r.changes) : (r.message ?? "").split("\n")[0];
        if (r.result === "skipped") {
            this.out(`[${r.stack}] ${r.operation} skipped: ${r.message ?? ""}`);
            return;
        }
        this.out(`[${r.stack}] ${r.operation} ${r.result} in ${r.elapsedSeconds.toFixed(1)}s: ${what}`);
    }

    summary(results: readonly StackResult[]): void {
        if (results.length === 0) return;
        this.out("");
        this.out(summaryTable(results));
    }
}
