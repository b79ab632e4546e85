// One evaluation of the gate: the watched cells' readings against the limits and against the other
// cells of the service. Pure and deterministic: the same readings give the same checks, in the same
// order. A check is pass, fail or inconclusive (no data, too few requests); the evaluation fails if
// any check fails, else is inconclusive if any is, else passes.

import type { CellReading, MetricWindow, TrafficReading } from "../../shared/health/types";
import type { GateSettings } from "./settings";

export type Outcome = "pass" | "fail" | "inconclusive";

export interface Check {
    readonly cell: string;
    /** `error rate`, `error rate vs other cells`, `latency`, `latency vs other cells`, `requests`, `targets`, `tasks`. */
    readonly signal: string;
    readonly source: string;
    /** The metric(s) or API the value comes from. */
    readonly metric: string;
    /** The value as read (a rate in %, ms, a count), null when there was none. */
    readonly value: number | null;
    /** The limit, with its comparison (`<= 1%`, `>= 100 requests`). */
    readonly limit: string;
    readonly window?: { readonly start: string; readonly end: string };
    readonly outcome: Outcome;
    /** What the value means or what to do. */
    readonly note?: string;
}

export interface Evaluation {
    readonly outcome: Outcome;
    readonly checks: readonly Check[];
}

/** Relative rules (docs/releases.md): a watched cell may exceed the other cells' 5XX rate by half the absolute limit, and their p99 by 50 % and at least a tenth of the latency limit. */
export const RELATIVE = { errorMarginOfLimit: 0.5, latencyFactor: 1.5, latencyFloorOfLimit: 0.1 } as const;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const SOURCE_KIND = (source: string) => source.split(" target group ")[0];
const UNHEALTHY = new Set(["UNHEALTHY", "unhealthy", "unhealthy.draining"]);
const HEALTHY = new Set(["HEALTHY", "healthy"]);

/** Traffic of the other cells from the same kind of source (all Lattice, or all ALB), with enough requests. */
function baseline(kind: string, others: readonly CellReading[], minRequests: number): { requests: number; errors: number; latencyMs?: number } | undefined {
    const rows = others.flatMap((c) => c.traffic).filter((t) => SOURCE_KIND(t.source) === kind && (t.requests ?? 0) >= minRequests);
    if (rows.length === 0) return undefined;
    const latencies = rows.map((t) => t.latencyMs).filter((x): x is number => x !== undefined);
    return {
        requests: rows.reduce((s, t) => s + (t.requests ?? 0), 0),
        errors: rows.reduce((s, t) => s + (t.errors ?? 0), 0),
        ...(latencies.length > 0 ? { latencyMs: Math.max(...latencies) } : {}),
    };
}

function trafficChecks(cell: string, t: TrafficReading, others: readonly CellReading[], s: GateSettings, window: { start: string; end: string }): Check[] {
    const base = { cell, source: t.source, window };
    if (t.requests === undefined || t.requests < s.minRequests) {
        return [{
            ...base, signal: "requests", metric: t.metrics.requests, value: t.requests ?? null, limit: `>= ${s.minRequests} requests`, outcome: "inconclusive",
            note: t.requests === undefined ? `no datapoint${t.note ? ` (${t.note})` : ""}` : "too little traffic to judge",
        }];
    }
    const checks: Check[] = [];
    const rate = round(((t.errors ?? 0) / t.requests) * 100, 3);
    const errorMetric = `${t.metrics.errors} / ${t.metrics.requests}`;
    checks.push({ ...base, signal: "error rate", metric: errorMetric, value: rate, limit: `<= ${s.maxErrorRatePercent}%`, outcome: rate > s.maxErrorRatePercent ? "fail" : "pass", note: `${t.errors ?? 0} of ${t.requests} requests` });
    const b = baseline(SOURCE_KIND(t.source), others, s.minRequests);
    if (b) {
        const baseRate = round((b.errors / b.requests) * 100, 3);
        const limit = round(baseRate + s.maxErrorRatePercent * RELATIVE.errorMarginOfLimit, 3);
        checks.push({ ...base, signal: "error rate vs other cells", metric: errorMetric, value: rate, limit: `<= ${limit}% (other cells ${baseRate}% + ${round(s.maxErrorRatePercent * RELATIVE.errorMarginOfLimit, 3)})`, outcome: rate > limit ? "fail" : "pass" });
    }
    if (t.latencyMs === undefined) {
        checks.push({ ...base, signal: "latency", metric: `${t.metrics.latency} ${t.latencyStatistic}`, value: null, limit: `<= ${s.maxLatencyMs} ms`, outcome: "inconclusive", note: "no datapoint" });
        return checks;
    }
    const ms = round(t.latencyMs, 1);
    checks.push({ ...base, signal: "latency", metric: `${t.metrics.latency} ${t.latencyStatistic}`, value: ms, limit: `<= ${s.maxLatencyMs} ms`, outcome: ms > s.maxLatencyMs ? "fail" : "pass" });
    if (b?.latencyMs !== undefined) {
        const limit = round(Math.max(b.latencyMs * RELATIVE.latencyFactor, b.latencyMs + s.maxLatencyMs * RELATIVE.latencyFloorOfLimit), 1);
        checks.push({ ...base, signal: "latency vs other cells", metric: `${t.metrics.latency} ${t.latencyStatistic}`, value: ms, limit: `<= ${limit} ms (other cells ${round(b.latencyMs, 1)} ms)`, outcome: ms > limit ? "fail" : "pass" });
    }
    return checks;
}

/** The checks of one cell's targets and tasks or pods (no window: they are read now). */
export function healthChecks(r: CellReading): Check[] {
    const checks: Check[] = [];
    for (const t of r.targets) {
        const unhealthy = t.targets.filter((x) => UNHEALTHY.has(x.state));
        const healthy = t.targets.filter((x) => HEALTHY.has(x.state)).length;
        const bad = unhealthy.length > 0 || healthy === 0;
        checks.push({
            cell: r.cell, signal: "targets", source: t.source, metric: t.source.startsWith("ALB") ? "DescribeTargetHealth" : "ListTargets",
            value: healthy, limit: ">= 1 healthy, 0 unhealthy", outcome: bad ? "fail" : "pass",
            note: `${healthy} of ${t.targets.length} healthy${unhealthy.length ? `; unhealthy: ${unhealthy.map((u) => `${u.id} ${u.state}${u.reason ? ` (${u.reason})` : ""}`).join(", ")}` : ""}`,
        });
    }
    if (r.workload) {
        const w = r.workload;
        const bad = w.failed !== undefined || w.running < w.desired;
        checks.push({
            cell: r.cell, signal: "tasks", source: w.source, metric: w.source.startsWith("ECS") ? "DescribeServices" : "Deployment status",
            value: w.running, limit: `>= ${w.desired} running, no failed rollout`, outcome: bad ? "fail" : "pass",
            note: w.failed ?? `${w.running} of ${w.desired} running`,
        });
    }
    return checks;
}

/** Evaluates the watched cells over `window`; `others` are the service's other cells with traffic. */
export function evaluate(readings: readonly CellReading[], watched: readonly string[], settings: GateSettings, window: MetricWindow): Evaluation {
    const w = { start: window.start.toISOString(), end: window.end.toISOString() };
    const others = readings.filter((r) => !watched.includes(r.cell));
    const checks: Check[] = [];
    for (const cell of watched) {
        const r = readings.find((x) => x.cell === cell);
        const mine = r ? [...r.traffic.flatMap((t) => trafficChecks(cell, t, others, settings, w)), ...healthChecks(r)] : [];
        if (mine.length === 0) {
            mine.push({ cell, signal: "signals", source: "-", metric: "-", value: null, limit: "something to read", outcome: "inconclusive", note: "no signal could be read for this cell" });
        }
        checks.push(...mine);
    }
    const outcome: Outcome = checks.some((c) => c.outcome === "fail") ? "fail" : checks.some((c) => c.outcome === "inconclusive") ? "inconclusive" : "pass";
    return { outcome, checks };
}

/** One line per check: `cell2 error rate 3.2% <= 1% ... : fail`. */
export function describeCheck(c: Check): string {
    const unit = c.signal.startsWith("error rate") ? "%" : c.signal.startsWith("latency") ? " ms" : "";
    const value = c.value === null ? "no data" : `${c.value}${unit}`;
    const window = c.window ? ` in ${c.window.start.slice(11, 19)}-${c.window.end.slice(11, 19)} UTC` : "";
    return `${c.cell} ${c.signal}: ${value} (limit ${c.limit}; ${c.metric}, ${c.source}${window})${c.note ? ` ${c.note}` : ""}: ${c.outcome}`;
}
