// Command-line parsing for the driver's five commands. Pure: no I/O, so every usage error is tested
// by its exact text.

import { UsageError } from "./errors";
import { OptionSpec, readCommandLine, usageError } from "./usage";

const BOOL: OptionSpec = { type: "boolean" };
const TEXT: OptionSpec = { type: "string" };

export type CommandName = "rollout" | "preview" | "destroy" | "shift" | "status";
export const COMMANDS: readonly CommandName[] = ["rollout", "preview", "destroy", "shift", "status"];

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
    | ({ readonly command: "rollout" | "preview" | "status" } & CommonOptions)
    | ({ readonly command: "destroy"; readonly yes: boolean } & CommonOptions)
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
    } & CommonOptions);

const COMMON_HELP = `
Options:
  --dir DIR          the project directory (default: the current directory), e.g. examples/lattice-eks
  --stacks a,b       only these stacks (default: every Pulumi.<stack>.yaml in the project)
  --json             print one JSON document on stdout (progress lines go to stderr)
  --skip-preflight   skip the AWS checks (credentials, accounts, region, RAM, the mesh engine's API)
  --help             show this help`;

export const HELP: Record<CommandName | "main", string> = {
    main: `cellmesh rollout driver (Pulumi Automation API)

Usage: npm run <command> -- [--dir DIR] [options]

Commands:
  rollout   preflight, then up: the owner stack first, then every consumer stack in parallel
  preview   the same order with preview (consumers only once the owner exists)
  destroy   consumers first (in parallel), then the owner; needs --yes
  shift     change one service's cell weights in one stack and up that stack, optionally in steps
  status    last update, key outputs and cell weights of every stack

Run \`npm run <command> -- --help\` for a command's options.`,
    rollout: `Usage: npm run rollout -- [--stacks acct1,acct2] [--json] [--skip-preflight]

Runs the preflight checks, then \`pulumi up\` on the owner stack, then on every consumer stack in
parallel. A failed stack stops the rollout; run it again to resume (stacks that are up to date show
no changes).
${COMMON_HELP}`,
    preview: `Usage: npm run preview -- [--stacks acct1,acct2] [--json] [--skip-preflight]

Runs \`pulumi preview\` on the owner stack, then on the consumer stacks in parallel. A consumer reads
the owner's outputs, so consumers are previewed only once the owner stack has been deployed.
${COMMON_HELP}`,
    destroy: `Usage: npm run destroy -- --yes [--stacks acct2] [--json] [--skip-preflight]

Destroys every resource of the consumer stacks (in parallel), then of the owner stack.
Refuses to run without --yes.
${COMMON_HELP}
  --yes              confirm that every resource of the selected stacks is deleted`,
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
  --pause SECONDS       wait between steps (default 0)
  --json                print one JSON document on stdout
  --skip-preflight      skip the AWS checks for this stack
  --help                show this help`,
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

/** The options each command takes (every other one is a usage error naming the commands that take it). */
const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
    rollout: { json: BOOL, stacks: TEXT, "skip-preflight": BOOL, dir: TEXT },
    preview: { json: BOOL, stacks: TEXT, "skip-preflight": BOOL, dir: TEXT },
    status: { json: BOOL, stacks: TEXT, dir: TEXT },
    destroy: { json: BOOL, stacks: TEXT, "skip-preflight": BOOL, yes: BOOL, dir: TEXT },
    shift: { json: BOOL, "skip-preflight": BOOL, stack: TEXT, service: TEXT, weights: TEXT, steps: TEXT, pause: TEXT, dir: TEXT },
};

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
        case "preview":
        case "status":
            return { command, ...common };
        case "destroy":
            return { command, yes: !!v.yes, ...common };
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
            return {
                command, ...common, stack: v.stack as string, service: v.service as string,
                weights: parseWeights(v.weights as string), steps, pauseSeconds: Number(pauseText),
            };
        }
    }
}
