// Every CloudWatch metric the release gate reads, in one table with its source. Names, statistics,
// units and dimensions are AWS's, from the pages cited in `source` (checked 2026; docs/releases.md).
// CloudWatch does not convert units and returns nothing when a query names the wrong one, so the
// queries name none and `toMs` converts by the unit this table records.

/** One metric as the gate queries it. */
export interface GateMetric {
    readonly namespace: "AWS/VpcLattice" | "AWS/ApplicationELB";
    readonly name: string;
    /** What the gate asks CloudWatch for over one window (one period as long as the window). */
    readonly statistic: "Sum" | "p99" | "Average";
    /** The unit AWS publishes it in (`RequestTime`: milliseconds; `TargetResponseTime`: seconds). */
    readonly unit: "Count" | "Milliseconds" | "Seconds";
    /** The dimension set of the per-target-group series (values: see each reader). */
    readonly dimensions: readonly string[];
    /** What it says about a cell. */
    readonly meaning: string;
    readonly source: string;
}

const LATTICE_DOC = "https://docs.aws.amazon.com/vpc-lattice/latest/ug/monitoring-cloudwatch.html";
const ALB_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html";

export const GATE_METRICS = {
    latticeRequests: {
        namespace: "AWS/VpcLattice", name: "TotalRequestCount", statistic: "Sum", unit: "Count", dimensions: ["TargetGroup"],
        meaning: "requests the cell's target group received", source: LATTICE_DOC,
    },
    latticeErrors: {
        namespace: "AWS/VpcLattice", name: "HTTPCode_5XX_Count", statistic: "Sum", unit: "Count", dimensions: ["TargetGroup"],
        meaning: "5XX responses of the cell's target group (Lattice has no HTTPCode_Target_5XX_Count: that is the ALB's name)", source: LATTICE_DOC,
    },
    latticeLatency: {
        namespace: "AWS/VpcLattice", name: "RequestTime", statistic: "p99", unit: "Milliseconds", dimensions: ["TargetGroup"],
        meaning: "request time to the last byte, in milliseconds; AWS lists Average and percentiles as its statistics", source: LATTICE_DOC,
    },
    albRequests: {
        namespace: "AWS/ApplicationELB", name: "RequestCount", statistic: "Sum", unit: "Count", dimensions: ["TargetGroup", "LoadBalancer"],
        meaning: "requests the ALB sent to the cell's target group (reported only while requests flow)", source: ALB_DOC,
    },
    albErrors: {
        namespace: "AWS/ApplicationELB", name: "HTTPCode_Target_5XX_Count", statistic: "Sum", unit: "Count", dimensions: ["TargetGroup", "LoadBalancer"],
        meaning: "5XX responses the cell's targets sent (the ALB's own 5XX have no TargetGroup dimension)", source: ALB_DOC,
    },
    albLatency: {
        namespace: "AWS/ApplicationELB", name: "TargetResponseTime", statistic: "p99", unit: "Seconds", dimensions: ["TargetGroup", "LoadBalancer"],
        meaning: "seconds from the request leaving the ALB until the target starts to send the response headers", source: ALB_DOC,
    },
} as const satisfies Record<string, GateMetric>;

export type GateMetricKey = keyof typeof GATE_METRICS;

/** A latency value in the metric's own unit, in milliseconds. */
export function toMs(metric: GateMetric, value: number): number {
    return metric.unit === "Seconds" ? value * 1000 : value;
}

/** `app/<name>/<id>`: the ALB's `LoadBalancer` dimension, the ARN's part after `loadbalancer/`. */
export function loadBalancerDimension(arn: string): string {
    const at = arn.indexOf(":loadbalancer/");
    if (at < 0) throw new Error(`not a load balancer ARN: ${arn}`);
    return arn.slice(at + ":loadbalancer/".length);
}

/** `targetgroup/<name>/<id>`: the ALB's `TargetGroup` dimension, the ARN's last `:`-part. */
export function albTargetGroupDimension(arn: string): string {
    const part = arn.slice(arn.lastIndexOf(":") + 1);
    if (!part.startsWith("targetgroup/")) throw new Error(`not a target group ARN: ${arn}`);
    return part;
}
