// `cellmesh:wave`: the rollout wave of a consumer stack. The driver runs the owner alone first, then
// the consumers wave by wave in increasing order (destroy: the reverse); see docs/many-accounts.md.

import { Problems } from "./problems";
import { asInteger } from "./validate";

/** The wave of a consumer without `cellmesh:wave`. */
export const DEFAULT_WAVE = 1;

/** Validates `cellmesh:wave` (a whole number from 1) and returns it; the default when unset. */
export function parseWave(p: Problems, raw: unknown): number {
    if (raw === undefined) return DEFAULT_WAVE;
    const wave = asInteger(raw);
    if (wave === undefined || wave < 1) {
        p.add("cellmesh:wave", raw, `a whole number from 1 up: after the owner, consumers roll out wave by wave in increasing order (default ${DEFAULT_WAVE})`);
        return DEFAULT_WAVE;
    }
    return wave;
}
