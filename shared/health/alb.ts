// The entry service's weighted ALB, the same for both engines: each cell's target group's requests,
// target 5XX and p99 target response time (AWS/ApplicationELB, dimensions TargetGroup + LoadBalancer,
// the ARNs' final parts), and its targets' health (DescribeTargetHealth, which takes the ARN).

import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { metricValues } from "./cloudwatch";
import { GATE_METRICS, albTargetGroupDimension, loadBalancerDimension, toMs } from "./metrics";
import { gateClientConfig, withBackoff } from "./retry";
import { HealthScope, MetricWindow, TargetReading, TrafficReading, cellTargetsOf } from "./types";

const M = GATE_METRICS;
const named = (m: { namespace: string; name: string }) => `${m.namespace} ${m.name}`;

/** Each cell's ALB traffic (cells without an ALB target group in `cellTargets` are left out). */
export async function albTraffic(scope: HealthScope, window: MetricWindow): Promise<Record<string, TrafficReading>> {
    const client = new CloudWatchClient(gateClientConfig(scope.region, scope.credentials));
    const out: Record<string, TrafficReading> = {};
    for (const cell of scope.cells) {
        const t = cellTargetsOf(scope.outputs, scope.service, cell);
        if (!t.loadBalancerArn || !t.albTargetGroupArn) continue;
        const dimensions = { TargetGroup: albTargetGroupDimension(t.albTargetGroupArn), LoadBalancer: loadBalancerDimension(t.loadBalancerArn) };
        const v = await metricValues(client, [
            { id: "requests", metric: M.albRequests, dimensions },
            { id: "errors", metric: M.albErrors, dimensions },
            { id: "latency", metric: M.albLatency, dimensions },
        ], window, scope.sleep);
        out[cell] = {
            source: `ALB target group ${dimensions.TargetGroup}`,
            ...(v.requests !== undefined ? { requests: v.requests } : {}),
            // A window with requests and no 5XX datapoint counts as 0 errors.
            ...(v.errors !== undefined ? { errors: v.errors } : v.requests !== undefined ? { errors: 0 } : {}),
            ...(v.latency !== undefined ? { latencyMs: toMs(M.albLatency, v.latency) } : {}),
            latencyStatistic: M.albLatency.statistic,
            metrics: { requests: named(M.albRequests), errors: named(M.albErrors), latency: named(M.albLatency) },
            ...(v.requests === undefined ? { note: "the ALB publishes RequestCount only while requests flow" } : {}),
        };
    }
    return out;
}

/** Each cell's ALB targets and their states. */
export async function albTargets(scope: HealthScope): Promise<Record<string, TargetReading>> {
    const client = new ElasticLoadBalancingV2Client(gateClientConfig(scope.region, scope.credentials));
    const out: Record<string, TargetReading> = {};
    for (const cell of scope.cells) {
        const arn = cellTargetsOf(scope.outputs, scope.service, cell).albTargetGroupArn;
        if (!arn) continue;
        const r = await withBackoff(() => client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })), scope.sleep);
        out[cell] = {
            source: `ALB target group ${albTargetGroupDimension(arn)}`,
            targets: (r.TargetHealthDescriptions ?? []).map((d) => ({
                id: `${d.Target?.Id ?? "?"}:${d.Target?.Port ?? ""}`,
                state: d.TargetHealth?.State ?? "unknown",
                ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
            })),
        };
    }
    return out;
}
