// Which stacks exist and what their config is: read from the project's `Pulumi.<stack>.yaml`
// files (the same files the CLI reads), validated with the stack programs' own `parseStackConfig`,
// then checked as a set (config/projectChecks.ts: one owner, one engine, compute and region, consumers
// pointing at it and shared with, namespaces and backends that resolve, names unique per account).

import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../config/load";
import { meshProblems, parseStacks, RawStack } from "../config/projectChecks";
import { CellmeshConfig, ConsumerConfig, OwnerConfig, RawConfig } from "../config/types";
import type { ProjectStack } from "../config/sharedNames";
import { DriverError, UsageError } from "./errors";
import { readYamlFile } from "./yamlFile";

export interface StackInfo<C extends CellmeshConfig = CellmeshConfig> {
    /** Stack name as in the file name (`acct1` for `Pulumi.acct1.yaml`). */
    readonly name: string;
    /** Absolute path of the stack's config file. */
    readonly file: string;
    /** Raw config by fully qualified key, as the file holds it. */
    readonly raw: RawConfig;
    readonly config: C;
}

export interface Project {
    readonly dir: string;
    /** `name` in Pulumi.yaml. */
    readonly name: string;
    readonly owner?: StackInfo<OwnerConfig>;
    readonly consumers: readonly StackInfo<ConsumerConfig>[];
    /** Every stack of the project, selected or not (`--stacks` narrows `owner`/`consumers` only). */
    readonly allStacks: readonly StackInfo[];
}

/** The selected stacks, owner first. */
export function selectedStacks(project: Project): StackInfo[] {
    return [...(project.owner ? [project.owner] : []), ...project.consumers];
}

/** Reads `Pulumi.yaml`'s project name. */
export function readProjectName(dir: string): string {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) throw new DriverError(`no Pulumi.yaml in ${dir}: run the driver from the cellmesh project directory, or name it with --dir (npm run rollout -- --dir examples/lattice-eks)`);
    const doc = readYamlFile(file) as { name?: unknown } | null;
    if (typeof doc?.name !== "string" || doc.name === "") throw new DriverError(`${file} has no project name (name: cellmesh)`);
    return doc.name;
}

/**
 * Reads one stack file's `config:` block and qualifies bare keys with the project name, as the CLI
 * does (`services` in project cellmesh is `cellmesh:services`).
 */
export function readStackFile(file: string, projectName: string): RawConfig {
    const doc = readYamlFile(file) as { config?: unknown } | null;
    const config = doc?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new DriverError(`${file}: "config" must be a map of config keys`);
    }
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) raw[key.includes(":") ? key : `${projectName}:${key}`] = value;
    return raw;
}

/** Stack names from `Pulumi.<stack>.yaml` (and .yml) files, sorted. */
export function stackFiles(dir: string): { name: string; file: string }[] {
    return fs.readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ name: m[1], file: path.join(dir, m[0]) }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/** Reads `Pulumi.yaml`'s `main` (the program's folder), resolved from `dir`; the folder itself when unset. */
export function programDir(dir: string): string {
    const doc = readYamlFile(path.join(dir, "Pulumi.yaml")) as { main?: unknown } | null;
    return path.resolve(dir, typeof doc?.main === "string" ? doc.main : ".");
}

/**
 * The folder that holds the program and the project's sample folders: the program's parent (the
 * repository root for `main: stacks/` or `../../stacks/`), or the project folder itself when the
 * program is there (then nothing above it is searched).
 */
function projectRoot(dir: string): string {
    const program = programDir(dir);
    return program === path.resolve(dir) ? program : path.dirname(program);
}

/** Folders never searched for sample projects. */
const NOT_SAMPLES = new Set(["node_modules", "plan-out", "bin"]);

/**
 * The folders holding stacks of the same project as `dir`: every folder, at most two levels below
 * the folder that contains the program (`main`, e.g. `stacks/`), whose Pulumi.yaml names the same
 * project and the same program. In this repository: the root and each examples/ folder.
 */
export function projectSampleDirs(dir: string): string[] {
    const name = readProjectName(dir);
    const program = programDir(dir);
    const root = projectRoot(dir);
    const found: string[] = [];
    const visit = (d: string, depth: number) => {
        if (fs.existsSync(path.join(d, "Pulumi.yaml"))) {
            try {
                if (readProjectName(d) === name && programDir(d) === program) found.push(d);
            } catch {
                // not a project file we can read: not one of ours
            }
        }
        if (depth === 2) return;
        let entries: fs.Dirent[] = [];
        try {
            entries = fs.readdirSync(d, { withFileTypes: true });
        } catch {
            return; // unreadable: holds no sample of ours
        }
        for (const entry of entries) {
            if (entry.isDirectory() && !entry.name.startsWith(".") && !NOT_SAMPLES.has(entry.name)) visit(path.join(d, entry.name), depth + 1);
        }
    };
    if (fs.existsSync(root)) visit(root, 0);
    return found.sort();
}

/**
 * The valid stacks of the project's other folders (projectSampleDirs), for the checks of names
 * that must be unique per account. A file that does not validate is skipped here: it is reported
 * when its own folder is run.
 */
function siblingStacks(dir: string, name: string, root: string): ProjectStack[] {
    const stacks: ProjectStack[] = [];
    for (const other of projectSampleDirs(dir).filter((d) => path.resolve(d) !== path.resolve(dir))) {
        for (const f of stackFiles(other)) {
            try {
                stacks.push({ name: f.name, dir: path.relative(root, other) || ".", config: parseStackConfig(readStackFile(f.file, name), f.name) });
            } catch {
                // reported in its own folder
            }
        }
    }
    return stacks;
}

export interface DiscoverOptions {
    /**
     * Where the project really lives when `dir` is a scratch copy of it (the plan's `--config`): its
     * other sample folders are found from there. @default dir
     */
    readonly projectDir?: string;
    /** The flag `only` came from, for its message (`--stack` for shift). @default "--stacks" */
    readonly flag?: string;
}

/**
 * Discovers and validates every stack of the project in `dir`; `only` narrows the selection. All
 * config problems of all stacks are reported together, and so are names that stacks of this project
 * in other folders (the other samples) would create in the same account too.
 */
export function discoverProject(dir: string, only?: readonly string[], options: DiscoverOptions = {}): Project {
    const name = readProjectName(dir);
    const files = stackFiles(dir);
    if (files.length === 0) throw new DriverError(`no Pulumi.<stack>.yaml files in ${dir}: add the owner's and the consumers' stack config files`);

    // Every check that needs no AWS, per stack and across stacks (config/projectChecks.ts).
    const problems: string[] = [];
    const read: (RawStack & { file: string })[] = [];
    for (const f of files) {
        try {
            read.push({ name: f.name, file: f.file, raw: readStackFile(f.file, name) });
        } catch (err) {
            problems.push(err instanceof DriverError ? err.message : `${f.file}: ${(err as Error).message}`);
        }
    }
    const { parsed, problems: stackProblems } = parseStacks(read);
    problems.push(...stackProblems);
    if (problems.length > 0) throw new DriverError(problems.join("\n"));
    const all: StackInfo[] = parsed.map((s) => ({ name: s.name, file: read.find((r) => r.name === s.name)!.file, raw: s.raw, config: s.config }));

    const owners = all.filter((s): s is StackInfo<OwnerConfig> => s.config.role === "owner");
    const consumers = all.filter((s): s is StackInfo<ConsumerConfig> => s.config.role === "consumer");
    if (owners.length !== 1) {
        throw new DriverError(`no owner stack: exactly one Pulumi.<stack>.yaml needs cellmesh:role: owner (found ${all.map((s) => s.name).join(", ")})`);
    }
    const owner = owners[0];
    const home = options.projectDir ?? dir;
    const root = projectRoot(home);
    const here = path.relative(root, home) || ".";
    problems.push(...meshProblems({ project: name, owner, consumers, elsewhere: siblingStacks(home, name, root), here }));
    if (problems.length > 0) throw new DriverError(problems.join("\n"));

    let selected = all.map((s) => s.name);
    if (only) {
        const unknown = only.filter((s) => !selected.includes(s));
        const flag = options.flag ?? "--stacks";
        if (unknown.length > 0) throw new UsageError(`${flag}: no stack named ${unknown.join(", ")}; stacks of this project: ${selected.join(", ")}`);
        selected = selected.filter((s) => only.includes(s));
    }
    return {
        dir, name, allStacks: all,
        ...(selected.includes(owner.name) ? { owner } : {}),
        consumers: consumers.filter((c) => selected.includes(c.name)),
    };
}
