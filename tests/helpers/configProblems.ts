// The loader's problems as a list, so config tests assert on the exact messages.

import { parseStackConfig } from "../../config/load";
import { ConfigError, RawConfig } from "../../config/types";

/** The problems of the ConfigError `run` throws (none: []); any other error is rethrown. */
export function thrownProblems(run: () => unknown): readonly string[] {
    try {
        run();
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
}

/** The same for a run that rejects (a program on the mock runtime). */
export async function rejectedProblems(run: () => Promise<unknown>): Promise<readonly string[]> {
    try {
        await run();
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
}

/** The loader's problems for `raw` under stack `stack` (none: []). */
export function loaderProblems(raw: RawConfig, stack: string): readonly string[] {
    return thrownProblems(() => parseStackConfig(raw, stack));
}
