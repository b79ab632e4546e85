// The release gate's settings: defaults (and why, docs/releases.md), the service's `release:` config,
// then the command's flags, and the floors below which waiting is too short to measure anything.

import type { ReleaseConfig } from "../../config/release";
import type { Engine } from "../../engines";
import { UsageError } from "../errors";

export interface GateSettings {
    /** Seconds between evaluations; each window is this long, rounded up to whole minutes. */
    readonly intervalSeconds: number;
    /** Consecutive failed evaluations that roll back. */
    readonly failureThreshold: number;
    /** The 5XX rate a watched cell may have, in percent of its requests. */
    readonly maxErrorRatePercent: number;
    /** The p99 latency a watched cell may have, in ms. */
    readonly maxLatencyMs: number;
    /** Requests a cell needs in a window to be judged; fewer: inconclusive. */
    readonly minRequests: number;
    /** How long the last step is watched before it counts as done. */
    readonly bakeSeconds: number;
    /** Wait after a deploy before its traffic counts. */
    readonly propagationSeconds: number;
    /** Wait after a window closes before its metrics are read (CloudWatch publishes per minute). */
    readonly metricDelaySeconds: number;
}

/**
 * Defaults. 60 s: AWS publishes these metrics per minute. 2 failures: one bad minute halts, two in a
 * row roll back (a single flap does not). 1 % 5XX and 500 ms p99: Flagger's documented example
 * thresholds (success rate 99 %, p99 500 ms). 100 requests: below that one error is already 1 %, so 0 %
 * and 1 % cannot be told apart. 300 s bake: five evaluations of the final weights.
 */
export const GATE_DEFAULTS = {
    intervalSeconds: 60, failureThreshold: 2, maxErrorRatePercent: 1, maxLatencyMs: 500, minRequests: 100, bakeSeconds: 300,
} as const;

/** Below these, waits are refused unless lowered on purpose (`--allow-short-waits`, `release.allowShortWaits`). */
export const FLOORS = {
    /** Per engine: how long a weight change takes to reach the data plane. VPC Lattice: ~90 s (ECS waits about 90 s after each Lattice weight change, AmazonECS developer guide, vpc-lattice-resources-for-blue-green). App Mesh: no published figure; one metric period. */
    propagationSeconds: { lattice: 90, appmesh: 60 } as Readonly<Record<Engine, number>>,
    /** ALB and Lattice metrics are published per minute: a shorter interval reads the same minute twice. */
    intervalSeconds: 60,
    metricDelaySeconds: 60,
};

/** Defaults, then the service's config, then the flags; refuses waits below the floors unless allowed. */
export function gateSettings(engine: Engine, config: ReleaseConfig | undefined, flags: ReleaseConfig, where: string): GateSettings {
    const allow = flags.allowShortWaits ?? config?.allowShortWaits ?? false;
    const pick = <K extends Exclude<keyof ReleaseConfig, "allowShortWaits">>(k: K, fallback: number): number => flags[k] ?? config?.[k] ?? fallback;
    const floor = FLOORS.propagationSeconds[engine];
    const s: GateSettings = {
        intervalSeconds: pick("intervalSeconds", GATE_DEFAULTS.intervalSeconds),
        failureThreshold: pick("failureThreshold", GATE_DEFAULTS.failureThreshold),
        maxErrorRatePercent: pick("maxErrorRatePercent", GATE_DEFAULTS.maxErrorRatePercent),
        maxLatencyMs: pick("maxLatencyMs", GATE_DEFAULTS.maxLatencyMs),
        minRequests: pick("minRequests", GATE_DEFAULTS.minRequests),
        bakeSeconds: pick("bakeSeconds", GATE_DEFAULTS.bakeSeconds),
        propagationSeconds: pick("propagationSeconds", floor),
        metricDelaySeconds: allow ? 0 : FLOORS.metricDelaySeconds,
    };
    if (!allow) {
        const engineName = engine === "lattice" ? "VPC Lattice" : "App Mesh";
        if (s.propagationSeconds < floor) {
            throw new UsageError(`${where}: propagation ${s.propagationSeconds}s is below ${engineName}'s ${floor}s (a weight change takes about that long to reach the data plane, so the gate would measure the old weights); to lower it on purpose (a sandbox drill, a test) add --allow-short-waits or set release.allowShortWaits: true`);
        }
        if (s.intervalSeconds < FLOORS.intervalSeconds) {
            throw new UsageError(`${where}: interval ${s.intervalSeconds}s is below ${FLOORS.intervalSeconds}s (AWS publishes these metrics once a minute, so a shorter interval reads the same minute again); to lower it on purpose (a sandbox drill, a test) add --allow-short-waits or set release.allowShortWaits: true`);
        }
    }
    return s;
}
