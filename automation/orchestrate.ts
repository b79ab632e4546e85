// The order of operations: the owner alone before the consumers for up and preview, the consumers
// before the owner for destroy; consumers in waves (`cellmesh:wave`), at most --max-concurrency at a
// time (automation/waves.ts). After --failure-tolerance + 1 failed stacks nothing new starts and the
// stacks already running finish (stopping them half-way would leave their updates pending).

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { Project, StackInfo } from "./discovery";
import { explainStackError } from "./errors";
import { Operation, Reporter, StackResult } from "./progress";
import { ChangeTally } from "./summary";
import { planWaves, runWaves, WaveRun } from "./waves";

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
    /**
     * Runs one stack and reports its start and end, as `runStack` (the local Pulumi CLI, the default)
     * does; the Pulumi Deployments runner passes its own.
     */
    runStack?(info: StackInfo, operation: Operation): Promise<StackResult>;
    /** Whether consumers can read the owner's outputs; defaults to `ownerDeployed` (through `findStack`). */
    ownerDeployed?(project: Project): Promise<boolean>;
}

/** How a run over many stacks is paced (docs/many-accounts.md). */
export interface RunOptions {
    /** At most this many stacks at once. @default Infinity (the CLI passes the machine's default, automation/capacity.ts) */
    readonly maxConcurrency?: number;
    /** After this many failed stacks plus one, no new stack starts. @default 0 */
    readonly failureTolerance?: number;
    /**
     * Decides, before a stack starts, to skip it (`rollout --resume`): the reason, or undefined to
     * run it. Called in plan order.
     */
    readonly skipIfDone?: (info: StackInfo) => string | undefined;
    /** Told every result as it ends, e.g. to record it (automation/runState.ts). */
    readonly onResult?: (info: StackInfo, result: StackResult) => void;
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

/**
 * Runs `operation` over the selected stacks, wave by wave, and returns every stack's result (in plan
 * order), including the stacks it did not start (`skipped`), with how the run went. The caller turns
 * failures into the exit code.
 */
export async function runWaveOperation(project: Project, operation: Operation, deps: RunDeps, options: RunOptions = {}): Promise<WaveRun<StackResult>> {
    const ownerName = project.allStacks.find((s) => s.config.role === "owner")?.name ?? "";
    // A stack that ran reported its own end (runStack); one that did not start is reported here.
    const recorded = (info: StackInfo, r: StackResult) => {
        try {
            options.onResult?.(info, r);
        } catch (err) {
            // The run state is a convenience for --resume: failing to write it stops nothing.
            deps.reporter.line(`[${info.name}] the run state was not recorded: ${(err as Error).message}`);
        }
        return r;
    };
    const report = (info: StackInfo, r: StackResult) => {
        deps.reporter.stackEnded(r);
        return recorded(info, r);
    };
    const run = await runWaves<StackInfo, StackResult>(planWaves(project, operation), {
        maxConcurrency: options.maxConcurrency ?? Infinity,
        failureTolerance: options.failureTolerance ?? 0,
    }, {
        signal: deps.signal,
        name: (s) => s.name,
        outcome: (r) => r.result,
        skip: (s, reason) => report(s, skipped(s, operation, reason)),
        fail: (s, message) => report(s, { ...skipped(s, operation, ""), result: "failed", message: `stack ${s.name}: ${message}` }),
        run: async (s) => {
            const done = options.skipIfDone?.(s);
            // Skipped by --resume: reported, but not recorded again (its record stays as it was).
            if (done !== undefined) {
                const r = skipped(s, operation, done);
                deps.reporter.stackEnded(r);
                return r;
            }
            return recorded(s, await (deps.runStack ?? ((i, o) => runStack(i, o, deps)))(s, operation));
        },
        // A consumer reads the owner's outputs (network, owner id, VPC): without a deployed owner its
        // up and its preview fail on the stack reference. Up of the owner in this run counts.
        beforeWave: async (wave, done) => {
            if (wave.number === 0 || operation === "destroy") return undefined;
            const ownerRanUp = operation === "up" && done.some((r) => r.role === "owner" && r.result === "succeeded");
            if (ownerRanUp || (await (deps.ownerDeployed ?? ((p) => ownerDeployed(p, deps)))(project))) return undefined;
            const why = `the owner stack ${ownerName} is not deployed yet and consumers read its outputs; run npm run rollout (with ${ownerName} in --stacks) first`;
            // Preview just has nothing to show yet; an up that cannot work is a failure.
            const results = wave.items.map((s) => report(s, operation === "up"
                ? { ...skipped(s, operation, ""), result: "failed" as const, message: `stack ${s.name}: ${why}` }
                : skipped(s, operation, why)));
            return { results, stop: why };
        },
    });
    deps.reporter.summary(run.results);
    return run;
}

/** `runWaveOperation`'s results alone. */
export async function runOperation(project: Project, operation: Operation, deps: RunDeps, options: RunOptions = {}): Promise<StackResult[]> {
    return (await runWaveOperation(project, operation, deps, options)).results;
}
