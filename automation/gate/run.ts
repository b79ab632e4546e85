// Runs the gate's state machine (machine.ts) against the world: deploys (an up of the stack), waits
// on a clock, reads the cells' health (readers) and evaluates it, rolls back. Everything comes in
// through `GateRunDeps`, so tests drive it with a fake clock, stubbed AWS clients and the fake CLI.

import type { CellReading, MetricWindow } from "../../shared/health/types";
import { Evaluation, describeCheck, evaluate } from "./evaluate";
import { Decision, GateCommand, GateMachine, GatePlan, GateResult, Weights } from "./machine";

export interface Clock {
    now(): number;
    /** Waits `ms`, resolving early when `signal` aborts. */
    sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface DeployResult {
    readonly ok: boolean;
    readonly message?: string;
}

export interface GateRunDeps {
    readonly clock: Clock;
    /** Every cell's readings over the window (the watched cells' and the others', for comparison). */
    read(window: MetricWindow): Promise<CellReading[]>;
    /** Writes the weights into the stack's config and ups the stack. */
    deploy(weights: Weights, step: number): Promise<DeployResult>;
    /** The same for the last good weights; runs even after Ctrl-C (its own signal). */
    rollback(weights: Weights): Promise<DeployResult>;
    readonly signal: AbortSignal;
    line(text: string): void;
}

export interface GateRun {
    readonly result: GateResult;
    readonly decisions: readonly Decision[];
    /** The weights deployed at the end. */
    readonly deployed: Weights;
    readonly firstFailure?: string;
    readonly rollbackError?: string;
}

/** An evaluation that could not read its signals is inconclusive, with the reason. */
function unreadable(err: unknown, watched: readonly string[]): Evaluation {
    const note = `could not read the signals: ${(err as Error)?.name ?? "Error"}: ${((err as Error)?.message ?? String(err)).split("\n")[0]}`;
    return { outcome: "inconclusive", checks: watched.map((cell) => ({ cell, signal: "signals", source: "-", metric: "-", value: null, limit: "readable", outcome: "inconclusive" as const, note })) };
}

export async function runGate(plan: GatePlan, deps: GateRunDeps): Promise<GateRun> {
    const m = new GateMachine(plan);
    let printed = 0;
    let deployed: Weights = plan.from;
    let rollbackError: string | undefined;
    let cancelled = false;
    const flush = () => {
        for (const d of m.decisions.slice(printed)) {
            for (const c of d.checks ?? []) deps.line(`  ${describeCheck(c)}`);
            deps.line(`gate ${d.outcome} at step ${d.step} (${d.percent}%): ${d.action}`);
        }
        printed = m.decisions.length;
    };
    const cancel = (): GateCommand => {
        cancelled = true;
        return m.on({ kind: "cancelled", at: deps.clock.now() });
    };
    let cmd = m.start();
    while (cmd.kind !== "done") {
        flush();
        if (deps.signal.aborted && !cancelled && cmd.kind !== "rollback") {
            cmd = cancel();
            continue;
        }
        switch (cmd.kind) {
            case "deploy": {
                const r = await deps.deploy(cmd.weights, cmd.step);
                if (r.ok) deployed = cmd.weights;
                cmd = deps.signal.aborted && !cancelled ? cancel() : m.on({ kind: "deployed", at: deps.clock.now(), ok: r.ok, ...(r.message ? { message: r.message } : {}) });
                break;
            }
            case "wait":
                await deps.clock.sleep(Math.max(0, cmd.until - deps.clock.now()), deps.signal);
                cmd = deps.signal.aborted && !cancelled ? cancel() : m.on({ kind: "waited", at: deps.clock.now() });
                break;
            case "read": {
                const window = { start: new Date(cmd.window.start), end: new Date(cmd.window.end) };
                let evaluation: Evaluation;
                try {
                    evaluation = evaluate(await deps.read(window), cmd.watched, plan.settings, window);
                } catch (err) {
                    evaluation = unreadable(err, cmd.watched);
                }
                // Ctrl-C during the read (a throttling back-off ends at once and the read fails): cancel, not "inconclusive".
                cmd = deps.signal.aborted && !cancelled ? cancel() : m.on({ kind: "evaluated", at: deps.clock.now(), evaluation });
                break;
            }
            case "rollback": {
                deps.line(`gate: rolling back to ${Object.entries(cmd.weights).map(([c, w]) => `${c}=${w}`).join(" ")} (${cmd.reason})`);
                const r = await deps.rollback(cmd.weights);
                if (r.ok) deployed = cmd.weights;
                else rollbackError = r.message ?? "up failed";
                cmd = m.on({ kind: "rolled-back", at: deps.clock.now(), ok: r.ok, ...(r.message ? { message: r.message } : {}) });
                break;
            }
        }
    }
    flush();
    return {
        result: cmd.result, decisions: m.decisions, deployed,
        ...(m.firstFailure ? { firstFailure: m.firstFailure } : {}),
        ...(rollbackError ? { rollbackError } : {}),
    };
}
