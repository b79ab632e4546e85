// How a service's traffic behaves in the mesh: protocol, health check, retries, timeouts, outlier
// detection, connection pool and cell pinning. Pure renderers turn a policy into App Mesh specs, so
// each engine (and each test) can use them without creating resources.

import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export type Protocol = "http" | "http2" | "grpc" | "tcp";
export const PROTOCOLS: readonly Protocol[] = ["http", "http2", "grpc", "tcp"];

export const HTTP_RETRY_EVENTS = ["server-error", "gateway-error", "client-error", "stream-error"] as const;
export const TCP_RETRY_EVENTS = ["connection-error"] as const;
export const GRPC_RETRY_EVENTS = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"] as const;

/** Retry events each protocol's routes accept (tcp routes have no retry policy in App Mesh). */
export function retryEventsFor(protocol: Protocol): readonly string[] {
    switch (protocol) {
        case "http":
        case "http2": return [...HTTP_RETRY_EVENTS, ...TCP_RETRY_EVENTS];
        case "grpc": return [...GRPC_RETRY_EVENTS, ...HTTP_RETRY_EVENTS, ...TCP_RETRY_EVENTS];
        case "tcp": return [];
    }
}

export interface HealthCheckPolicy {
    /** HTTP path (http/http2 only). */
    readonly path?: string;
    readonly intervalMillis: number;
    readonly timeoutMillis: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
}

export interface RetryPolicy {
    readonly maxRetries: number;
    readonly perRetryTimeoutMillis: number;
    readonly events: readonly string[];
}

export interface TimeoutPolicy {
    /** Per-request timeout (not for tcp). App Mesh's default is 15 s. */
    readonly perRequestMillis?: number;
    readonly idleMillis?: number;
}

export interface OutlierDetectionPolicy {
    readonly maxServerErrors: number;
    readonly intervalMillis: number;
    readonly baseEjectionDurationMillis: number;
    readonly maxEjectionPercent: number;
}

export interface ConnectionPoolPolicy {
    /** http and tcp. */
    readonly maxConnections?: number;
    /** http only. */
    readonly maxPendingRequests?: number;
    /** http2 and grpc. */
    readonly maxRequests?: number;
}

/** Requests can be pinned to one cell, whatever the weights: by header, and optionally by path prefix. */
export interface CellPinningPolicy {
    /** Header whose value names the cell (`x-cell: cell2`). */
    readonly header: string;
    /** Optional path prefixes that always reach one cell (`{ cell2: "/canary" }`); not rewritten. */
    readonly paths: Readonly<Record<string, string>>;
}

export interface TrafficPolicy {
    readonly protocol: Protocol;
    readonly healthCheck: HealthCheckPolicy;
    readonly retry?: RetryPolicy;
    readonly timeout?: TimeoutPolicy;
    readonly outlierDetection?: OutlierDetectionPolicy;
    readonly connectionPool?: ConnectionPoolPolicy;
    readonly pinning?: CellPinningPolicy;
}

/** The health check of the reference sample; the default for http and http2. */
export const DEFAULT_HEALTH_CHECK: HealthCheckPolicy = { path: "/health", intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 };

/** Plain HTTP with the sample's health check, no retries or limits beyond App Mesh's defaults. */
export const DEFAULT_TRAFFIC: TrafficPolicy = { protocol: "http", healthCheck: DEFAULT_HEALTH_CHECK };

const ms = (value: number) => ({ unit: "ms", value });

/** The virtual node listener for a service port under a policy. */
export function nodeListener(port: number, t: TrafficPolicy): aws.types.input.appmesh.VirtualNodeSpecListener {
    const hc = t.healthCheck;
    const listener: aws.types.input.appmesh.VirtualNodeSpecListener = {
        portMapping: { port, protocol: t.protocol },
        healthCheck: {
            protocol: t.protocol,
            ...(hc.path !== undefined && (t.protocol === "http" || t.protocol === "http2") ? { path: hc.path } : {}),
            healthyThreshold: hc.healthyThreshold,
            unhealthyThreshold: hc.unhealthyThreshold,
            timeoutMillis: hc.timeoutMillis,
            intervalMillis: hc.intervalMillis,
        },
    };
    const extra: Record<string, unknown> = {};
    // App Mesh applies route timeouts only up to the listener's, so both carry the same values.
    if (t.timeout) extra.timeout = { [t.protocol]: durations(t.timeout) };
    if (t.outlierDetection) {
        const o = t.outlierDetection;
        extra.outlierDetection = {
            maxServerErrors: o.maxServerErrors, maxEjectionPercent: o.maxEjectionPercent,
            interval: ms(o.intervalMillis), baseEjectionDuration: ms(o.baseEjectionDurationMillis),
        };
    }
    if (t.connectionPool) extra.connectionPool = { [t.protocol]: t.connectionPool };
    return { ...listener, ...extra };
}

function durations(t: TimeoutPolicy): Record<string, { unit: string; value: number }> {
    return {
        ...(t.perRequestMillis !== undefined ? { perRequest: ms(t.perRequestMillis) } : {}),
        ...(t.idleMillis !== undefined ? { idle: ms(t.idleMillis) } : {}),
    };
}

/** A weighted target of an App Mesh route: a cell's virtual node and its weight. */
export interface RouteTarget {
    readonly virtualNode: pulumi.Input<string>;
    readonly weight: number;
}

/** What a route matches: everything, one cell's header value, or one cell's path prefix. */
export type RouteMatch = { readonly kind: "all" } | { readonly kind: "header"; readonly name: string; readonly value: string } | { readonly kind: "prefix"; readonly prefix: string };

/** Lowest priority (App Mesh evaluates 0 first): the weighted route when pin routes exist. */
export const WEIGHTED_ROUTE_PRIORITY = 1000;

/** A route spec of the protocol's kind (`httpRoute`, `http2Route`, `grpcRoute`, `tcpRoute`). */
export function routeSpec(t: TrafficPolicy, targets: readonly RouteTarget[], match: RouteMatch, priority?: number): aws.types.input.appmesh.RouteSpec {
    const action = { weightedTargets: targets.map((x) => ({ virtualNode: x.virtualNode, weight: x.weight })) };
    const prio = priority === undefined ? {} : { priority };
    if (t.protocol === "tcp") {
        if (match.kind !== "all") throw new Error(`tcp routes cannot match ${match.kind === "header" ? "headers" : "paths"}`);
        return { ...prio, tcpRoute: { action, ...(t.timeout?.idleMillis !== undefined ? { timeout: { idle: ms(t.timeout.idleMillis) } } : {}) } };
    }
    const timeout = t.timeout ? { timeout: durations(t.timeout) } : {};
    const retryPolicy = t.retry ? { retryPolicy: retrySpec(t.protocol, t.retry) } : {};
    if (t.protocol === "grpc") {
        if (match.kind === "prefix") throw new Error("gRPC routes cannot match a path prefix");
        const grpcMatch = match.kind === "header" ? { metadatas: [{ name: match.name, match: { exact: match.value } }] } : {};
        return { ...prio, grpcRoute: { match: grpcMatch, action, ...retryPolicy, ...timeout } };
    }
    const httpMatch = match.kind === "header"
        ? { prefix: "/", headers: [{ name: match.name, match: { exact: match.value } }] }
        : { prefix: match.kind === "prefix" ? match.prefix : "/" };
    const route = { match: httpMatch, action, ...retryPolicy, ...timeout };
    return t.protocol === "http2" ? { ...prio, http2Route: route } : { ...prio, httpRoute: route };
}

function retrySpec(protocol: Protocol, r: RetryPolicy): aws.types.input.appmesh.RouteSpecGrpcRouteRetryPolicy {
    const pick = (events: readonly string[]) => r.events.filter((e) => events.includes(e));
    const http = pick(HTTP_RETRY_EVENTS);
    const tcp = pick(TCP_RETRY_EVENTS);
    const grpc = protocol === "grpc" ? pick(GRPC_RETRY_EVENTS) : [];
    return {
        maxRetries: r.maxRetries,
        perRetryTimeout: ms(r.perRetryTimeoutMillis),
        ...(grpc.length ? { grpcRetryEvents: grpc } : {}),
        ...(http.length ? { httpRetryEvents: http } : {}),
        ...(tcp.length ? { tcpRetryEvents: tcp } : {}),
    };
}
