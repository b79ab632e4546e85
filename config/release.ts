// `services.<name>.release`: the release gate's settings for one service (automation/gate/settings.ts
// holds the defaults and why). Only what is set is returned; flags override it.

import { Problems } from "./problems";
import { asBoolean, asStructured, isRecord } from "./validate";

/** The gate's settings a service may set; each flag of shift --gate and release overrides one. */
export interface ReleaseConfig {
    readonly intervalSeconds?: number;
    readonly failureThreshold?: number;
    readonly maxErrorRatePercent?: number;
    readonly maxLatencyMs?: number;
    readonly minRequests?: number;
    readonly bakeSeconds?: number;
    readonly propagationSeconds?: number;
    /** Lets interval and propagation go below their floors (sandbox drills, tests). */
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
