// The gate as a state machine: pure and deterministic. It is told what happened (a deploy finished,
// a wait ended, an evaluation came back, Ctrl-C) with the time, and answers with the one thing to do
// next (deploy, wait until, read a window, roll back, done). automation/gate/run.ts does those things
// with real (or, in tests, fake) clocks, readers and ups. Flagger's canary analysis is the model: a
// failed evaluation halts; `failureThreshold` consecutive failures roll back; the last step bakes;
// inconclusive (Argo Rollouts' third outcome) stops without promoting.

import type { Evaluation, Outcome } from "./evaluate";
import type { GateSettings } from "./settings";

export type Weights = Readonly<Record<string, number>>;

export interface GateStep {
    /** Percentage of the way from the starting weights to the target. */
    readonly percent: number;
    readonly weights: Weights;
}

export interface GatePlan {
    /** The deployed weights the gate starts from: the first "last good" weights. */
    readonly from: Weights;
    readonly steps: readonly GateStep[];
    /** The cells whose health decides (those gaining traffic, or the release's cell). */
    readonly watched: readonly string[];
    readonly settings: GateSettings;
}

export type GateResult = "promoted" | "rolled-back" | "inconclusive" | "cancelled" | "rollback-failed";

export type GateCommand =
    | { readonly kind: "deploy"; readonly step: number; readonly weights: Weights }
    | { readonly kind: "wait"; readonly until: number }
    | { readonly kind: "read"; readonly window: { readonly start: number; readonly end: number }; readonly watched: readonly string[] }
    | { readonly kind: "rollback"; readonly weights: Weights; readonly reason: string }
    | { readonly kind: "done"; readonly result: GateResult };

export type GateEvent =
    | { readonly kind: "deployed"; readonly at: number; readonly ok: boolean; readonly message?: string }
    | { readonly kind: "waited"; readonly at: number }
    | { readonly kind: "evaluated"; readonly at: number; readonly evaluation: Evaluation }
    | { readonly kind: "cancelled"; readonly at: number }
    | { readonly kind: "rolled-back"; readonly at: number; readonly ok: boolean; readonly message?: string };

/** One decision, as printed and in --json. */
export interface Decision {
    readonly at: string;
    readonly step: number;
    readonly percent: number;
    /** `pass` / `fail` / `inconclusive` for evaluations; `deploy-failed`, `cancelled`, `rolled-back`, `rollback-failed` otherwise. */
    readonly outcome: Outcome | "deploy-failed" | "cancelled" | "rolled-back" | "rollback-failed";
    /** What the gate does about it. */
    readonly action: string;
    readonly window?: { readonly start: string; readonly end: string };
    readonly checks?: Evaluation["checks"];
}

const MINUTE = 60_000;
const ceilMinute = (t: number) => Math.ceil(t / MINUTE) * MINUTE;
const show = (w: Weights) => Object.entries(w).map(([c, v]) => `${c}=${v}`).join(" ");

export class GateMachine {
    readonly decisions: Decision[] = [];
    /** The weights to go back to: the starting ones, then each step that passed. */
    lastGood: Weights;
    /** The first failure (an evaluation or a deploy), kept when a rollback fails too. */
    firstFailure?: string;
    private step = 0;
    private failures = 0;
    private window?: { start: number; end: number };
    /** Where the last step's first window started (its bake is measured from there). */
    private bakeFrom?: number;
    private phase: "deploy" | "wait" | "read" | "rollback" | "done" = "deploy";
    private rollbackReason?: string;
    private result?: GateResult;

    constructor(private readonly plan: GatePlan) {
        if (plan.steps.length === 0) throw new Error("a gated shift needs at least one step");
        this.lastGood = plan.from;
    }

    get done(): GateResult | undefined {
        return this.result;
    }

    start(): GateCommand {
        return { kind: "deploy", step: 0, weights: this.plan.steps[0].weights };
    }

    on(e: GateEvent): GateCommand {
        if (this.phase === "done") return { kind: "done", result: this.result! };
        if (e.kind === "cancelled") return this.rollback(e.at, "cancelled", "cancelled by Ctrl-C");
        const s = this.plan.settings;
        const len = Math.max(MINUTE, ceilMinute(s.intervalSeconds * 1000));
        const current = this.plan.steps[this.step];
        switch (e.kind) {
            case "deployed": {
                if (!e.ok) {
                    this.firstFailure ??= `step ${this.step + 1} (${current.percent}%) did not deploy: ${e.message ?? "up failed"}`;
                    return this.rollback(e.at, "deploy-failed", this.firstFailure);
                }
                // The first window starts once the change has propagated, on a whole minute.
                const start = ceilMinute(e.at + s.propagationSeconds * 1000);
                this.window = { start, end: start + len };
                if (this.step === this.plan.steps.length - 1) this.bakeFrom = start;
                this.phase = "wait";
                return { kind: "wait", until: this.window.end + s.metricDelaySeconds * 1000 };
            }
            case "waited":
                this.phase = "read";
                return { kind: "read", window: this.window!, watched: this.plan.watched };
            case "evaluated":
                return this.evaluated(e.at, e.evaluation, len);
            case "rolled-back": {
                this.phase = "done";
                const ok = e.ok;
                this.result = ok ? (this.rollbackReason === "cancelled by Ctrl-C" ? "cancelled" : "rolled-back") : "rollback-failed";
                this.record(e.at, ok ? "rolled-back" : "rollback-failed", ok
                    ? `weights ${show(this.lastGood)} deployed again`
                    : `the rollback to ${show(this.lastGood)} did not deploy: ${e.message ?? "up failed"}; first failure: ${this.firstFailure ?? this.rollbackReason}`);
                return { kind: "done", result: this.result };
            }
        }
    }

    private evaluated(at: number, ev: Evaluation, len: number): GateCommand {
        const s = this.plan.settings;
        const w = this.window!;
        const window = { start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() };
        const current = this.plan.steps[this.step];
        const last = this.step === this.plan.steps.length - 1;
        const next = () => {
            this.window = { start: w.start + s.intervalSeconds * 1000, end: w.start + s.intervalSeconds * 1000 + len };
            this.phase = "wait";
            return { kind: "wait" as const, until: this.window.end + s.metricDelaySeconds * 1000 };
        };
        if (ev.outcome === "inconclusive") {
            this.phase = "done";
            this.result = "inconclusive";
            this.record(at, "inconclusive", `halt at step ${this.step + 1} (${current.percent}%), weights ${show(current.weights)} stay deployed: too little traffic or no data to judge; send traffic to the cell (or lower minRequests on purpose) and run again, or go back with npm run shift -- --weights ${show(this.lastGood).replace(/ /g, ",")}`, window, ev);
            return { kind: "done", result: "inconclusive" };
        }
        if (ev.outcome === "fail") {
            this.failures += 1;
            this.firstFailure ??= `step ${this.step + 1} (${current.percent}%): ${ev.checks.filter((c) => c.outcome === "fail").map((c) => `${c.cell} ${c.signal} ${c.value ?? "no data"} (limit ${c.limit})`).join("; ")}`;
            if (this.failures >= s.failureThreshold) {
                this.record(at, "fail", `roll back to ${show(this.lastGood)} (failure ${this.failures} of ${s.failureThreshold})`, window, ev);
                return this.rollback(at, undefined, `${this.failures} consecutive failed evaluations at step ${this.step + 1} (${current.percent}%)`);
            }
            this.record(at, "fail", `halt at step ${this.step + 1} (failure ${this.failures} of ${s.failureThreshold}); evaluate again in ${s.intervalSeconds}s`, window, ev);
            return next();
        }
        this.failures = 0;
        if (!last) {
            this.lastGood = current.weights;
            this.record(at, "pass", `promote to step ${this.step + 2} (${this.plan.steps[this.step + 1].percent}%)`, window, ev);
            this.step += 1;
            this.phase = "deploy";
            return { kind: "deploy", step: this.step, weights: this.plan.steps[this.step].weights };
        }
        const baked = (w.end - this.bakeFrom!) / 1000;
        if (baked >= s.bakeSeconds) {
            this.lastGood = current.weights;
            this.phase = "done";
            this.result = "promoted";
            this.record(at, "pass", `done: ${show(current.weights)} baked ${baked}s (bake ${s.bakeSeconds}s)`, window, ev);
            return { kind: "done", result: "promoted" };
        }
        this.record(at, "pass", `bake: ${baked}s of ${s.bakeSeconds}s`, window, ev);
        return next();
    }

    private rollback(at: number, outcome: "cancelled" | "deploy-failed" | undefined, reason: string): GateCommand {
        this.phase = "rollback";
        this.rollbackReason = reason;
        if (outcome) this.record(at, outcome, `roll back to ${show(this.lastGood)}: ${reason}`);
        if (outcome !== "cancelled") this.firstFailure ??= reason;
        return { kind: "rollback", weights: this.lastGood, reason };
    }

    private record(at: number, outcome: Decision["outcome"], action: string, window?: Decision["window"], ev?: Evaluation): void {
        const step = this.plan.steps[this.step];
        this.decisions.push({
            at: new Date(at).toISOString(), step: this.step + 1, percent: step.percent, outcome, action,
            ...(window ? { window } : {}), ...(ev ? { checks: ev.checks } : {}),
        });
    }
}

/** The cells a shift's health is judged by: those whose weight rises, else every cell that keeps traffic. */
export function watchedCells(from: Weights, target: Weights): string[] {
    const rising = Object.keys(target).filter((c) => target[c] > (from[c] ?? 0));
    return rising.length > 0 ? rising : Object.keys(target).filter((c) => target[c] > 0);
}
