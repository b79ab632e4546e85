// The wave scheduler on its own, with fake stacks on a fake clock: exact concurrency, order,
// failure tolerance and wall time, independent of the machine.

import * as assert from "assert";
import { StackOutcome } from "../../automation/progress";
import { CANCELLED_BEFORE_START, failureHeadline, planWaves, runWaves, toleranceExceeded, Wave, WaveHooks } from "../../automation/waves";
import { organization, Sandbox } from "./helpers";

/** Virtual time: `sleep` registers a timer; `run` fires the earliest timer whenever nothing else can progress. */
class FakeClock {
    now = 0;
    private seq = 0;
    private timers: { at: number; seq: number; fire: () => void }[] = [];

    sleep(ms: number): Promise<void> {
        return new Promise((fire) => this.timers.push({ at: this.now + ms, seq: this.seq++, fire }));
    }

    async run<T>(work: Promise<T>): Promise<T> {
        let settled = false;
        work.then(() => (settled = true), () => (settled = true));
        for (;;) {
            // Promise callbacks all run before a setImmediate callback.
            await new Promise((r) => setImmediate(r));
            if (settled) return work;
            this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const next = this.timers.shift();
            if (!next) throw new Error("nothing left to wait for, but the run has not finished");
            this.now = next.at;
            next.fire();
        }
    }
}

interface Item { readonly name: string; readonly ms: number; readonly fail?: boolean; /** Its run rejects with this message after `ms`. */ readonly throws?: string }
interface Done { readonly name: string; readonly result: StackOutcome; readonly start: number; readonly end: number; readonly message?: string }

/** Hooks whose items sleep `ms` on the clock; records the trace. */
function fakeStacks(clock: FakeClock, signal?: AbortSignal) {
    const trace = { running: 0, maxRunning: 0, starts: [] as string[] };
    const hooks: WaveHooks<Item, Done> = {
        signal,
        name: (i) => i.name,
        outcome: (d) => d.result,
        skip: (i, reason) => ({ name: i.name, result: "skipped", start: -1, end: -1, message: reason }),
        fail: (i, message) => ({ name: i.name, result: "failed", start: -1, end: clock.now, message }),
        run: async (i) => {
            const start = clock.now;
            trace.starts.push(i.name);
            trace.running += 1;
            trace.maxRunning = Math.max(trace.maxRunning, trace.running);
            await clock.sleep(i.ms);
            trace.running -= 1;
            if (i.throws) throw new Error(i.throws);
            return { name: i.name, result: i.fail ? "failed" : "succeeded", start, end: clock.now };
        },
    };
    return { hooks, trace };
}

const MINUTE = 60_000;
const consumers = (n: number, ms = MINUTE, failing: number[] = []) =>
    Array.from({ length: n }, (_, k) => ({ name: `c${String(k + 1).padStart(3, "0")}`, ms, fail: failing.includes(k + 1) }));
const owner: Wave<Item> = { name: "owner", number: 0, items: [{ name: "acct1", ms: MINUTE }], critical: true };

describe("wave scheduler (fake stacks, fake clock)", () => {
    it("200 consumers at --max-concurrency 20: never more than 20 running, wall time = owner + ceil(200/20) x stack time", async () => {
        const clock = new FakeClock();
        const { hooks, trace } = fakeStacks(clock);
        const run = await clock.run(runWaves([owner, { name: "wave 1", number: 1, items: consumers(200) }], { maxConcurrency: 20, failureTolerance: 0 }, hooks));
        assert.strictEqual(clock.now, MINUTE + Math.ceil(200 / 20) * MINUTE);
        assert.strictEqual(trace.maxRunning, 20);
        assert.strictEqual(run.maxRunning, 20);
        assert.strictEqual(run.results.length, 201);
        assert.ok(run.results.every((r) => r.result === "succeeded"));
        assert.deepStrictEqual([run.stopped, run.notStarted, run.failed], [undefined, 0, []]);
        // The owner ran alone, before every consumer.
        assert.ok(run.results.slice(1).every((r) => r.start >= run.results[0].end));
        // Started in the order listed.
        assert.deepStrictEqual(trace.starts, ["acct1", ...consumers(200).map((c) => c.name)]);
    });

    it("3 failures with --failure-tolerance 2: after the third no stack starts, the running ones finish, the rest are skipped with the reason", async () => {
        const clock = new FakeClock();
        const { hooks, trace } = fakeStacks(clock);
        const run = await clock.run(runWaves([owner, { name: "wave 1", number: 1, items: consumers(200, MINUTE, [50, 120, 170]) }], { maxConcurrency: 20, failureTolerance: 2 }, hooks));
        const reason = "not started because 3 stacks failed (c050, c120, c170), more than --failure-tolerance 2";
        assert.strictEqual(run.stopped, reason);
        assert.deepStrictEqual(run.failed, ["c050", "c120", "c170"]);
        // c170 ends at 10 min together with c161..c180; c181..c189 started as c161..c169 ended before it.
        const count = (o: StackOutcome) => run.results.filter((r) => r.result === o).length;
        assert.deepStrictEqual({ succeeded: count("succeeded"), failed: count("failed"), skipped: count("skipped") }, { succeeded: 187, failed: 3, skipped: 11 });
        assert.strictEqual(trace.starts.at(-1), "c189");
        assert.deepStrictEqual(run.results.filter((r) => r.result === "skipped").map((r) => `${r.name}: ${r.message}`),
            consumers(200).slice(189).map((c) => `${c.name}: ${reason}`));
        assert.strictEqual(run.notStarted, 11);
        assert.ok(trace.maxRunning <= 20);
        // The started ones ran to the end: c181..c189 started at 10 min and ended a stack time later.
        assert.strictEqual(clock.now, MINUTE + 9 * MINUTE + MINUTE);
    });

    it("--failure-tolerance 0: the first failure stops the run; stacks already running finish", async () => {
        const clock = new FakeClock();
        const { hooks } = fakeStacks(clock);
        const items = [{ name: "c001", ms: MINUTE }, { name: "c002", ms: 2 * MINUTE, fail: true }, { name: "c003", ms: 3 * MINUTE }, { name: "c004", ms: MINUTE }, { name: "c005", ms: MINUTE }];
        const run = await clock.run(runWaves([{ name: "wave 1", number: 1, items }], { maxConcurrency: 3, failureTolerance: 0 }, hooks));
        // c004 started when c001 ended (1 min); c002 failed at 2 min; c003 (3 min) and c004 (2 min) finished.
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}`), ["c001:succeeded", "c002:failed", "c003:succeeded", "c004:succeeded", "c005:skipped"]);
        assert.strictEqual(run.results[4].message, "not started because stack c002 failed");
        assert.strictEqual(clock.now, 3 * MINUTE);
    });

    it("a failed owner stops the run whatever the tolerance", async () => {
        const clock = new FakeClock();
        const { hooks } = fakeStacks(clock);
        const failingOwner: Wave<Item> = { ...owner, items: [{ name: "acct1", ms: MINUTE, fail: true }] };
        const run = await clock.run(runWaves([failingOwner, { name: "wave 1", number: 1, items: consumers(3) }], { maxConcurrency: 10, failureTolerance: 5 }, hooks));
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}:${r.message ?? ""}`), [
            "acct1:failed:", ...["c001", "c002", "c003"].map((c) => `${c}:skipped:not started because stack acct1 failed`),
        ]);
    });

    it("waves run in order: a wave starts when every stack of the one before has ended, and the tolerance counts across waves", async () => {
        const clock = new FakeClock();
        const { hooks } = fakeStacks(clock);
        const wave1: Wave<Item> = { name: "wave 1", number: 1, items: [{ name: "a", ms: MINUTE }, { name: "b", ms: 5 * MINUTE, fail: true }, { name: "c", ms: 2 * MINUTE }] };
        const wave2: Wave<Item> = { name: "wave 2", number: 2, items: [{ name: "d", ms: MINUTE, fail: true }, { name: "e", ms: MINUTE }] };
        const wave3: Wave<Item> = { name: "wave 3", number: 3, items: [{ name: "f", ms: MINUTE }] };
        const run = await clock.run(runWaves([wave1, wave2, wave3], { maxConcurrency: 2, failureTolerance: 1 }, hooks));
        const by = new Map(run.results.map((r) => [r.name, r]));
        const wave1End = Math.max(...["a", "b", "c"].map((n) => by.get(n)!.end));
        assert.strictEqual(wave1End, 5 * MINUTE);
        assert.ok(["d", "e"].every((n) => by.get(n)!.start >= wave1End));
        // b and d failed: 2 > 1, so wave 3 is not started; e ran beside d.
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}`), ["a:succeeded", "b:failed", "c:succeeded", "d:failed", "e:succeeded", "f:skipped"]);
        assert.strictEqual(by.get("f")!.message, "not started because 2 stacks failed (b, d), more than --failure-tolerance 1");
    });

    it("a wave with unlessFailures (destroy's owner) does not start after any failure, even within the tolerance", async () => {
        const clock = new FakeClock();
        const { hooks } = fakeStacks(clock);
        const last: Wave<Item> = { name: "owner", number: 0, items: [{ name: "acct1", ms: MINUTE }], unlessFailures: (f) => `not started: ${f.join(", ")} failed` };
        const run = await clock.run(runWaves([{ name: "wave 1", number: 1, items: consumers(3, MINUTE, [2]) }, last], { maxConcurrency: 5, failureTolerance: 3 }, hooks));
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}:${r.message ?? ""}`), [
            "c001:succeeded:", "c002:failed:", "c003:succeeded:", "acct1:skipped:not started: c002 failed",
        ]);
    });

    it("a run that rejects is that stack's failure, counted against the tolerance; the others run to their end", async () => {
        const clock = new FakeClock();
        const { hooks, trace } = fakeStacks(clock);
        const items = consumers(5).map((c) => (c.name === "c001" ? { ...c, ms: MINUTE / 2, throws: "socket hang up" } : c.name === "c003" ? { ...c, throws: "EACCES" } : c));
        const run = await clock.run(runWaves([{ name: "wave 1", number: 1, items }], { maxConcurrency: 2, failureTolerance: 1 }, hooks));
        const why = "not started because 2 stacks failed (c001, c003), more than --failure-tolerance 1";
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}:${r.end}:${r.message ?? ""}`), [
            "c001:failed:30000:socket hang up", `c002:succeeded:${MINUTE}:`, `c003:failed:${MINUTE * 1.5}:EACCES`, `c004:succeeded:${MINUTE * 2}:`, `c005:skipped:-1:${why}`,
        ]);
        assert.deepStrictEqual([trace.starts, run.failed, run.stopped, run.notStarted], [["c001", "c002", "c003", "c004"], ["c001", "c003"], why, 1]);
        assert.strictEqual(trace.running, 0, "every started stack finished before runWaves resolved");
    });

    it("a run that throws before returning a promise is a failure too", async () => {
        const clock = new FakeClock();
        const { hooks } = fakeStacks(clock);
        const sync: WaveHooks<Item, Done> = { ...hooks, run: (i) => (i.name === "c002" ? (() => { throw new TypeError("not a function"); })() : hooks.run(i)) };
        const run = await clock.run(runWaves([{ name: "wave 1", number: 1, items: consumers(3) }], { maxConcurrency: 3, failureTolerance: 1 }, sync));
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}:${r.message ?? ""}`), ["c001:succeeded:", "c002:failed:not a function", "c003:succeeded:"]);
        assert.deepStrictEqual([run.failed, run.stopped], [["c002"], undefined]);
    });

    it("Ctrl-C: nothing new starts; the running stacks finish; the rest are skipped as cancelled", async () => {
        const clock = new FakeClock();
        const controller = new AbortController();
        const { hooks, trace } = fakeStacks(clock, controller.signal);
        const work = runWaves([{ name: "wave 1", number: 1, items: consumers(5) }], { maxConcurrency: 2, failureTolerance: 0 }, hooks);
        await new Promise((r) => setImmediate(r));
        controller.abort();
        const run = await clock.run(work);
        assert.deepStrictEqual(trace.starts, ["c001", "c002"]);
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}`), ["c001:succeeded", "c002:succeeded", "c003:skipped", "c004:skipped", "c005:skipped"]);
        assert.strictEqual(run.results[2].message, CANCELLED_BEFORE_START);
        assert.strictEqual(run.stopped, CANCELLED_BEFORE_START);
    });

    it("beforeWave can stand in for a wave's results and stop the run", async () => {
        const clock = new FakeClock();
        const { hooks, trace } = fakeStacks(clock);
        const gated: WaveHooks<Item, Done> = {
            ...hooks,
            beforeWave: async (wave) => (wave.number === 2 ? { results: wave.items.map((i) => ({ name: i.name, result: "failed" as const, start: -1, end: -1 })), stop: "gate closed" } : undefined),
        };
        const run = await clock.run(runWaves([
            { name: "wave 1", number: 1, items: [{ name: "a", ms: MINUTE }] },
            { name: "wave 2", number: 2, items: [{ name: "b", ms: MINUTE }] },
            { name: "wave 3", number: 3, items: [{ name: "c", ms: MINUTE }] },
        ], { maxConcurrency: 5, failureTolerance: 9 }, gated));
        assert.deepStrictEqual(trace.starts, ["a"]);
        assert.deepStrictEqual(run.results.map((r) => `${r.name}:${r.result}:${r.message ?? ""}`), ["a:succeeded:", "b:failed:", "c:skipped:gate closed"]);
    });

    it("the failure headline says whether the run stopped and why", () => {
        assert.strictEqual(toleranceExceeded(["c001"], 0), "not started because stack c001 failed");
        const counts = "1 succeeded, 1 failed, 0 skipped, 0 cancelled";
        assert.strictEqual(failureHeadline("rollout", ["acct2"], { stopped: "x", notStarted: 0, failureTolerance: 0 }, counts), `rollout stopped: stack acct2 failed (${counts}).`);
        assert.strictEqual(failureHeadline("rollout", ["c050", "c120", "c170"], { stopped: "x", notStarted: 11, failureTolerance: 2 }, counts),
            `rollout stopped: stack c050, stack c120, stack c170 failed, more than --failure-tolerance 2 (${counts}). 11 stack(s) not started.`);
        assert.strictEqual(failureHeadline("destroy", ["c002"], { notStarted: 0, failureTolerance: 1 }, counts),
            `destroy finished, but stack c002 failed (within --failure-tolerance 1: every other stack ran; ${counts}).`);
        // A failed owner stops the run within the tolerance: no "more than".
        assert.strictEqual(failureHeadline("rollout", ["acct1"], { stopped: "x", notStarted: 3, failureTolerance: 2 }, counts), `rollout stopped: stack acct1 failed (${counts}). 3 stack(s) not started.`);
    });
});

describe("planWaves: the owner first, consumers by cellmesh:wave", () => {
    let sb: Sandbox;
    before(() => {
        sb = new Sandbox(organization(5, (i) => [2, undefined, 3, 2, undefined][i - 1]));
    });
    after(() => sb.dispose());

    it("up and preview: the owner alone, then waves 1, 2, 3 (wave 1 is the default)", () => {
        for (const op of ["up", "preview"] as const) {
            assert.deepStrictEqual(planWaves(sb.project(), op).map((w) => `${w.name}: ${w.items.map((s) => s.name).join(" ")}${w.critical ? " (critical)" : ""}`), [
                "owner: acct1 (critical)", "wave 1: c002 c005", "wave 2: c001 c004", "wave 3: c003",
            ]);
        }
    });

    it("destroy: the waves in reverse, then the owner, which needs every consumer destroyed", () => {
        const waves = planWaves(sb.project(), "destroy");
        assert.deepStrictEqual(waves.map((w) => `${w.name}: ${w.items.map((s) => s.name).join(" ")}`), ["wave 3: c003", "wave 2: c001 c004", "wave 1: c002 c005", "owner: acct1"]);
        assert.strictEqual(waves[3].unlessFailures!(["c004"]), "not started because stack c004 failed to destroy and may still use the owner's shared network");
        assert.strictEqual(waves[3].unlessFailures!(["c004", "c001"]), "not started because stacks c004, c001 failed to destroy and may still use the owner's shared network");
    });

    it("--stacks narrows the waves; no owner selected, no owner wave", () => {
        assert.deepStrictEqual(planWaves(sb.project(["c003", "c004"]), "up").map((w) => w.name), ["wave 2", "wave 3"]);
    });
});
