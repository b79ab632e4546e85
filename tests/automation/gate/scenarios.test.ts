// The gate's scripted scenarios: the state machine (automation/gate/machine.ts) run by runGate with a
// fake clock, scripted readings and scripted deploys. Each row gives the EXACT sequence of decisions
// (`<outcome> step <n>: <action>`), what ends deployed, and where timing matters, how long from the
// failing step's deploy to the last good weights deployed again. Defaults: VPC Lattice.

import * as assert from "node:assert/strict";
import { GATE_DEFAULTS, GateSettings, gateSettings } from "../../../automation/gate/settings";
import { GatePlan, Weights } from "../../../automation/gate/machine";
import { GateRun, runGate } from "../../../automation/gate/run";
import type { CellReading, MetricWindow, TrafficReading } from "../../../shared/health/types";

const T0 = Date.parse("2026-11-20T10:00:00.000Z");
/** Each up takes this long on the fake clock. */
const UP_MS = 30_000;

const LATTICE = { requests: "AWS/VpcLattice TotalRequestCount", errors: "AWS/VpcLattice HTTPCode_5XX_Count", latency: "AWS/VpcLattice RequestTime" };
function traffic(requests: number | undefined, errors = 0, latencyMs: number | null = 120): TrafficReading {
    return {
        source: "VPC Lattice target group tg-cell", latencyStatistic: "p99", metrics: LATTICE,
        ...(requests !== undefined ? { requests, errors } : {}), ...(requests !== undefined && latencyMs !== null ? { latencyMs } : {}),
    };
}
const targets = (states: string[]) => [{ source: "VPC Lattice target group tg-cell", targets: states.map((state, i) => ({ id: `10.0.0.${i + 1}:5001`, state })) }];
const task = (running: number, desired = 2, failed?: string) => ({ source: "ECS service acct1-serviceb-cell2", desired, running, settled: !failed && running === desired, ...(failed ? { failed } : {}) });

/** What cell2 (watched) shows at one evaluation; cell1 (the other cell) is always healthy. */
interface Shows { readonly traffic?: TrafficReading[]; readonly targets?: string[]; readonly running?: number; readonly failed?: string; readonly throws?: Error; readonly ctrlCWhileRead?: true }
const HEALTHY: Shows = {};
const reading = (s: Shows): CellReading[] => [
    { cell: "cell1", traffic: [traffic(5000, 5, 100)], targets: targets(["HEALTHY", "HEALTHY"]), workload: task(2) },
    { cell: "cell2", traffic: s.traffic ?? [traffic(1000, 0, 120)], targets: targets(s.targets ?? ["HEALTHY", "HEALTHY"]), workload: task(s.running ?? 2, 2, s.failed) },
];

interface Scenario {
    readonly title: string;
    readonly settings?: Partial<GateSettings>;
    /** What cell2 shows at each evaluation, in order (the last one repeats). */
    readonly evaluations: readonly Shows[];
    /** Ups that fail (1-based, rollbacks included). */
    readonly failingUps?: readonly number[];
    /** Ctrl-C once the clock reaches this many ms after the start. */
    readonly cancelAt?: number;
    readonly decisions: readonly string[];
    readonly result: GateRun["result"];
    readonly deployed: Weights;
    /** Ms from the deploy of the step that failed to the end of the rollback's up. */
    readonly restoredAfterMs?: number;
    readonly firstFailure?: string;
}

const FROM = { cell1: 100, cell2: 0 };
const STEPS = [{ percent: 10, weights: { cell1: 90, cell2: 10 } }, { percent: 50, weights: { cell1: 50, cell2: 50 } }, { percent: 100, weights: { cell1: 0, cell2: 100 } }];
const spike: Shows = { traffic: [traffic(1000, 80, 120)] };

const SCENARIOS: readonly Scenario[] = [
    {
        title: "all healthy: each step promotes after one passing window, the last bakes 300 s",
        evaluations: [HEALTHY],
        decisions: ["pass step 1: promote to step 2 (50%)", "pass step 2: promote to step 3 (100%)", "pass step 3: bake: 60s of 300s", "pass step 3: bake: 120s of 300s", "pass step 3: bake: 180s of 300s", "pass step 3: bake: 240s of 300s", "pass step 3: done: cell1=0 cell2=100 baked 300s (bake 300s)"],
        result: "promoted", deployed: { cell1: 0, cell2: 100 },
    },
    {
        title: "an error spike at the second step rolls back on the threshold's failure, within one interval",
        evaluations: [HEALTHY, spike],
        decisions: ["pass step 1: promote to step 2 (50%)", "fail step 2: halt at step 2 (failure 1 of 2); evaluate again in 60s", "fail step 2: roll back to cell1=90 cell2=10 (failure 2 of 2)", "rolled-back step 2: weights cell1=90 cell2=10 deployed again"],
        // Step 2 deployed at 10:04:30; 90 s propagation: window 10:06-10:07, read at 10:08 (fail 1);
        // window 10:07-10:08, read at 10:09 (fail 2); the rollback's up ends at 10:09:30: 300 s.
        result: "rolled-back", deployed: { cell1: 90, cell2: 10 }, restoredAfterMs: 300_000,
        firstFailure: "step 2 (50%): cell2 error rate 8 (limit <= 1%); cell2 error rate vs other cells 8 (limit <= 0.6% (other cells 0.1% + 0.5))",
    },
    {
        title: "a latency spike (p99 900 ms) rolls back the same way",
        evaluations: [HEALTHY, { traffic: [traffic(1000, 0, 900)] }],
        decisions: ["pass step 1: promote to step 2 (50%)", "fail step 2: halt at step 2 (failure 1 of 2); evaluate again in 60s", "fail step 2: roll back to cell1=90 cell2=10 (failure 2 of 2)", "rolled-back step 2: weights cell1=90 cell2=10 deployed again"],
        result: "rolled-back", deployed: { cell1: 90, cell2: 10 }, restoredAfterMs: 300_000,
    },
    {
        title: "flapping below the threshold (fail, pass, fail, pass) continues and promotes",
        settings: { bakeSeconds: 0 },
        evaluations: [spike, HEALTHY, spike, HEALTHY, HEALTHY],
        decisions: ["fail step 1: halt at step 1 (failure 1 of 2); evaluate again in 60s", "pass step 1: promote to step 2 (50%)", "fail step 2: halt at step 2 (failure 1 of 2); evaluate again in 60s", "pass step 2: promote to step 3 (100%)", "pass step 3: done: cell1=0 cell2=100 baked 60s (bake 0s)"],
        result: "promoted", deployed: { cell1: 0, cell2: 100 },
    },
    {
        title: "no traffic at all (no datapoint) halts as inconclusive and promotes nothing",
        evaluations: [{ traffic: [traffic(undefined)] }],
        decisions: ["inconclusive step 1: halt at step 1 (10%), weights cell1=90 cell2=10 stay deployed: too little traffic or no data to judge; send traffic to the cell (or lower minRequests on purpose) and run again, or go back with npm run shift -- --weights cell1=100,cell2=0"],
        result: "inconclusive", deployed: { cell1: 90, cell2: 10 },
    },
    {
        title: "too little traffic (40 < 100 requests) is inconclusive too, even with 0 errors",
        evaluations: [HEALTHY, { traffic: [traffic(40, 0, 50)] }],
        decisions: ["pass step 1: promote to step 2 (50%)", "inconclusive step 2: halt at step 2 (50%), weights cell1=50 cell2=50 stay deployed: too little traffic or no data to judge; send traffic to the cell (or lower minRequests on purpose) and run again, or go back with npm run shift -- --weights cell1=90,cell2=10"],
        result: "inconclusive", deployed: { cell1: 50, cell2: 50 },
    },
    {
        title: "requests but a missing latency datapoint: inconclusive, not a pass",
        evaluations: [{ traffic: [traffic(1000, 0, null)] }],
        decisions: ["inconclusive step 1: halt at step 1 (10%), weights cell1=90 cell2=10 stay deployed: too little traffic or no data to judge; send traffic to the cell (or lower minRequests on purpose) and run again, or go back with npm run shift -- --weights cell1=100,cell2=0"],
        result: "inconclusive", deployed: { cell1: 90, cell2: 10 },
    },
    {
        title: "an unhealthy target fails even with clean traffic",
        evaluations: [{ targets: ["HEALTHY", "UNHEALTHY"] }],
        decisions: ["fail step 1: halt at step 1 (failure 1 of 2); evaluate again in 60s", "fail step 1: roll back to cell1=100 cell2=0 (failure 2 of 2)", "rolled-back step 1: weights cell1=100 cell2=0 deployed again"],
        result: "rolled-back", deployed: { cell1: 100, cell2: 0 }, restoredAfterMs: 300_000,
    },
    {
        title: "a cell whose tasks never become healthy (1 of 2 running) rolls back",
        evaluations: [{ running: 1, targets: ["HEALTHY", "INITIAL"] }],
        decisions: ["fail step 1: halt at step 1 (failure 1 of 2); evaluate again in 60s", "fail step 1: roll back to cell1=100 cell2=0 (failure 2 of 2)", "rolled-back step 1: weights cell1=100 cell2=0 deployed again"],
        result: "rolled-back", deployed: { cell1: 100, cell2: 0 },
        firstFailure: "step 1 (10%): cell2 tasks 1 (limit >= 2 running, no failed rollout)",
    },
    {
        title: "an ECS deployment the circuit breaker marked FAILED rolls back",
        settings: { failureThreshold: 1 },
        evaluations: [{ failed: "deployment ecs-svc/1 rolloutState FAILED: tasks failed to start" }],
        decisions: ["fail step 1: roll back to cell1=100 cell2=0 (failure 1 of 1)", "rolled-back step 1: weights cell1=100 cell2=0 deployed again"],
        result: "rolled-back", deployed: { cell1: 100, cell2: 0 }, restoredAfterMs: 240_000,
    },
    {
        title: "under the absolute limit but worse than the other cells (0.8 % vs 0.1 %) fails the relative check",
        settings: { failureThreshold: 1 },
        evaluations: [{ traffic: [traffic(1000, 8, 120)] }],
        decisions: ["fail step 1: roll back to cell1=100 cell2=0 (failure 1 of 1)", "rolled-back step 1: weights cell1=100 cell2=0 deployed again"],
        result: "rolled-back", deployed: { cell1: 100, cell2: 0 },
        firstFailure: "step 1 (10%): cell2 error rate vs other cells 0.8 (limit <= 0.6% (other cells 0.1% + 0.5))",
    },
    {
        title: "p99 400 ms (under 500) but 4x the other cells' 100 ms fails the relative latency check",
        settings: { failureThreshold: 1 },
        evaluations: [{ traffic: [traffic(1000, 0, 400)] }],
        decisions: ["fail step 1: roll back to cell1=100 cell2=0 (failure 1 of 1)", "rolled-back step 1: weights cell1=100 cell2=0 deployed again"],
        result: "rolled-back", deployed: { cell1: 100, cell2: 0 },
        firstFailure: "step 1 (10%): cell2 latency vs other cells 400 (limit <= 150 ms (other cells 100 ms))",
    },
    {
        title: "a step whose up fails rolls back to the last good weights (and deploys them)",
        evaluations: [HEALTHY],
        failingUps: [2],
        decisions: ["pass step 1: promote to step 2 (50%)", "deploy-failed step 2: roll back to cell1=90 cell2=10: step 2 (50%) did not deploy: up failed: AccessDenied", "rolled-back step 2: weights cell1=90 cell2=10 deployed again"],
        result: "rolled-back", deployed: { cell1: 90, cell2: 10 },
    },
    {
        title: "the rollback itself failing is reported with the first failure kept",
        settings: { failureThreshold: 1 },
        evaluations: [spike],
        failingUps: [2],
        decisions: ["fail step 1: roll back to cell1=100 cell2=0 (failure 1 of 1)", "rollback-failed step 1: the rollback to cell1=100 cell2=0 did not deploy: up failed: AccessDenied; first failure: step 1 (10%): cell2 error rate 8 (limit <= 1%); cell2 error rate vs other cells 8 (limit <= 0.6% (other cells 0.1% + 0.5))"],
        result: "rollback-failed", deployed: { cell1: 90, cell2: 10 },
        firstFailure: "step 1 (10%): cell2 error rate 8 (limit <= 1%); cell2 error rate vs other cells 8 (limit <= 0.6% (other cells 0.1% + 0.5))",
    },
    {
        title: "Ctrl-C during the bake restores the last good weights (the step before the last) and deploys them",
        evaluations: [HEALTHY],
        // The last step is deployed at 10:08:30 and bakes from 10:10 (first bake read at 10:12); Ctrl-C at 10:12:30.
        cancelAt: 12.5 * 60_000,
        decisions: ["pass step 1: promote to step 2 (50%)", "pass step 2: promote to step 3 (100%)", "pass step 3: bake: 60s of 300s", "cancelled step 3: roll back to cell1=50 cell2=50: cancelled by Ctrl-C", "rolled-back step 3: weights cell1=50 cell2=50 deployed again"],
        result: "cancelled", deployed: { cell1: 50, cell2: 50 },
    },
    {
        title: "Ctrl-C while the first step propagates goes back to the starting weights",
        evaluations: [HEALTHY],
        cancelAt: 60_000,
        decisions: ["cancelled step 1: roll back to cell1=100 cell2=0: cancelled by Ctrl-C", "rolled-back step 1: weights cell1=100 cell2=0 deployed again"],
        result: "cancelled", deployed: { cell1: 100, cell2: 0 },
    },
    {
        title: "Ctrl-C during a read (a throttled back-off cut short) cancels and goes back to the last good weights, not inconclusive",
        evaluations: [HEALTHY, { ctrlCWhileRead: true, throws: Object.assign(new Error("Rate exceeded"), { name: "Throttling" }) }],
        decisions: ["pass step 1: promote to step 2 (50%)", "cancelled step 2: roll back to cell1=90 cell2=10: cancelled by Ctrl-C", "rolled-back step 2: weights cell1=90 cell2=10 deployed again"],
        result: "cancelled", deployed: { cell1: 90, cell2: 10 },
    },
    {
        title: "signals that cannot be read (AccessDenied) are inconclusive, with the reason",
        evaluations: [{ throws: Object.assign(new Error("User is not authorized to perform: cloudwatch:GetMetricData"), { name: "AccessDenied" }) }],
        decisions: ["inconclusive step 1: halt at step 1 (10%), weights cell1=90 cell2=10 stay deployed: too little traffic or no data to judge; send traffic to the cell (or lower minRequests on purpose) and run again, or go back with npm run shift -- --weights cell1=100,cell2=0"],
        result: "inconclusive", deployed: { cell1: 90, cell2: 10 },
    },
    {
        title: "a failure during the bake rolls back to the step before the last",
        settings: { failureThreshold: 1 },
        evaluations: [HEALTHY, HEALTHY, HEALTHY, spike],
        decisions: ["pass step 1: promote to step 2 (50%)", "pass step 2: promote to step 3 (100%)", "pass step 3: bake: 60s of 300s", "fail step 3: roll back to cell1=50 cell2=50 (failure 1 of 1)", "rolled-back step 3: weights cell1=50 cell2=50 deployed again"],
        result: "rolled-back", deployed: { cell1: 50, cell2: 50 },
    },
    {
        title: "a cell with only task health to read (App Mesh, not the entry service) is judged on it",
        settings: { bakeSeconds: 0 },
        evaluations: [{ traffic: [] }],
        decisions: ["pass step 1: promote to step 2 (50%)", "pass step 2: promote to step 3 (100%)", "pass step 3: done: cell1=0 cell2=100 baked 60s (bake 0s)"],
        result: "promoted", deployed: { cell1: 0, cell2: 100 },
    },
    {
        title: "three failures needed (failureThreshold 3): two bad windows then a good one continue",
        settings: { failureThreshold: 3, bakeSeconds: 0 },
        evaluations: [spike, spike, HEALTHY],
        decisions: ["fail step 1: halt at step 1 (failure 1 of 3); evaluate again in 60s", "fail step 1: halt at step 1 (failure 2 of 3); evaluate again in 60s", "pass step 1: promote to step 2 (50%)", "pass step 2: promote to step 3 (100%)", "pass step 3: done: cell1=0 cell2=100 baked 60s (bake 0s)"],
        result: "promoted", deployed: { cell1: 0, cell2: 100 },
    },
];

/** A fake world: a clock that moves only when waited on or when an up runs. */
async function play(s: Scenario): Promise<{ run: GateRun; deploys: { weights: Weights; at: number }[]; windows: MetricWindow[] }> {
    let now = T0;
    const controller = new AbortController();
    const deploys: { weights: Weights; at: number }[] = [];
    const windows: MetricWindow[] = [];
    let ups = 0;
    let evaluations = 0;
    const settings: GateSettings = { ...gateSettings("lattice", undefined, {}, "test"), ...s.settings };
    const plan: GatePlan = { from: FROM, steps: STEPS, watched: ["cell2"], settings };
    const up = async (weights: Weights) => {
        ups += 1;
        now += UP_MS;
        if (s.failingUps?.includes(ups)) return { ok: false, message: "up failed: AccessDenied" };
        deploys.push({ weights, at: now });
        return { ok: true };
    };
    const run = await runGate(plan, {
        clock: {
            now: () => now,
            sleep: async (ms, signal) => {
                const until = now + ms;
                if (s.cancelAt !== undefined && !signal.aborted && until >= T0 + s.cancelAt && now < T0 + s.cancelAt) {
                    now = T0 + s.cancelAt;
                    controller.abort();
                    return;
                }
                now = until;
            },
        },
        read: async (window) => {
            windows.push(window);
            const shows = s.evaluations[Math.min(evaluations, s.evaluations.length - 1)];
            evaluations += 1;
            // Ctrl-C during a throttling back-off: the sleep ends at once and the read fails.
            if (shows.ctrlCWhileRead) controller.abort();
            if (shows.throws) throw shows.throws;
            return reading(shows);
        },
        deploy: (weights) => up(weights),
        rollback: (weights) => up(weights),
        signal: controller.signal,
        line: () => undefined,
    });
    return { run, deploys, windows };
}

describe("gate scenarios (state machine, fake clock)", () => {
    it("has at least 20 scenarios", () => assert.ok(SCENARIOS.length >= 20, `${SCENARIOS.length}`));

    for (const s of SCENARIOS) {
        it(s.title, async () => {
            const { run, deploys } = await play(s);
            assert.deepEqual(run.decisions.map((d) => `${d.outcome} step ${d.step}: ${d.action}`), s.decisions);
            assert.equal(run.result, s.result);
            assert.deepEqual(run.deployed, s.deployed);
            if (s.firstFailure) assert.equal(run.firstFailure, s.firstFailure);
            if (s.result === "rollback-failed") assert.equal(run.rollbackError, "up failed: AccessDenied");
            if (s.restoredAfterMs !== undefined) {
                // The failing step's deploy is the one before the rollback (the last two deploys).
                const [failing, restored] = deploys.slice(-2);
                assert.equal(restored.at - failing.at, s.restoredAfterMs);
            }
            // Every evaluation's decision names its window and its checks (what --json carries).
            for (const d of run.decisions.filter((x) => ["pass", "fail", "inconclusive"].includes(x.outcome))) {
                assert.ok(d.window && d.checks && d.checks.length > 0, JSON.stringify(d));
            }
        });
    }

    it("windows start once the change has propagated, on whole minutes, and are read a minute after they close", async () => {
        const { windows, deploys } = await play(SCENARIOS[0]);
        assert.deepEqual(deploys.map((d) => new Date(d.at).toISOString().slice(11, 19)), ["10:00:30", "10:04:30", "10:08:30"]);
        assert.deepEqual(windows.map((w) => `${w.start.toISOString().slice(11, 16)}-${w.end.toISOString().slice(11, 16)}`),
            ["10:02-10:03", "10:06-10:07", "10:10-10:11", "10:11-10:12", "10:12-10:13", "10:13-10:14", "10:14-10:15"]);
    });

    it("the time from a failing cell to its weights restored, with the defaults: propagation (to the next minute) + one window + the metric delay + (threshold - 1) x interval + one up", () => {
        const d = GATE_DEFAULTS;
        // 90 + 60 + 60 + 60 + 30 = 300 s, the scenarios' figure (an up of 30 s, a deploy ending on hh:mm:30).
        assert.equal((90 + 60 + 60 + (d.failureThreshold - 1) * d.intervalSeconds + UP_MS / 1000) * 1000, 300_000);
    });
});
