// Reads one value per metric over a window with one GetMetricData call: a single period as long as
// the window, so `Sum` is the window's total and `p99` the window's 99th percentile. Periods are
// whole minutes (AWS metrics here are published per minute), and no `Unit` is named (a wrong unit
// makes CloudWatch return nothing; metrics.ts converts instead).

import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { GateMetric } from "./metrics";
import { withBackoff } from "./retry";
import type { MetricWindow, Sleep } from "./types";

export interface MetricQuery {
    /** Lowercase first letter, as GetMetricData requires. */
    readonly id: string;
    readonly metric: GateMetric;
    readonly dimensions: Readonly<Record<string, string>>;
}

/** The window's length in seconds: a positive multiple of 60. */
export function windowSeconds(window: MetricWindow): number {
    const seconds = Math.round((window.end.getTime() - window.start.getTime()) / 1000);
    if (seconds < 60 || seconds % 60 !== 0) throw new Error(`a metric window is whole minutes, at least one: got ${seconds}s`);
    return seconds;
}

/** Each query's value over the window, undefined where CloudWatch has no datapoint. */
export async function metricValues(client: CloudWatchClient, queries: readonly MetricQuery[], window: MetricWindow, sleep: Sleep): Promise<Record<string, number | undefined>> {
    const period = windowSeconds(window);
    const metricDataQueries: MetricDataQuery[] = queries.map((q) => ({
        Id: q.id,
        MetricStat: {
            Metric: { Namespace: q.metric.namespace, MetricName: q.metric.name, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
            Period: period,
            Stat: q.metric.statistic,
        },
        ReturnData: true,
    }));
    const values: Record<string, number | undefined> = Object.fromEntries(queries.map((q) => [q.id, undefined]));
    let token: string | undefined;
    do {
        const page = await withBackoff(() => client.send(new GetMetricDataCommand({
            MetricDataQueries: metricDataQueries, StartTime: window.start, EndTime: window.end, ...(token ? { NextToken: token } : {}),
        })), sleep);
        for (const r of page.MetricDataResults ?? []) {
            if (r.Id && r.Values && r.Values.length > 0 && values[r.Id] === undefined) values[r.Id] = r.Values[0];
        }
        token = page.NextToken;
    } while (token);
    return values;
}

/**
 * The exact dimension value of a target group's series in `namespace` (`name`), among `candidates`
 * (e.g. its id and its ARN): AWS's VPC Lattice page does not say which one `TargetGroup` holds, so the
 * gate asks ListMetrics. Undefined when no such series exists yet (no traffic in the last two weeks).
 */
export async function findDimensionValue(client: CloudWatchClient, namespace: string, name: string, dimension: string, candidates: readonly string[], sleep: Sleep): Promise<string | undefined> {
    let token: string | undefined;
    do {
        const page = await withBackoff(() => client.send(new ListMetricsCommand({
            Namespace: namespace, MetricName: name, Dimensions: [{ Name: dimension }], ...(token ? { NextToken: token } : {}),
        })), sleep);
        for (const m of page.Metrics ?? []) {
            const dims = m.Dimensions ?? [];
            // The series with this one dimension (not the per-AvailabilityZone ones).
            if (dims.length === 1 && dims[0].Name === dimension && candidates.includes(dims[0].Value ?? "")) return dims[0].Value;
        }
        token = page.NextToken;
    } while (token);
    return undefined;
}
