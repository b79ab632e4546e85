// The run state: for every stack, the last state an up or destroy of the driver left it in, with the
// hash of the config and program it ran with, and when. `rollout --resume` starts only the stacks
// not yet done with their current config, and says which it skips and why. Where the file lives,
// and why there (docs/many-accounts.md#resume):
// - file backend (the default `.pulumi-state/`, or PULUMI_BACKEND_URL=file://...): beside the
//   backend's own files, `<state dir>/.cellmesh/run-state-<project>.json`, so it goes where the state goes;
// - any other backend (S3, Pulumi Cloud): `<project>/.cellmesh/run-state-<hash of the backend URL>.json`
//   on this machine (the driver has no S3 client, and Pulumi Cloud keeps no file for it); one file
//   per backend, so two backends never mix.
// Never inside the user's stack files.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { programDir, Project, StackInfo } from "./discovery";
import type { Operation, StackOutcome, StackResult } from "./progress";
import { fileBackendDir } from "./backend";
import { readYamlFile } from "./yamlFile";

export interface StackRecord {
    readonly operation: Operation;
    readonly state: StackOutcome;
    /** sha256 of the stack's config and the program (`configHash`). */
    readonly configHash: string;
    /** When the stack ended (ISO 8601). */
    readonly time: string;
}

export interface RunStateFile {
    readonly version: 1;
    readonly project: string;
    readonly backend: string;
    readonly stacks: Readonly<Record<string, StackRecord>>;
}

/** The folders, beside the program's folder, whose files make the program (stacks/ is the program's). */
export const PROGRAM_FOLDERS: readonly string[] = ["stacks", "config", "engines", "compute", "shared", "app"];

/** Where the run state of this project on this backend lives (see the top of this file). */
export function runStatePath(project: Pick<Project, "dir" | "name">, backendUrl: string): string {
    const dir = fileBackendDir(backendUrl);
    if (dir) return path.join(dir, ".cellmesh", `run-state-${project.name}.json`);
    const key = createHash("sha256").update(backendUrl).digest("hex").slice(0, 12);
    return path.join(project.dir, ".cellmesh", `run-state-${key}.json`);
}

function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.name.startsWith(".") || e.name === "node_modules") return [];
        const full = path.join(dir, e.name);
        return e.isDirectory() ? filesUnder(full) : e.isFile() ? [full] : [];
    });
}

/**
 * The program's version: sha256 over every file of PROGRAM_FOLDERS (next to the program's folder)
 * and package-lock.json (the provider versions), by relative path. Any change to the code reruns.
 */
export function programFingerprint(projectDir: string): string {
    const root = path.dirname(programDir(projectDir));
    const files = [...PROGRAM_FOLDERS.flatMap((f) => filesUnder(path.join(root, f))), path.join(root, "package-lock.json")]
        .filter((f) => fs.existsSync(f)).sort();
    const hash = createHash("sha256");
    for (const f of files) hash.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
    return hash.digest("hex");
}

/** A stack file's content as a stable string, without the `encryptionsalt` `stack init` adds. */
function stackFileContent(file: string): string {
    const doc = (readYamlFile(file) ?? {}) as Record<string, unknown>;
    delete doc.encryptionsalt;
    const stable = (v: unknown): unknown => (Array.isArray(v) ? v.map(stable)
        : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, stable(x)])) : v);
    return JSON.stringify(stable(doc));
}

/**
 * sha256 of what a stack's up depends on: its stack file (less the salt), the owner's stack file for a
 * consumer (it reads the owner's outputs), Pulumi.yaml and the program's fingerprint.
 */
export function configHash(info: StackInfo, project: Project, fingerprint: string): string {
    const owner = project.allStacks.find((s) => s.config.role === "owner");
    const parts = [
        "cellmesh-run-state/1", stackFileContent(info.file),
        info.config.role === "consumer" && owner ? stackFileContent(owner.file) : "",
        fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8"), fingerprint,
    ];
    return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** Reads and writes the run-state file; each record is merged into the file as it is now. */
export class RunState {
    constructor(readonly file: string, private readonly project: string, private readonly backend: string) {}

    read(): RunStateFile {
        if (!fs.existsSync(this.file)) return { version: 1, project: this.project, backend: this.backend, stacks: {} };
        return JSON.parse(fs.readFileSync(this.file, "utf8")) as RunStateFile;
    }

    /** Records `record` for `stack`; a not-started stack keeps the record of its last real run. */
    record(stack: string, record: StackRecord): void {
        const now = this.read();
        if (record.state === "skipped" && now.stacks[stack] !== undefined) return;
        const next: RunStateFile = { ...now, stacks: { ...now.stacks, [stack]: record } };
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        // Written whole, then renamed: a crash never leaves half a file.
        const tmp = `${this.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + "\n");
        fs.renameSync(tmp, this.file);
    }
}

/** `--resume`'s verdict on one stack: why it is skipped, or why it runs. */
export function resumeVerdict(record: StackRecord | undefined, hash: string): { readonly skip: boolean; readonly why: string } {
    if (record === undefined) return { skip: false, why: "runs: no up of it is recorded" };
    if (record.operation !== "up") return { skip: false, why: `runs: its last recorded operation is ${record.operation} (${record.state} at ${record.time})` };
    if (record.state !== "succeeded") return { skip: false, why: `runs: its last up ${record.state} at ${record.time}` };
    if (record.configHash !== hash) return { skip: false, why: `runs: its config or the program changed since its up succeeded at ${record.time}` };
    return { skip: true, why: `--resume: its up succeeded at ${record.time} with the same config and program (${hash.slice(0, 12)})` };
}

export interface RunStateHooks {
    readonly file: string;
    /** Records every result of an up or destroy (RunOptions.onResult). */
    onResult(info: StackInfo, result: StackResult): void;
    /** For `--resume`: says, for each stack, why it is skipped or runs (RunOptions.skipIfDone). */
    skipIfDone(info: StackInfo): string | undefined;
}

/** The run state of `project` on `backendUrl`, as hooks for runWaveOperation; `say` prints the reasons. */
export function trackRunState(project: Project, backendUrl: string, now: () => number, say: (line: string) => void): RunStateHooks {
    const state = new RunState(runStatePath(project, backendUrl), project.name, backendUrl);
    const fingerprint = programFingerprint(project.dir);
    // Hashed once, before any stack runs: what the stack starts with is what it is recorded with.
    const hashes = new Map<string, string>();
    const hashOf = (info: StackInfo) => {
        if (!hashes.has(info.name)) hashes.set(info.name, configHash(info, project, fingerprint));
        return hashes.get(info.name)!;
    };
    for (const s of [...(project.owner ? [project.owner] : []), ...project.consumers]) hashOf(s);
    const recorded = state.read().stacks;
    return {
        file: state.file,
        onResult: (info, r) => state.record(info.name, { operation: r.operation, state: r.result, configHash: hashOf(info), time: new Date(now()).toISOString() }),
        skipIfDone: (info) => {
            const verdict = resumeVerdict(recorded[info.name], hashOf(info));
            if (verdict.skip) return verdict.why;
            say(`[${info.name}] --resume ${verdict.why}`);
            return undefined;
        },
    };
}
