// How every command of the project (the driver's five, `plan` and `bench`) reads its command line
// and answers one it cannot take: `--help`/`-h` anywhere prints the help; an unknown option, a
// missing or unexpected value, an option given twice or a stray argument is a usage error (exit 2)
// that names what the user typed, suggests the option they probably meant, and points to --help.
// Pure: nothing heavy loads before the command line has been read.

import { UsageError } from "./errors";

/** One option of a command. */
export type OptionSpec =
    | { readonly type: "boolean" }
    /** Takes a value (`--dir DIR`, `--dir=DIR`); `repeatable` collects every occurrence. */
    | { readonly type: "string"; readonly repeatable?: boolean }
    /** Takes a value only when one follows (`--diff [OLD.json]`): `true` without. */
    | { readonly type: "optional-string" };

export interface CommandLineSpec {
    /** As in `npm run <command>`. */
    readonly command: string;
    readonly options: Readonly<Record<string, OptionSpec>>;
    /**
     * Arguments that are not options, when the command takes any: returns why one is refused, or
     * undefined. @default none are taken
     */
    readonly positional?: (value: string) => string | undefined;
    /** Options of the project's other commands, by name, with what to say about them (`only destroy takes it`). */
    readonly elsewhere?: Readonly<Record<string, string>>;
}

export interface CommandLine {
    /** `--help` or `-h` was given: print the help whatever else is there. */
    readonly help: boolean;
    /** Each given option's value: `true` for booleans (and a bare optional-string), strings, or the list of a repeatable. */
    readonly values: Readonly<Record<string, string | boolean | readonly string[]>>;
    readonly positionals: readonly string[];
}

/** `<command>: <problem>; see npm run <command> -- --help`: one shape for every usage error. */
export function usageError(command: string, problem: string): UsageError {
    return new UsageError(`${command}: ${problem}; see npm run ${command} -- --help`);
}

/** Edit distance, for suggesting the option a typo meant. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = row[j];
            row[j] = next;
        }
    }
    return row[b.length];
}

/** `(did you mean --stacks?)`, `(only destroy takes it)`, or nothing. */
function hint(name: string, spec: CommandLineSpec): string {
    const own = Object.keys(spec.options);
    const near = own.map((o) => ({ o, d: distance(name, o) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d)[0];
    if (near) return ` (did you mean --${near.o}?)`;
    const other = spec.elsewhere?.[name];
    return other ? ` (${other})` : "";
}

/** A token that reads as an option name rather than a value (`--json`, `-h`; not `-5`). */
const looksLikeOption = (token: string) => /^--?[A-Za-z]/.test(token);

/** Reads `argv` by `spec`; throws a UsageError naming the first thing it cannot take. */
export function readCommandLine(argv: readonly string[], spec: CommandLineSpec): CommandLine {
    if (argv.includes("--help") || argv.includes("-h")) return { help: true, values: {}, positionals: [] };
    const fail = (problem: string) => usageError(spec.command, problem);
    const values: Record<string, string | boolean | string[]> = {};
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!looksLikeOption(arg)) {
            const why = spec.positional ? spec.positional(arg) : "this command takes no arguments, only options";
            if (why !== undefined) throw fail(`unexpected argument "${arg}": ${why}`);
            positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const flag = eq >= 0 ? arg.slice(0, eq) : arg;
        const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
        const name = flag.replace(/^--?/, "");
        const option = spec.options[name];
        if (!flag.startsWith("--") || option === undefined) throw fail(`unknown option ${flag}${hint(name, spec)}`);
        const given = values[name];
        if (given !== undefined && !(option.type === "string" && option.repeatable)) throw fail(`${flag} is given twice; give it once`);
        if (option.type === "boolean") {
            if (inline !== undefined) throw fail(`${flag} takes no value (given "${inline}")`);
            values[name] = true;
            continue;
        }
        let value = inline;
        if (value === undefined && argv[i + 1] !== undefined && !looksLikeOption(argv[i + 1])) value = argv[++i];
        if (option.type === "optional-string") {
            if (value === "") throw fail(`${flag} needs a file name after =, or nothing`);
            values[name] = value ?? true;
            continue;
        }
        if (value === undefined || value.trim() === "") throw fail(`${flag} needs a value`);
        values[name] = option.repeatable ? [...((given as string[] | undefined) ?? []), value] : value;
    }
    return { help: false, values, positionals };
}
