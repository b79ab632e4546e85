// The flags of a run over many stacks (rollout, preview, destroy): its pace (--max-concurrency,
// --failure-tolerance), where it runs (--runner), and rollout's --resume and --emit. Pure, like
// args.ts: every usage error is tested by its exact text, before anything touches AWS or the CLI.

import { UsageError } from "./errors";
import type { OptionSpec } from "./usage";

export type Runner = "local" | "pulumi-deployments";
export const RUNNERS: readonly Runner[] = ["local", "pulumi-deployments"];
export type EmitTarget = "github-actions";
export const EMIT_TARGETS: readonly EmitTarget[] = ["github-actions"];

export interface WaveFlags {
    /** At most this many stacks at once; undefined = what this machine holds (automation/capacity.ts). */
    readonly maxConcurrency?: number;
    /** After this many failed stacks plus one, no new stack starts. */
    readonly failureTolerance: number;
    readonly runner: Runner;
}

export interface RolloutFlags extends WaveFlags {
    /** Skip the stacks whose last up succeeded with the same config (automation/runState.ts). */
    readonly resume: boolean;
    /** Write workflows that run the plan instead of running it. */
    readonly emit?: EmitTarget;
    /** Where --emit writes, as given. */
    readonly out?: string;
}

/** The flags rollout, preview and destroy take (automation/usage.ts); rollout also takes ROLLOUT_OPTIONS. */
export const WAVE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
    "max-concurrency": { type: "string" },
    "failure-tolerance": { type: "string" },
    runner: { type: "string" },
};
export const ROLLOUT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
    ...WAVE_OPTIONS,
    resume: { type: "boolean" },
    emit: { type: "string" },
    out: { type: "string" },
};

export const WAVE_HELP = `  --max-concurrency N    at most N stacks at once (default: what this machine's memory and CPUs
                         hold, see docs/many-accounts.md)
  --failure-tolerance K  after K+1 failed stacks no new stack starts; running stacks finish (default 0)
  --runner RUNNER        local (default: the Pulumi CLI on this machine) or pulumi-deployments (each
                         stack's deployment runs on Pulumi Deployments: needs a Pulumi Cloud backend
                         and PULUMI_ACCESS_TOKEN)`;
export const ROLLOUT_HELP = `${WAVE_HELP}
  --resume               skip the stacks whose last up succeeded with the same config and program
  --emit github-actions  write GitHub Actions workflows that run the same plan, instead of running it
  --out DIR              the folder --emit writes to (default .github/workflows)`;

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** A whole number from `min`, as typed: `10`, not `1e1` or `10.0`. */
function count(values: Values, flag: string, min: number, what: string, example: string): number | undefined {
    const text = values[flag];
    if (text === undefined) return undefined;
    if (typeof text !== "string" || !/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
        throw new UsageError(`--${flag} "${String(text)}": a whole number of ${what} from ${min} up, e.g. --${flag} ${example}`);
    }
    return Number(text);
}

function oneOf<T extends string>(values: Values, flag: string, allowed: readonly T[]): T | undefined {
    const text = values[flag];
    if (text === undefined) return undefined;
    if (!allowed.includes(text as T)) throw new UsageError(`--${flag} "${String(text)}": one of ${allowed.join(", ")}, e.g. --${flag} ${allowed[allowed.length - 1]}`);
    return text as T;
}

/** --max-concurrency, --failure-tolerance and --runner. */
export function parseWaveFlags(values: Values): WaveFlags {
    const maxConcurrency = count(values, "max-concurrency", 1, "stacks", "10");
    return {
        ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
        failureTolerance: count(values, "failure-tolerance", 0, "failed stacks", "2") ?? 0,
        runner: oneOf(values, "runner", RUNNERS) ?? "local",
    };
}

/** parseWaveFlags plus --resume, --emit and --out, and the combinations they refuse. */
export function parseRolloutFlags(values: Values): RolloutFlags {
    const flags = parseWaveFlags(values);
    const emit = oneOf(values, "emit", EMIT_TARGETS);
    const out = values.out;
    if (out !== undefined && emit === undefined) throw new UsageError("--out names the folder --emit writes to; use it with --emit github-actions");
    if (emit !== undefined && values.runner !== undefined) throw new UsageError("--emit writes workflows for GitHub Actions to run and runs nothing here; it does not take --runner");
    if (emit !== undefined && values.resume) throw new UsageError("--emit writes the whole plan and runs nothing here; it does not take --resume (on GitHub, re-run the failed jobs instead)");
    return {
        ...flags, resume: !!values.resume,
        ...(emit !== undefined ? { emit } : {}),
        ...(typeof out === "string" ? { out } : {}),
    };
}
