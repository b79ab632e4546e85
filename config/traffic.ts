// Per-service traffic settings of `cellmesh:services.<name>`: protocol, healthCheck, retry, timeout,
// outlierDetection, connectionPool and cellPinning. Everything is optional; the defaults render
// exactly what App Mesh does on its own (plus the sample's health check).

import {
    CellPinningPolicy, ConnectionPoolPolicy, DEFAULT_HEALTH_CHECK, HealthCheckPolicy, OutlierDetectionPolicy, PROTOCOLS, Protocol,
    RetryPolicy, TimeoutPolicy, TrafficPolicy, retryEventsFor,
} from "../shared/trafficPolicy";
import type { EngineTrafficRules } from "../engines/engine";
import { Problems } from "./problems";
import { asInteger, asStructured, isRecord } from "./validate";

export const TRAFFIC_KEYS = ["protocol", "healthCheck", "retry", "timeout", "outlierDetection", "connectionPool", "cellPinning"];

type HealthCheckLimits = EngineTrafficRules["healthCheck"];
/** RFC 9110 token characters, lowercase as HTTP/2 requires; App Mesh takes 1 to 50 characters. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,50}$/;

/**
 * Parses the traffic settings of one service; `key` is `cellmesh:services.<name>`. The limits are
 * the engine's (`rules`), and the settings it has no counterpart for (on VPC Lattice: retry,
 * outlierDetection, connectionPool) are rejected as configured rather than checked.
 */
export function parseTraffic(p: Problems, key: string, svc: Record<string, unknown>, cellNames: readonly string[], rules: EngineTrafficRules): TrafficPolicy {
    const protocolRaw = svc.protocol ?? "http";
    const protocol = (PROTOCOLS.includes(protocolRaw as Protocol) ? protocolRaw : "http") as Protocol;
    if (protocol !== protocolRaw) p.add(`${key}.protocol`, protocolRaw, `one of ${PROTOCOLS.join(", ")}`);

    for (const [setting, reason] of Object.entries(rules.lacks)) {
        if (svc[setting] !== undefined) p.add(`${key}.${setting}`, asStructured(svc[setting]), reason);
    }
    // A setting the engine lacks is reported above, never parsed.
    const skipped = (setting: string) => rules.lacks[setting] !== undefined || svc[setting] === undefined;
    const healthCheck = parseHealthCheck(p, `${key}.healthCheck`, asStructured(svc.healthCheck), protocol, rules.healthCheck);
    const retry = skipped("retry") ? undefined : parseRetry(p, `${key}.retry`, asStructured(svc.retry), protocol);
    const timeout = svc.timeout === undefined ? undefined : parseTimeout(p, `${key}.timeout`, asStructured(svc.timeout), protocol);
    const outlierDetection = skipped("outlierDetection") ? undefined : parseOutlier(p, `${key}.outlierDetection`, asStructured(svc.outlierDetection));
    const connectionPool = skipped("connectionPool") ? undefined : parsePool(p, `${key}.connectionPool`, asStructured(svc.connectionPool), protocol);
    const pinning = svc.cellPinning === undefined ? undefined : parsePinning(p, `${key}.cellPinning`, asStructured(svc.cellPinning), protocol, cellNames, rules);
    return {
        protocol, healthCheck,
        ...(retry ? { retry } : {}), ...(timeout ? { timeout } : {}), ...(outlierDetection ? { outlierDetection } : {}),
        ...(connectionPool ? { connectionPool } : {}), ...(pinning ? { pinning } : {}),
    };
}

/** Checks an object's fields against the allowed names; returns it, or undefined when it is no object. */
function fields(p: Problems, key: string, raw: unknown, allowed: readonly string[], example: string): Record<string, unknown> | undefined {
    if (!isRecord(raw)) {
        p.add(key, raw, `an object, e.g. ${example}`);
        return undefined;
    }
    for (const f of Object.keys(raw)) {
        if (!allowed.includes(f)) p.add(`${key}.${f}`, raw[f], `not a setting here; valid settings are ${allowed.join(", ")}`);
    }
    return raw;
}

/** An integer in [min, max], or the fallback (with a problem) when invalid. */
function intIn(p: Problems, key: string, raw: unknown, min: number, max: number, what: string): number | undefined {
    if (raw === undefined) return undefined;
    const n = asInteger(raw);
    if (n === undefined || n < min || n > max) {
        p.add(key, raw, `${what}: an integer from ${min} to ${max}`);
        return undefined;
    }
    return n;
}

const DAY_MS = 86_400_000;

function parseHealthCheck(p: Problems, key: string, raw: unknown, protocol: Protocol, limits: HealthCheckLimits): HealthCheckPolicy {
    const base: HealthCheckPolicy = protocol === "http" || protocol === "http2" ? DEFAULT_HEALTH_CHECK : { ...DEFAULT_HEALTH_CHECK, path: undefined };
    if (raw === undefined) return strip(base);
    const hc = fields(p, key, raw, ["path", ...Object.keys(limits)], "{ path: /health, intervalMs: 5000, timeoutMs: 2000, healthyThreshold: 2, unhealthyThreshold: 2 }");
    if (!hc) return strip(base);
    if (hc.path !== undefined) {
        if (protocol !== "http" && protocol !== "http2") p.add(`${key}.path`, hc.path, `a ${protocol} health check has no path; remove it`);
        else if (typeof hc.path !== "string" || !hc.path.startsWith("/")) p.add(`${key}.path`, hc.path, "an HTTP path starting with /, e.g. /health");
    }
    const limit = (f: keyof HealthCheckLimits, what: string) => intIn(p, `${key}.${f}`, hc[f], limits[f][0], limits[f][1], what);
    return strip({
        path: typeof hc.path === "string" && (protocol === "http" || protocol === "http2") ? hc.path : base.path,
        intervalMillis: limit("intervalMs", "milliseconds between checks") ?? base.intervalMillis,
        timeoutMillis: limit("timeoutMs", "milliseconds before a check fails") ?? base.timeoutMillis,
        healthyThreshold: limit("healthyThreshold", "successes before healthy") ?? base.healthyThreshold,
        unhealthyThreshold: limit("unhealthyThreshold", "failures before unhealthy") ?? base.unhealthyThreshold,
    });
}

function strip(hc: HealthCheckPolicy): HealthCheckPolicy {
    return hc.path === undefined ? { intervalMillis: hc.intervalMillis, timeoutMillis: hc.timeoutMillis, healthyThreshold: hc.healthyThreshold, unhealthyThreshold: hc.unhealthyThreshold } : hc;
}

function parseRetry(p: Problems, key: string, raw: unknown, protocol: Protocol): RetryPolicy | undefined {
    if (protocol === "tcp") {
        p.add(key, raw, "App Mesh tcp routes have no retry policy; remove retry or use protocol http, http2 or grpc");
        return undefined;
    }
    const r = fields(p, key, raw, ["maxRetries", "perRetryTimeoutMs", "events"], "{ maxRetries: 5, perRetryTimeoutMs: 10000, events: [server-error, gateway-error] }");
    if (!r) return undefined;
    const maxRetries = r.maxRetries === undefined ? undefined : intIn(p, `${key}.maxRetries`, r.maxRetries, 0, 100, "retries per request");
    if (r.maxRetries === undefined) p.add(`${key}.maxRetries`, undefined, "retries per request: an integer from 0 to 100");
    const perRetry = r.perRetryTimeoutMs === undefined ? undefined : intIn(p, `${key}.perRetryTimeoutMs`, r.perRetryTimeoutMs, 1, DAY_MS, "milliseconds per try");
    if (r.perRetryTimeoutMs === undefined) p.add(`${key}.perRetryTimeoutMs`, undefined, "milliseconds per try: an integer from 1 to 86400000");
    const allowed = retryEventsFor(protocol);
    const events = asStructured(r.events);
    const valid: string[] = [];
    if (!Array.isArray(events) || events.length === 0) {
        p.add(`${key}.events`, events, `a non-empty list of retry events for protocol ${protocol}: ${allowed.join(", ")}`);
    } else {
        events.forEach((e, i) => {
            if (typeof e !== "string" || !allowed.includes(e)) p.add(`${key}.events[${i}]`, e, `not a retry event for protocol ${protocol}; use ${allowed.join(", ")}`);
            else if (valid.includes(e)) p.add(`${key}.events[${i}]`, e, "listed twice; list each event once");
            else valid.push(e);
        });
    }
    if (maxRetries === undefined || perRetry === undefined) return undefined;
    return { maxRetries, perRetryTimeoutMillis: perRetry, events: valid };
}

function parseTimeout(p: Problems, key: string, raw: unknown, protocol: Protocol): TimeoutPolicy | undefined {
    const t = fields(p, key, raw, ["perRequestMs", "idleMs"], "{ perRequestMs: 15000, idleMs: 300000 }");
    if (!t) return undefined;
    if (protocol === "tcp" && t.perRequestMs !== undefined) {
        p.add(`${key}.perRequestMs`, t.perRequestMs, "tcp has no requests, only an idle timeout; use idleMs");
    }
    const perRequest = protocol === "tcp" ? undefined : intIn(p, `${key}.perRequestMs`, t.perRequestMs, 0, DAY_MS, "a duration in milliseconds (0 disables)");
    const idle = intIn(p, `${key}.idleMs`, t.idleMs, 0, DAY_MS, "a duration in milliseconds (0 disables)");
    if (perRequest === undefined && idle === undefined) return undefined;
    return { ...(perRequest !== undefined ? { perRequestMillis: perRequest } : {}), ...(idle !== undefined ? { idleMillis: idle } : {}) };
}

function parseOutlier(p: Problems, key: string, raw: unknown): OutlierDetectionPolicy | undefined {
    const o = fields(p, key, raw, ["maxServerErrors", "intervalMs", "baseEjectionDurationMs", "maxEjectionPercent"],
        "{ maxServerErrors: 5, intervalMs: 10000, baseEjectionDurationMs: 30000, maxEjectionPercent: 50 }");
    if (!o) return undefined;
    const need = (f: string, min: number, max: number, what: string) => {
        if (o[f] === undefined) {
            p.add(`${key}.${f}`, undefined, `${what}: an integer from ${min} to ${max}`);
            return undefined;
        }
        return intIn(p, `${key}.${f}`, o[f], min, max, what);
    };
    const maxServerErrors = need("maxServerErrors", 1, 1000, "server errors before a host is ejected");
    const intervalMillis = need("intervalMs", 1, DAY_MS, "milliseconds between ejection sweeps");
    const baseEjectionDurationMillis = need("baseEjectionDurationMs", 1, DAY_MS, "milliseconds a host stays ejected");
    const maxEjectionPercent = need("maxEjectionPercent", 0, 100, "percent of a cell's hosts that may be ejected");
    if ([maxServerErrors, intervalMillis, baseEjectionDurationMillis, maxEjectionPercent].some((v) => v === undefined)) return undefined;
    return { maxServerErrors: maxServerErrors!, intervalMillis: intervalMillis!, baseEjectionDurationMillis: baseEjectionDurationMillis!, maxEjectionPercent: maxEjectionPercent! };
}

/** Which pool limits each listener protocol has in App Mesh. */
const POOL_FIELDS: Readonly<Record<Protocol, readonly string[]>> = {
    http: ["maxConnections", "maxPendingRequests"],
    http2: ["maxRequests"],
    grpc: ["maxRequests"],
    tcp: ["maxConnections"],
};

function parsePool(p: Problems, key: string, raw: unknown, protocol: Protocol): ConnectionPoolPolicy | undefined {
    if (!isRecord(raw)) {
        p.add(key, raw, `an object of ${POOL_FIELDS[protocol].join(", ")} for protocol ${protocol}`);
        return undefined;
    }
    const pool: Record<string, number> = {};
    for (const [f, v] of Object.entries(raw)) {
        if (!POOL_FIELDS[protocol].includes(f)) {
            p.add(`${key}.${f}`, v, `not a ${protocol} connection pool limit; ${protocol} takes ${POOL_FIELDS[protocol].join(", ")}`);
            continue;
        }
        const n = intIn(p, `${key}.${f}`, v, 1, 1_000_000, "a limit");
        if (n !== undefined) pool[f] = n;
    }
    const required = protocol === "http" || protocol === "tcp" ? "maxConnections" : "maxRequests";
    if (pool[required] === undefined && raw[required] === undefined) p.add(`${key}.${required}`, undefined, `required for a ${protocol} connection pool: an integer from 1 to 1000000`);
    return pool[required] === undefined ? undefined : pool;
}

function parsePinning(p: Problems, key: string, raw: unknown, protocol: Protocol, cells: readonly string[], rules: EngineTrafficRules): CellPinningPolicy | undefined {
    if (protocol === "tcp") {
        p.add(key, raw, "tcp routes cannot match headers or paths, so tcp cells cannot be pinned; remove cellPinning");
        return undefined;
    }
    const c = fields(p, key, raw, ["header", "paths"], "{ header: x-cell, paths: { cell2: /canary } }");
    if (!c) return undefined;
    const header = c.header ?? "x-cell";
    if (typeof header !== "string" || !HEADER_NAME.test(header) || header.startsWith(":")) {
        p.add(`${key}.header`, header, "a valid HTTP header name: 1 to 50 lowercase letters, digits or !#$%&'*+.^_`|~- (e.g. x-cell)");
    }
    const paths: Record<string, string> = {};
    const rawPaths = asStructured(c.paths ?? {});
    if (!isRecord(rawPaths)) {
        p.add(`${key}.paths`, rawPaths, "a map from cell name to path prefix, e.g. { cell2: /canary }");
    } else if (protocol === "grpc" && rules.grpcPathPinsRefused && Object.keys(rawPaths).length > 0) {
        p.add(`${key}.paths`, rawPaths, rules.grpcPathPinsRefused);
    } else {
        for (const [cell, prefix] of Object.entries(rawPaths)) {
            if (!cells.includes(cell)) p.add(`${key}.paths.${cell}`, prefix, `no cell "${cell}" in this service; cells: ${cells.join(", ")}`);
            else if (typeof prefix !== "string" || !/^\/[\w.~%!$&'()*+,;=:@/-]*$/.test(prefix) || prefix === "/") p.add(`${key}.paths.${cell}`, prefix, "a path prefix other than / that starts with /, e.g. /canary");
            else if (Object.values(paths).includes(prefix)) p.add(`${key}.paths.${cell}`, prefix, "already pins another cell; use one prefix per cell");
            else paths[cell] = prefix;
        }
    }
    // Weighted route + one header route per cell + the path routes, where the engine counts them here.
    const routes = 1 + cells.length + Object.keys(paths).length;
    if (rules.maxRoutes && routes > rules.maxRoutes.max) p.add(key, raw, rules.maxRoutes.message(cells.length, routes));
    return { header: header as string, paths };
}
