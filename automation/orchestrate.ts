// The order of operations: owner before consumers for up and preview, consumers before the owner
// for destroy, consumers of one phase in parallel. A failed stack stops the run after the stacks
// running beside it have finished (stopping them half-way would leave their updates pending).

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { Project, StackInfo } from "./discovery";
import { explainStackError } from "./errors";
import { Operation, Reporter, StackResult } from "./progress";
import { ChangeTally } from "./summary";

export interface RunDeps {
    /** Selects (or creates) the stack. */
    openStack(info: StackInfo): Promise<Stack>;
    /** Selects an existing stack; undefined if it was never created. */
    findStack(info: StackInfo): Promise<Stack | undefined>;
    readonly reporter: Reporter;
    /** Aborted on Ctrl-C: the Automation API then sends SIGINT to the running CLIs. */
    readonly signal: AbortSignal;
    /** Milliseconds clock (tests pin it). */
    now(): number;
}

/** Runs `operation` on one stack and reports it; never throws (the result says what happened). */
export async function runStack(info: StackInfo, operation: Operation, deps: RunDeps): Promise<StackResult> {
    const start = deps.now();
    const base = { stack: info.name, role: info.config.role, accountId: info.config.accountId, operation };
    const elapsed = () => Math.round((deps.now() - start) / 100) / 10;
    deps.reporter.stackStarted(info.name, operation, `${info.config.role}, account ${info.config.accountId}, ${info.config.region}`);
    let result: StackResult;
    // What the stack changed, from the engine's events: a failed stack shows what it did before failing.
    const tally = new ChangeTally();
    try {
        const stack = await deps.openStack(info);
        const opts = {
            onEvent: (e: EngineEvent) => {
                tally.add(e);
                deps.reporter.engineEvent(info.name, operation, e);
            },
            signal: deps.signal,
            // Explicit, so the CLI reads exactly the file discovery validated.
            configFile: info.file,
        };
        let changes: Record<string, number>;
        if (operation === "up") changes = (await stack.up(opts)).summary?.resourceChanges ?? {};
        else if (operation === "preview") changes = (await stack.preview(opts)).changeSummary ?? {};
        else changes = (await stack.destroy(opts)).summary?.resourceChanges ?? {};
        result = { ...base, result: "succeeded", changes, elapsedSeconds: elapsed() };
    } catch (err) {
        result = deps.signal.aborted
            ? { ...base, result: "cancelled", changes: tally.changes(), elapsedSeconds: elapsed(), message: `stack ${info.name}: ${operation} cancelled by Ctrl-C` }
            : { ...base, result: "failed", changes: tally.changes(), elapsedSeconds: elapsed(), message: explainStackError(info.name, err) };
    }
    deps.reporter.stackEnded(result);
    return result;
}

function skipped(info: StackInfo, operation: Operation, message: string): StackResult {
    return { stack: info.name, role: info.config.role, accountId: info.config.accountId, operation, result: "skipped", changes: {}, elapsedSeconds: 0, message };
}

/** True when the owner stack exists and has outputs, i.e. a consumer can read them. */
export async function ownerDeployed(project: Project, deps: RunDeps): Promise<boolean> {
    const owner = project.allStacks.find((s) => s.config.role === "owner");
    if (!owner) return false;
    const stack = await deps.findStack(owner);
    if (!stack) return false;
    return Object.keys(await stack.outputs()).length > 0;
}

/** The phases of an operation: stacks of a phase run in parallel, phases one after another. */
export function phases(project: Project, operation: Operation): StackInfo[][] {
    const owner = project.owner ? [project.owner] : [];
    const consumers = [...project.consumers];
    const ordered = operation === "destroy" ? [consumers, owner] : [owner, consumers];
    return ordered.filter((p) => p.length > 0);
}

/**
 * Runs `operation` over the selected stacks in order and returns every stack's result, including
 * the stacks it did not reach (`skipped`). The caller turns failures into the exit code.
 */
export async function runOperation(project: Project, operation: Operation, deps: RunDeps): Promise<StackResult[]> {
    const results: StackResult[] = [];
    const ownerName = project.allStacks.find((s) => s.config.role === "owner")?.name ?? "";
    let stop: string | undefined;
    for (const phase of phases(project, operation)) {
        const consumerPhase = phase[0].config.role === "consumer";
        if (stop === undefined && deps.signal.aborted) stop = "cancelled by Ctrl-C before it started";
        // A consumer reads the owner's outputs (mesh name, owner id, VPC): without a deployed owner
        // its up and its preview fail on the stack reference. Up of the owner in this run counts.
        const ownerRanUp = operation === "up" && results.some((r) => r.role === "owner" && r.result === "succeeded");
        if (stop === undefined && consumerPhase && operation !== "destroy" && !ownerRanUp && !(await ownerDeployed(project, deps))) {
            const why = `the owner stack ${ownerName} is not deployed yet and consumers read its outputs; run npm run rollout (with ${ownerName} in --stacks) first`;
            // Preview just has nothing to show yet; an up that cannot work is a failure.
            for (const s of phase) {
                const r = operation === "up" ? { ...skipped(s, operation, ""), result: "failed" as const, message: `stack ${s.name}: ${why}` } : skipped(s, operation, why);
                results.push(r);
                deps.reporter.stackEnded(r);
            }
            stop = why;
            continue;
        }
        if (stop !== undefined) {
            for (const s of phase) {
                const r = skipped(s, operation, stop);
                results.push(r);
                deps.reporter.stackEnded(r);
            }
            continue;
        }
        const phaseResults = await Promise.all(phase.map((s) => runStack(s, operation, deps)));
        results.push(...phaseResults);
        const bad = phaseResults.find((r) => r.result !== "succeeded");
        if (bad) stop = bad.result === "cancelled" ? "cancelled by Ctrl-C before it started" : `not started because stack ${bad.stack} failed`;
    }
    deps.reporter.summary(results);
    return results;
}
