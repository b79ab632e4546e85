// How a TrafficPolicy maps onto VPC Lattice: target group protocol and health check, the service's
// idle timeout, and the settings Lattice cannot honour. Pure renderers, like trafficPolicy.ts for
// App Mesh, so the component and the config validator share one mapping.

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { Protocol, TrafficPolicy } from "../../shared/trafficPolicy";
import { LATTICE_IDLE_TIMEOUT_SECONDS } from "./limits";

/** Target group protocol version per cellmesh protocol; tcp has none (see `unsupportedTraffic`). */
export const LATTICE_PROTOCOL_VERSION: Readonly<Record<Exclude<Protocol, "tcp">, "HTTP1" | "HTTP2" | "GRPC">> = {
    http: "HTTP1",
    http2: "HTTP2",
    grpc: "GRPC",
};

/** A setting of the policy Lattice cannot honour: which one, and why. */
export interface UnsupportedTraffic {
    /** The policy field, as in the config (`retry`, `timeout.perRequestMs`). */
    readonly setting: string;
    readonly reason: string;
}

/** Why Lattice cannot honour the settings it has no counterpart for (the config loader reports these as configured). */
export const LATTICE_LACKS = {
    retry: "VPC Lattice has no retries; retry in the client, or remove retry",
    outlierDetection: "VPC Lattice has no outlier detection (only active target group health checks); remove outlierDetection",
    connectionPool: "VPC Lattice has no connection pool limits; remove connectionPool",
} as const;

/**
 * Every setting of the policy that Lattice lacks. Lattice has no retries, per-request timeouts,
 * outlier detection, connection pools or plain TCP listeners (lattice-facts.md, "Model"; the VPC
 * Lattice user guide: TCP target groups only behind TLS passthrough listeners).
 */
export function unsupportedTraffic(t: TrafficPolicy): UnsupportedTraffic[] {
    const found: UnsupportedTraffic[] = [];
    if (t.protocol === "tcp") {
        found.push({ setting: "protocol", reason: "VPC Lattice has no plain TCP listeners (TCP target groups work only behind TLS passthrough listeners); use http, http2 or grpc" });
    }
    if (t.retry) found.push({ setting: "retry", reason: LATTICE_LACKS.retry });
    if (t.timeout?.perRequestMillis !== undefined) {
        found.push({ setting: "timeout.perRequestMs", reason: "VPC Lattice has no per-request timeout (only a connection idle timeout); remove perRequestMs" });
    }
    const idle = t.timeout?.idleMillis;
    if (idle !== undefined && idleTimeoutSeconds(t) === undefined) {
        found.push({
            setting: "timeout.idleMs",
            reason: `VPC Lattice's idle timeout is whole seconds from ${LATTICE_IDLE_TIMEOUT_SECONDS.min} to ${LATTICE_IDLE_TIMEOUT_SECONDS.max} (${LATTICE_IDLE_TIMEOUT_SECONDS.min * 1000} to ${LATTICE_IDLE_TIMEOUT_SECONDS.max * 1000} ms in steps of 1000)`,
        });
    }
    if (t.outlierDetection) found.push({ setting: "outlierDetection", reason: LATTICE_LACKS.outlierDetection });
    if (t.connectionPool) found.push({ setting: "connectionPool", reason: LATTICE_LACKS.connectionPool });
    for (const [field, ms] of [["intervalMs", t.healthCheck.intervalMillis], ["timeoutMs", t.healthCheck.timeoutMillis]] as const) {
        if (ms % 1000 !== 0) found.push({ setting: `healthCheck.${field}`, reason: "VPC Lattice health checks count whole seconds; use a multiple of 1000" });
    }
    return found;
}

/** `Service.idleTimeoutSeconds` for the policy's idle timeout; undefined when unset or out of Lattice's range. */
export function idleTimeoutSeconds(t: TrafficPolicy): number | undefined {
    const ms = t.timeout?.idleMillis;
    if (ms === undefined || ms % 1000 !== 0) return undefined;
    const s = ms / 1000;
    return s >= LATTICE_IDLE_TIMEOUT_SECONDS.min && s <= LATTICE_IDLE_TIMEOUT_SECONDS.max ? s : undefined;
}

/** A target group health check in `@pulumi/aws`'s shape, with plain values (the EKS variant renders the same into a TargetGroupPolicy). */
export interface LatticeHealthCheck {
    readonly enabled: boolean;
    readonly protocol: "HTTP";
    readonly protocolVersion: "HTTP1" | "HTTP2";
    readonly path: string;
    readonly healthCheckIntervalSeconds: number;
    readonly healthCheckTimeoutSeconds: number;
    readonly healthyThresholdCount: number;
    readonly unhealthyThresholdCount: number;
    readonly matcher: { readonly value: string };
}

/**
 * The target group health check. Lattice cannot health-check gRPC itself ("choose HTTP/1.1 or HTTP/2
 * and specify a valid URI", `@pulumi/aws` TargetGroupConfigHealthCheck.path): a grpc cell gets an
 * HTTP/2 request to `/` that counts any answer below 500 as alive.
 */
export function latticeHealthCheck(t: TrafficPolicy): LatticeHealthCheck {
    const hc = t.healthCheck;
    const grpc = t.protocol === "grpc";
    return {
        enabled: true,
        protocol: "HTTP",
        protocolVersion: t.protocol === "http" ? "HTTP1" : "HTTP2",
        path: grpc ? "/" : hc.path ?? "/",
        healthCheckIntervalSeconds: hc.intervalMillis / 1000,
        healthCheckTimeoutSeconds: hc.timeoutMillis / 1000,
        healthyThresholdCount: hc.healthyThreshold,
        unhealthyThresholdCount: hc.unhealthyThreshold,
        matcher: { value: grpc ? "200-499" : "200" },
    };
}

/** The target group config of one cell: IP targets on the app port, in the cells' VPC. */
export function targetGroupConfig(port: number, vpcId: pulumi.Input<string>, t: TrafficPolicy): aws.types.input.vpclattice.TargetGroupConfig {
    if (t.protocol === "tcp") throw new Error("tcp has no Lattice target group protocol version");
    return {
        port,
        protocol: "HTTP",
        protocolVersion: LATTICE_PROTOCOL_VERSION[t.protocol],
        vpcIdentifier: vpcId,
        ipAddressType: "IPV4",
        healthCheck: latticeHealthCheck(t),
    };
}
