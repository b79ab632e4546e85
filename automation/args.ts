// Command-line parsing for the driver's five commands. Pure: no I/O, so every usage error is tested
// by its exact text.

import type { ReleaseConfig } from "../config/release";
import { UsageError } from "./errors";
import { OptionSpec, readCommandLine, usageError } from "./usage";
import { parseRolloutFlags, parseWaveFlags, ROLLOUT_HELP, ROLLOUT_OPTIONS, RolloutFlags, WAVE_HELP, WAVE_OPTIONS, WaveFlags } from "./waveArgs";

const BOOL: OptionSpec = { type: "boolean" };
const TEXT: OptionSpec = { type: "string" };

export type CommandName = "rollout" | "preview" | "destroy" | "shift" | "status" | "release";
export const COMMANDS: readonly CommandName[] = ["rollout", "preview", "destroy", "shift", "status", "release"];

export interface CommonOptions {
    /** Print one JSON document on stdout instead of tables (progress goes to stderr). */
    readonly json: boolean;
    /** Only these stacks (by name); undefined = every `Pulumi.<stack>.yaml`. */
    readonly stacks?: readonly string[];
    readonly skipPreflight: boolean;
    /** The project directory (Pulumi.yaml and the stack files), as given; undefined = the current directory. */
    readonly dir?: string;
}

export type Command =
    | { readonly command: "help"; readonly text: string }
    | ({ readonly command: "rollout" } & CommonOptions & RolloutFlags)
    | ({ readonly command: "preview" } & CommonOptions & WaveFlags)
    | ({ readonly command: "status" } & CommonOptions)
    | ({ readonly command: "destroy"; readonly yes: boolean } & CommonOptions & WaveFlags)
    | ({
        readonly command: "shift";
        readonly stack: string;
        readonly service: string;
        /** Target weight by cell, as given. */
        readonly weights: ReadonlyMap<string, number>;
        /** Percentages of the way from the current to the target weights; [100] = in one go. */
        readonly steps: readonly number[];
        /** Seconds to wait between steps. */
        readonly pauseSeconds: number;
        /** Set with --gate: each step is judged by the cells' health (automation/gate). */
        readonly gate?: ReleaseConfig;
    } & CommonOptions)
    | ({
        readonly command: "release";
        readonly stack: string;
        readonly service: string;
        readonly image: string;
        /** The cells in release order (the first is the canary); undefined = the service's, in config order. */
        readonly cells?: readonly string[];
        /** Percentages of the way back to each cell's weight, one gated step each. */
        readonly steps: readonly number[];
        readonly gate: ReleaseConfig;
        /** GET this URL with the cell's pin header before the cell gets traffic. */
        readonly checkUrl?: string;
    } & CommonOptions);

const COMMON_HELP = `
Options:
  --dir DIR          the project directory (default: the current directory), e.g. examples/lattice-eks
  --stacks a,b       only these stacks (default: every Pulumi.<stack>.yaml in the project)
  --json             print one JSON document on stdout (progress lines go to stderr)
  --skip-preflight   skip the AWS checks (credentials, accounts, region, RAM, the mesh engine's API)
  --help             show this help`;

/** The gate's flags, shared by the shift (with --gate) and release help. */
const GATE_HELP = `Gate options (defaults: the service's release: config, else the gate's; docs/releases.md):
  --interval SECONDS    evaluate every SECONDS (default 60, at least 60)
  --failure-threshold N consecutive failed evaluations that roll back (default 2)
  --max-error-rate PCT  highest 5XX rate of a watched cell in percent (default 1)
  --max-latency MS      highest p99 latency in ms (default 500)
  --min-requests N      fewer requests in a window is inconclusive (default 100)
  --bake SECONDS        how long the last step is watched (default 300)
  --propagation SECONDS wait after each deploy before measuring (default: VPC Lattice 90, App Mesh 60)
  --allow-short-waits   allow interval and propagation below their floors (drills, tests)`;

export const HELP: Record<CommandName | "main", string> = {
    main: `cellmesh rollout driver (Pulumi Automation API)

Usage: npm run <command> -- [--dir DIR] [options]

Commands:
  rollout   preflight, then up: the owner stack first, then the consumer stacks wave by wave
  preview   the same order with preview (consumers only once the owner exists)
  destroy   consumers first (in parallel), then the owner; needs --yes
  shift     change one service's cell weights in one stack and up that stack, optionally in steps
  status    last update, key outputs and cell weights of every stack
  release   give one service a new image cell by cell, each cell's weight brought back in health-gated steps

Run \`npm run <command> -- --help\` for a command's options.`,
    rollout: `Usage: npm run rollout -- [--stacks acct1,acct2] [--json] [--skip-preflight] [--max-concurrency N] [--failure-tolerance K] [--resume]

Runs the preflight checks, then \`pulumi up\` on the owner stack, then on the consumer stacks wave
by wave (cellmesh:wave, default 1), at most --max-concurrency at a time. A failed stack stops the
rollout (--failure-tolerance lets more fail); run it again to resume (stacks that are up to date show
no changes, --resume skips them).
${COMMON_HELP}
${ROLLOUT_HELP}`,
    preview: `Usage: npm run preview -- [--stacks acct1,acct2] [--json] [--skip-preflight]

Runs \`pulumi preview\` on the owner stack, then on the consumer stacks wave by wave. A consumer reads
the owner's outputs, so consumers are previewed only once the owner stack has been deployed.
${COMMON_HELP}
${WAVE_HELP}`,
    destroy: `Usage: npm run destroy -- --yes [--stacks acct2] [--json] [--skip-preflight]

Destroys every resource of the consumer stacks (wave by wave, the last wave first), then of the
owner stack. Refuses to run without --yes.
${COMMON_HELP}
  --yes              confirm that every resource of the selected stacks is deleted
${WAVE_HELP}`,
    shift: `Usage: npm run shift -- --stack acct1 --service serviceb --weights cell1=0,cell2=100 [--steps 10,50,100 --pause 60]

Validates the new weights of one service, writes them to the stack's config
(cellmesh:services.<service>.cells.<cell>) and runs \`pulumi up\` on that stack only.

Options:
  --dir DIR             the project directory (default: the current directory)
  --stack NAME          the stack that owns the service
  --service NAME        the service whose cells get new weights
  --weights c1=W,c2=W   target weights; cells not named keep theirs. App Mesh: integers 0..100, total
                        at most 100; VPC Lattice: integers 0..999 each (relative)
  --steps P1,P2,...,100 shift progressively: each step goes P% of the way from the current weights
                        to the target, with an up per step; the last step must be 100
  --pause SECONDS       wait between steps (default 0; not with --gate)
  --gate                judge each step by the cells' health: wait for the change to propagate, read
                        error rate, latency and target and task health every interval, halt on a
                        failure, roll back (and deploy) after --failure-threshold failures in a row
  --json                print one JSON document on stdout
  --skip-preflight      skip the AWS checks for this stack
  --help                show this help

${GATE_HELP}`,
    release: `Usage: npm run release -- --stack acct1 --service serviceb --image IMAGE [--cells cell2,cell1] [--steps 10,50,100]

Gives one service a new image one cell at a time, the first cell named being the canary: drain the
cell (weight 0), give it the image (cells.<cell>.image), wait until its tasks or pods run and its
targets are healthy, optionally GET --check-url pinned to the cell, then bring its weight back in
gated steps, bake, and go on to the next cell. A cell at weight 0 (a standby) is released on task
and target health only. On a failure the cell gets its previous image at weight 0 (deployed), then,
once that runs healthy, its weight (deployed); if it does not run healthy the cell stays drained and
the release prints the shift command that gives its weight back. The release stops, saying where and
how to resume. Run the same command again to resume: cells that already run the image at their
weight are skipped.

Options:
  --dir DIR             the project directory (default: the current directory)
  --stack NAME          the stack that owns the service
  --service NAME        the service to release
  --image IMAGE         the new image, with a pinned tag or digest
  --cells c2,c1         the cells in order (default: the service's, in config order)
  --steps P1,...,100    the gated steps of each cell's weight, in percent of it (default 10,50,100)
  --check-url URL       before traffic: GET URL with the service's cellPinning header set to the cell
  --json                print one JSON document on stdout
  --skip-preflight      skip the AWS checks for this stack
  --help                show this help

${GATE_HELP}`,
    status: `Usage: npm run status -- [--stacks acct1,acct2] [--json]

For every stack: the last update (kind, result, time), key outputs and the cell weights of every
service (deployed, from the stack's \`weights\` output, and configured, from Pulumi.<stack>.yaml).

Options:
  --dir DIR          the project directory (default: the current directory)
  --stacks a,b       only these stacks
  --json             print one JSON document on stdout
  --help             show this help`,
};

function list(value: string | undefined, flag: string): string[] | undefined {
    if (value === undefined) return undefined;
    const items = value.split(",").map((s) => s.trim());
    if (items.some((s) => s === "")) throw new UsageError(`${flag} "${value}": give a comma-separated list without empty items, e.g. ${flag} acct1,acct2`);
    return items;
}

/**
 * `cell1=0,cell2=100` -> Map { cell1 => 0, cell2 => 100 }. Any whole number parses: the range and the
 * total are the engine's, checked with the stack's config (automation/offlineChecks.ts).
 */
export function parseWeights(text: string): Map<string, number> {
    const weights = new Map<string, number>();
    for (const item of text.split(",")) {
        const m = /^\s*([^=\s]+)\s*=\s*(-?\d+)\s*$/.exec(item);
        if (!m) throw new UsageError(`--weights "${text}": each item must be <cell>=<integer weight>, e.g. --weights cell1=0,cell2=100`);
        const [, cell, weight] = m;
        if (weights.has(cell)) throw new UsageError(`--weights "${text}": cell ${cell} is given twice`);
        weights.set(cell, Number(weight));
    }
    return weights;
}

/** `10,50,100` -> [10, 50, 100]: strictly increasing percentages ending at 100. */
export function parseSteps(text: string | undefined): number[] {
    if (text === undefined) return [100];
    const steps = text.split(",").map((s) => s.trim());
    const numbers = steps.map((s) => (/^\d{1,3}$/.test(s) ? Number(s) : NaN));
    const increasing = numbers.every((n, i) => n >= 1 && n <= 100 && (i === 0 || n > numbers[i - 1]));
    if (!increasing || numbers[numbers.length - 1] !== 100) {
        throw new UsageError(`--steps "${text}": give increasing percentages from 1 to 100 that end with 100, e.g. --steps 10,50,100`);
    }
    return numbers;
}

/** The release gate's flags, shared by shift --gate and release. */
const GATE_FLAGS = ["interval", "failure-threshold", "max-error-rate", "max-latency", "min-requests", "bake", "propagation", "allow-short-waits"];

/** The options each command takes (every other one is a usage error naming the commands that take it). */
const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
    rollout: { json: BOOL, stacks: TEXT, "skip-preflight": BOOL, dir: TEXT, ...ROLLOUT_OPTIONS },
    preview: { json: BOOL, stacks: TEXT, "skip-preflight": BOOL, dir: TEXT, ...WAVE_OPTIONS },
    status: { json: BOOL, stacks: TEXT, dir: TEXT },
    destroy: { json: BOOL, stacks: TEXT, "skip-preflight": BOOL, yes: BOOL, dir: TEXT, ...WAVE_OPTIONS },
    shift: { json: BOOL, "skip-preflight": BOOL, stack: TEXT, service: TEXT, weights: TEXT, steps: TEXT, pause: TEXT, dir: TEXT, gate: BOOL, ...gateOptions() },
    release: { json: BOOL, "skip-preflight": BOOL, stack: TEXT, service: TEXT, image: TEXT, cells: TEXT, steps: TEXT, dir: TEXT, "check-url": TEXT, ...gateOptions() },
};

/** The release gate's flags (shift --gate, release): each overrides the service's `release:` config. */
function gateOptions(): Record<string, OptionSpec> {
    return Object.fromEntries(GATE_FLAGS.map((f) => [f, f === "allow-short-waits" ? BOOL : TEXT]));
}

/** `only destroy takes it`, `only rollout, preview, destroy and shift take it`: for messages. */
function takers(option: string): string {
    const names = COMMANDS.filter((c) => option in OPTIONS[c]);
    return names.length === 1 ? `only ${names[0]} takes it` : `only ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} take it`;
}
const ELSEWHERE: Record<string, string> = Object.fromEntries([...new Set(COMMANDS.flatMap((c) => Object.keys(OPTIONS[c])))].map((o) => [o, takers(o)]));

/** Parses `argv` (without node and the script); the first item is the command name. */
export function parseCommand(argv: readonly string[]): Command {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") return { command: "help", text: HELP.main };
    if (!COMMANDS.includes(name as CommandName)) {
        throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.join(", ")}`);
    }
    const command = name as CommandName;
    // `-y` is destroy's short --yes.
    const args = rest.map((a) => (command === "destroy" && a === "-y" ? "--yes" : a));
    const line = readCommandLine(args, { command, options: OPTIONS[command], elsewhere: ELSEWHERE });
    if (line.help) return { command: "help", text: HELP[command] };
    try {
        return build(command, line.values as Record<string, string | boolean | undefined>);
    } catch (err) {
        // A malformed value: the same shape as every other usage error.
        if (err instanceof UsageError && !err.message.startsWith(`${command}: `)) throw usageError(command, err.message);
        throw err;
    }
}

function build(command: CommandName, v: Record<string, string | boolean | undefined>): Command {
    const common: CommonOptions = {
        json: !!v.json,
        skipPreflight: !!v["skip-preflight"],
        ...(typeof v.stacks === "string" ? { stacks: list(v.stacks, "--stacks") } : {}),
        ...(typeof v.dir === "string" ? { dir: v.dir } : {}),
    };
    switch (command) {
        case "rollout":
            return { command, ...common, ...parseRolloutFlags(v) };
        case "preview":
            return { command, ...common, ...parseWaveFlags(v) };
        case "status":
            return { command, ...common };
        case "destroy":
            return { command, yes: !!v.yes, ...common, ...parseWaveFlags(v) };
        case "shift": {
            const missing = ["stack", "service", "weights"].filter((k) => v[k as "stack"] === undefined);
            if (missing.length > 0) {
                const names = missing.map((m) => `--${m}`);
                throw new UsageError(`${names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`} ${names.length === 1 ? "is" : "are"} required, e.g. npm run shift -- --stack acct1 --service serviceb --weights cell1=0,cell2=100`);
            }
            const pauseText = typeof v.pause === "string" ? v.pause : "0";
            if (!/^\d+$/.test(pauseText)) throw new UsageError(`--pause "${pauseText}": a whole number of seconds, e.g. --pause 60`);
            const steps = parseSteps(typeof v.steps === "string" ? v.steps : undefined);
            if (v.pause !== undefined && steps.length === 1) throw new UsageError("--pause needs --steps with more than one step");
            // The gate sets its own pace; a --pause beside it would be silently ignored.
            if (v.gate && v.pause !== undefined) throw new UsageError("--pause does not apply with --gate: the gate waits --propagation and --interval");
            const gateFlags = GATE_FLAGS.filter((f) => v[f as keyof typeof v] !== undefined);
            if (!v.gate && gateFlags.length > 0) throw new UsageError(`--${gateFlags[0]} needs --gate`);
            return {
                command, ...common, stack: v.stack as string, service: v.service as string,
                weights: parseWeights(v.weights as string), steps, pauseSeconds: Number(pauseText),
                ...(v.gate ? { gate: parseGateOptions(v) } : {}),
            };
        }
        case "release": {
            const missing = ["stack", "service", "image"].filter((k) => v[k as "stack"] === undefined);
            if (missing.length > 0) {
                const names = missing.map((m) => `--${m}`);
                throw new UsageError(`${names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`} ${names.length === 1 ? "is" : "are"} required, e.g. npm run release -- --stack acct1 --service serviceb --image ghcr.io/acme/serviceb:2.0.1`);
            }
            return {
                command, ...common, stack: v.stack as string, service: v.service as string, image: v.image as string,
                ...(typeof v.cells === "string" ? { cells: list(v.cells, "--cells") } : {}),
                steps: parseSteps(typeof v.steps === "string" ? v.steps : "10,50,100"), gate: parseGateOptions(v),
                ...(typeof v["check-url"] === "string" ? { checkUrl: v["check-url"] } : {}),
            };
        }
    }
}

/** `--max-error-rate 0.5` etc.: numbers as the flag's help says; the floors are checked with the engine (gate/settings.ts). */
function parseGateOptions(v: Record<string, string | boolean | undefined>): ReleaseConfig {
    const num = (flag: string, integer: boolean, example: string): number | undefined => {
        const text = v[flag];
        if (text === undefined) return undefined;
        const ok = typeof text === "string" && (integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(text);
        if (!ok) throw new UsageError(`--${flag} "${String(text)}": ${integer ? "a whole number" : "a number"}, e.g. --${flag} ${example}`);
        return Number(text);
    };
    const out: Record<string, number | boolean> = {};
    const set = (key: keyof ReleaseConfig, value: number | boolean | undefined) => { if (value !== undefined) out[key] = value; };
    set("intervalSeconds", num("interval", true, "60"));
    const threshold = num("failure-threshold", true, "2");
    if (threshold === 0) throw new UsageError('--failure-threshold "0": at least 1, e.g. --failure-threshold 2');
    set("failureThreshold", threshold);
    set("maxErrorRatePercent", num("max-error-rate", false, "1"));
    set("maxLatencyMs", num("max-latency", false, "500"));
    set("minRequests", num("min-requests", true, "100"));
    set("bakeSeconds", num("bake", true, "300"));
    set("propagationSeconds", num("propagation", true, "90"));
    if (v["allow-short-waits"]) out.allowShortWaits = true;
    return out as ReleaseConfig;
}
