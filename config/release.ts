// `services.<name>.release`: the release gate's settings for one service (automation/gate/settings.ts
// holds the defaults and why). Only what is set is returned; flags override it.

import { Problems } from "./problems";
import { asBoolean, asStructured, isRecord } from "./validate";

/**
 * The release gate's settings, one type for both places they are set: a service's config
 * `services.<name>.release.<field>` (parsed here) and the flags of `shift --gate` and `release`
 * (automation/args.ts), a flag overriding the config. Unset: the gate's default
 * (automation/gate/settings.ts; table with the reasons in docs/releases.md).
 */
export interface ReleaseConfig {
    /** Seconds between evaluations (flag --interval; default 60, below 60 only with allowShortWaits). */
    readonly intervalSeconds?: number;
    /** Consecutive failed evaluations that roll back (--failure-threshold; default 2). */
    readonly failureThreshold?: number;
    /** Highest 5XX rate of a watched cell, in percent of its requests (--max-error-rate; default 1). */
    readonly maxErrorRatePercent?: number;
    /** Highest p99 latency of a watched cell, in ms (--max-latency; default 500). */
    readonly maxLatencyMs?: number;
    /** Requests a cell needs in a window to be judged; fewer is inconclusive (--min-requests; default 100). */
    readonly minRequests?: number;
    /** Seconds the last step is watched before it counts as done (--bake; default 300). */
    readonly bakeSeconds?: number;
    /** Seconds to wait after a deploy before its traffic is measured (--propagation; default and floor: VPC Lattice 90, App Mesh 60). */
    readonly propagationSeconds?: number;
    /** Lets interval and propagation go below their floors: sandbox drills, tests (--allow-short-waits; default false). */
    readonly allowShortWaits?: boolean;
}

/** Each numeric field: its range and whether fractions are allowed. */
const FIELDS: Record<Exclude<keyof ReleaseConfig, "allowShortWaits">, { min: number; max: number; integer: boolean; what: string }> = {
    intervalSeconds: { min: 1, max: 3600, integer: true, what: "seconds between evaluations" },
    failureThreshold: { min: 1, max: 100, integer: true, what: "consecutive failed evaluations before a rollback" },
    maxErrorRatePercent: { min: 0, max: 100, integer: false, what: "the highest 5XX rate in percent" },
    maxLatencyMs: { min: 1, max: 600000, integer: false, what: "the highest p99 latency in milliseconds" },
    minRequests: { min: 1, max: 100000000, integer: true, what: "requests a cell needs in a window to be judged" },
    bakeSeconds: { min: 0, max: 86400, integer: true, what: "seconds the last step is watched before a cell counts as done" },
    propagationSeconds: { min: 0, max: 3600, integer: true, what: "seconds to wait after a weight change before its traffic is measured" },
};
export const RELEASE_KEYS = [...Object.keys(FIELDS), "allowShortWaits"];

function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
    return undefined;
}

export function parseRelease(p: Problems, key: string, raw: unknown): ReleaseConfig | undefined {
    const value = asStructured(raw);
    if (value === undefined) return undefined;
    if (!isRecord(value)) {
        p.add(key, value, "an object of the release gate's settings, e.g. { intervalSeconds: 60, failureThreshold: 2, maxErrorRatePercent: 1, maxLatencyMs: 500, minRequests: 100, bakeSeconds: 300 }");
        return undefined;
    }
    const out: Record<string, number | boolean> = {};
    for (const [field, v] of Object.entries(value)) {
        if (field === "allowShortWaits") {
            const b = asBoolean(v);
            if (b === undefined) p.add(`${key}.${field}`, v, "true or false");
            else out[field] = b;
            continue;
        }
        const rule = FIELDS[field as keyof typeof FIELDS];
        if (!rule) {
            p.add(`${key}.${field}`, v, `not a release setting; valid settings are ${RELEASE_KEYS.join(", ")}`);
            continue;
        }
        const n = asNumber(v);
        if (n === undefined || n < rule.min || n > rule.max || (rule.integer && !Number.isInteger(n))) {
            p.add(`${key}.${field}`, v, `${rule.integer ? "an integer" : "a number"} from ${rule.min} to ${rule.max} (${rule.what})`);
            continue;
        }
        out[field] = n;
    }
    return out as ReleaseConfig;
}
