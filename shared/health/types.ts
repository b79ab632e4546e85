// What the release gate reads about one cell, whatever the engine or compute, and the seam through
// which engines (engines/<engine>/health.ts) and computes (compute/<compute>/health.ts) supply it.
// Plain data: the gate's decisions (automation/gate/) are pure functions of it.

import type { AwsCredentialIdentityProvider } from "../../automation/preflight";

/** The metrics' time window: `start` inclusive, `end` exclusive, whole minutes. */
export interface MetricWindow {
    readonly start: Date;
    readonly end: Date;
}

/** A cell's traffic over a window from one source; undefined values: CloudWatch returned no datapoint. */
export interface TrafficReading {
    /** `VPC Lattice target group tg-...` or `ALB target group targetgroup/...`. */
    readonly source: string;
    readonly requests?: number;
    readonly errors?: number;
    /** Converted to milliseconds from the metric's own unit (shared/health/metrics.ts). */
    readonly latencyMs?: number;
    /** `p99`, or `Average` where percentiles are not offered. */
    readonly latencyStatistic: string;
    /** The metrics read, `<namespace> <name>` each, for the decision's text. */
    readonly metrics: { readonly requests: string; readonly errors: string; readonly latency: string };
    /** Why there is no data, when the reader knows (e.g. the metric series does not exist yet). */
    readonly note?: string;
}

/** One target of a cell's target group and its health state as the API names it. */
export interface TargetState {
    readonly id: string;
    /** `HEALTHY`/`UNHEALTHY`/`INITIAL`/`DRAINING`/`UNAVAILABLE`/`UNUSED` (Lattice), `healthy`/`unhealthy`/... (ELB). */
    readonly state: string;
    readonly reason?: string;
}

export interface TargetReading {
    readonly source: string;
    readonly targets: readonly TargetState[];
}

/** The cell's ECS service or Kubernetes Deployment. */
export interface WorkloadReading {
    /** `ECS service acct1-serviceb-cell2` or `Deployment apps/serviceb-cell2`. */
    readonly source: string;
    readonly desired: number;
    readonly running: number;
    /** Set when the rollout failed (ECS rolloutState FAILED, Deployment ProgressDeadlineExceeded). */
    readonly failed?: string;
    /** True once the latest rollout finished (ECS: one deployment, COMPLETED; Deployment: observed and updated). */
    readonly settled: boolean;
}

/** Everything read about one cell at one time. */
export interface CellReading {
    readonly cell: string;
    readonly traffic: readonly TrafficReading[];
    readonly targets: readonly TargetReading[];
    readonly workload?: WorkloadReading;
}

/** Waits `ms` (a fake clock in tests). */
export type Sleep = (ms: number) => Promise<void>;

/** One service of one stack, as a reader sees it. */
export interface HealthScope {
    readonly stack: string;
    readonly region: string;
    readonly service: string;
    readonly cells: readonly string[];
    /** Whether the service is the weighted ALB's entry. */
    readonly ingress: boolean;
    /** The stack's outputs (`cellTargets`, `clusterName`, ...). */
    readonly outputs: Readonly<Record<string, unknown>>;
    /** On EKS: the app namespace. */
    readonly namespace?: string;
    readonly credentials: AwsCredentialIdentityProvider;
    /** Throttled calls are retried after waiting with this (shared/health/retry.ts). */
    readonly sleep: Sleep;
}

/** An engine's part: traffic and target health per cell, and what it cannot see. */
export interface EngineHealthReader {
    /** What the gate cannot see for this service on this engine and compute, one sentence each. */
    blind(scope: Pick<HealthScope, "service" | "ingress"> & { readonly compute: string }): string[];
    traffic(scope: HealthScope, window: MetricWindow): Promise<Record<string, TrafficReading[]>>;
    targets(scope: HealthScope): Promise<Record<string, TargetReading[]>>;
}

/** A compute's part: each cell's workload. */
export interface ComputeHealthReader {
    workloads(scope: HealthScope): Promise<Record<string, WorkloadReading>>;
}

/** The stack output `cellTargets` of one cell (shared/cellTargets.ts), read defensively. */
export function cellTargetsOf(outputs: Readonly<Record<string, unknown>>, service: string, cell: string): { latticeTargetGroupArn?: string; loadBalancerArn?: string; albTargetGroupArn?: string } {
    const all = outputs.cellTargets as Record<string, Record<string, Record<string, unknown>>> | undefined;
    const one = all?.[service]?.[cell] ?? {};
    const pick = (k: string) => (typeof one[k] === "string" ? { [k]: one[k] as string } : {});
    return { ...pick("latticeTargetGroupArn"), ...pick("loadBalancerArn"), ...pick("albTargetGroupArn") };
}
