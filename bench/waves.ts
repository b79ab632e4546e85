// `npm run bench:waves`: a simulated organization rolled out by the real driver (`main`, the same
// code path as `npm run rollout`) against the tests' recording fake Pulumi CLI, whose every `up`
// sleeps a fixed time. Measures the wall time against the critical path (owner + ceil(n / N) stack
// times), the most ups running at once (from the driver and from the fake's log) and the driver's
// peak memory. Nothing is deployed; the fake never runs the program. Figures: docs/many-accounts.md.

import { UsageError } from "../automation/errors";
import { readCommandLine, usageError } from "../automation/usage";
import { machine, table } from "./report";

export const USAGE = `Usage: npm run bench:waves -- [options]

Rolls out an owner and N consumer stacks with the driver against the fake Pulumi CLI (tests/automation/
fixtures), twice, each in a fresh Node process: every stack succeeding, then with failures injected;
prints per run the stacks that succeeded, failed and were not started, the most running at once, the
wall time against the critical path, and the driver's CPU time and peak memory.

Options:
  --stacks N             consumer stacks (default 200)
  --max-concurrency N    the driver's --max-concurrency (default 20)
  --stack-ms MS          how long each fake up takes (default 3000)
  --failures N           stacks that fail in the second run, spread over the fleet (default 3)
  --failure-tolerance K  the second run's --failure-tolerance (default 2)
  --scenario S           run only one of them, in this process: clean or failures
  --json                 print the figures as JSON
  -h, --help             this help
`;

export interface WavesBenchOptions {
    readonly stacks: number;
    readonly maxConcurrency: number;
    readonly stackMs: number;
    readonly failures: number;
    readonly failureTolerance: number;
    readonly json: boolean;
    readonly scenario?: "clean" | "failures";
}

const NUMBERS: Record<string, { key: keyof WavesBenchOptions; min: number }> = {
    stacks: { key: "stacks", min: 1 },
    "max-concurrency": { key: "maxConcurrency", min: 1 },
    "stack-ms": { key: "stackMs", min: 0 },
    failures: { key: "failures", min: 0 },
    "failure-tolerance": { key: "failureTolerance", min: 0 },
};

/** Read through automation/usage.ts, as every command of the project is. */
export function parseWavesBenchArgs(argv: readonly string[]): WavesBenchOptions | "help" {
    const line = readCommandLine(argv, {
        command: "bench:waves",
        options: { ...Object.fromEntries(Object.keys(NUMBERS).map((k) => [k, { type: "string" } as const])), scenario: { type: "string" }, json: { type: "boolean" } },
    });
    if (line.help) return "help";
    const o: Record<string, unknown> = { stacks: 200, maxConcurrency: 20, stackMs: 3000, failures: 3, failureTolerance: 2, json: line.values.json === true };
    for (const [flag, spec] of Object.entries(NUMBERS)) {
        const value = line.values[flag];
        if (value === undefined) continue;
        if (typeof value !== "string" || !/^\d+$/.test(value) || Number(value) < spec.min) throw usageError("bench:waves", `--${flag} "${String(value)}": a whole number from ${spec.min} up`);
        o[spec.key] = Number(value);
    }
    const scenario = line.values.scenario;
    if (scenario !== undefined && scenario !== "clean" && scenario !== "failures") throw usageError("bench:waves", `--scenario "${String(scenario)}": clean or failures`);
    if (scenario !== undefined) o.scenario = scenario;
    const opts = o as unknown as WavesBenchOptions;
    if (opts.failures > opts.stacks) throw usageError("bench:waves", `--failures ${opts.failures}: at most --stacks (${opts.stacks})`);
    return opts;
}

export interface WavesRun {
    readonly scenario: string;
    readonly stacks: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly notStarted: number;
    readonly exitCode: number;
    /** The scheduler's count. */
    readonly maxRunningDriver: number;
    /** From the fake CLI's log: ups whose start and end overlap. */
    readonly maxRunningCli: number;
    readonly wallSeconds: number;
    /** Owner + ceil(consumers / N) stack times: the least a rollout of all of them can take. */
    readonly criticalPathSeconds: number;
    readonly peakRssMb: number;
    readonly peakHeapMb: number;
    /** CPU seconds of the driver's own process (the fake CLI's processes not included). */
    readonly driverCpuSeconds: number;
}

/** The consumers that fail: spread evenly, e.g. 3 of 200 -> c050, c100, c150. */
export function failingStacks(stacks: number, failures: number): string[] {
    return Array.from({ length: failures }, (_, k) => `c${String(Math.round(((k + 1) * stacks) / (failures + 1))).padStart(3, "0")}`);
}

/** One rollout of a fresh simulated organization; in this process, so its memory is the driver's. */
export async function simulate(o: WavesBenchOptions, failing: readonly string[], scenario: string, failureTolerance: number): Promise<WavesRun> {
    // The tests' sandbox: a temporary project, the fake CLI, and the environment it reads.
    const { maxOverlap, organization, Sandbox } = require("../tests/automation/helpers") as typeof import("../tests/automation/helpers");
    const { main } = require("../automation/cli") as typeof import("../automation/cli");
    const sb = new Sandbox(organization(o.stacks));
    try {
        sb.scenario({ all: { up: { delayMs: o.stackMs } }, stacks: Object.fromEntries(failing.map((s) => [s, { up: { failTimes: 1 } }])) });
        let peakRss = process.memoryUsage().rss;
        let peakHeap = process.memoryUsage().heapUsed;
        const sampler = setInterval(() => {
            const m = process.memoryUsage();
            peakRss = Math.max(peakRss, m.rss);
            peakHeap = Math.max(peakHeap, m.heapUsed);
        }, 50);
        let doc: { stacks: { result: string }[]; run: { maxRunning: number; notStarted: number } } | undefined;
        const cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const exitCode = await main(["rollout", "--json", "--skip-preflight", "--max-concurrency", String(o.maxConcurrency), "--failure-tolerance", String(failureTolerance)], {
            cwd: sb.projectDir, env: process.env, signal: new AbortController().signal,
            out: (t) => (doc = JSON.parse(t)), err: () => undefined,
            resolveCli: () => sb.cli(), program: async () => ({}),
        });
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu = process.cpuUsage(cpu0);
        clearInterval(sampler);
        const count = (r: string) => doc!.stacks.filter((s) => s.result === r).length;
        return {
            scenario, stacks: o.stacks + 1, succeeded: count("succeeded"), failed: count("failed"), notStarted: doc!.run.notStarted, exitCode,
            maxRunningDriver: doc!.run.maxRunning, maxRunningCli: maxOverlap(sb.intervals("up").values()),
            wallSeconds: wall, criticalPathSeconds: ((1 + Math.ceil(o.stacks / o.maxConcurrency)) * o.stackMs) / 1000,
            peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20, driverCpuSeconds: (cpu.user + cpu.system) / 1e6,
        };
    } finally {
        sb.dispose();
    }
}

/** One scenario in this process. */
function scenario(o: WavesBenchOptions, which: "clean" | "failures"): Promise<WavesRun> {
    return which === "clean"
        ? simulate(o, [], "all succeed", 0)
        : simulate(o, failingStacks(o.stacks, o.failures), `${o.failures} fail, K=${o.failureTolerance}`, o.failureTolerance);
}

/** Each scenario in a fresh Node process (started as npm starts this one), so its peak memory is its own. */
function inChild(argv: readonly string[], which: "clean" | "failures"): WavesRun {
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, ...argv.filter((a) => a !== "--json"), "--scenario", which, "--json"], { encoding: "utf8", maxBuffer: 1 << 24 });
    return JSON.parse(out).runs[0] as WavesRun;
}

async function run(o: WavesBenchOptions, argv: readonly string[]): Promise<void> {
    const failing = failingStacks(o.stacks, o.failures);
    const runs = o.scenario ? [await scenario(o, o.scenario)] : [inChild(argv, "clean"), inChild(argv, "failures")];
    if (o.json) {
        console.log(JSON.stringify({ machine: machine(), options: o, failing, runs }, null, 2));
        return;
    }
    console.log(`Wave rollout simulation: owner + ${o.stacks} consumer stacks, --max-concurrency ${o.maxConcurrency}, fake Pulumi CLI (${o.stackMs} ms per up), ${machine()}`);
    console.log(`Failing stacks in the second run: ${failing.join(", ")}`);
    console.log(table(
        ["run", "stacks", "succeeded", "failed", "not started", "exit", "max running", "max running (CLI log)", "wall s", "critical path s", "driver CPU s", "peak RSS MB", "peak heap MB"],
        runs.map((r) => [r.scenario, String(r.stacks), String(r.succeeded), String(r.failed), String(r.notStarted), String(r.exitCode), String(r.maxRunningDriver),
            String(r.maxRunningCli), r.wallSeconds.toFixed(1), r.criticalPathSeconds.toFixed(1), r.driverCpuSeconds.toFixed(1), r.peakRssMb.toFixed(0), r.peakHeapMb.toFixed(0)]),
        true,
    ));
    console.log("critical path: owner + ceil(stacks / max-concurrency) x the up time, for every stack succeeding; the run with failures stops early.");
    console.log("max running: the driver's count; (CLI log): ups whose start and end records in the fake's log overlap. driver CPU s: the driver's");
    console.log("process only (each up also starts the fake CLI's processes). peak RSS/heap: process.memoryUsage(), sampled every 50 ms.");
}

if (require.main === module) {
    try {
        const o = parseWavesBenchArgs(process.argv.slice(2));
        if (o === "help") process.stdout.write(USAGE);
        else run(o, process.argv.slice(2)).catch((err) => {
            console.error(err);
            process.exitCode = 1;
        });
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = err.exitCode;
    }
}
