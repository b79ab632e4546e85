// Which stacks to plan and with what config: the project's `Pulumi.<stack>.yaml` files, validated by
// the same `discoverProject`/`parseStackConfig` as a deploy and the rollout driver, so a bad config
// stops the plan with the very message a deploy would print.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Project, discoverProject } from "../automation/discovery";
import { DriverError, UsageError } from "../automation/errors";
import { StackInput } from "./engine";

export interface LoadOptions {
    /** The project directory (Pulumi.yaml and the stack files). */
    readonly dir: string;
    /** Stack config files that replace (or add) the stack named by their file name, `Pulumi.<stack>.yaml`. */
    readonly configFiles?: readonly string[];
    /** Plan only this stack (the owner is still run when a consumer needs its outputs). */
    readonly stack?: string;
}

export interface LoadedProject {
    readonly project: Project;
    /** Stacks to run, owner first. */
    readonly run: readonly StackInput[];
    /** Stacks to show. */
    readonly selected: readonly string[];
}

/** Stack name of a stack config file: `Pulumi.acct1.yaml` -> `acct1`. */
export function stackNameOf(file: string): string {
    const m = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    if (!m) throw new UsageError(`--config ${file}: a stack config file must be named Pulumi.<stack>.yaml (the stack name comes from the file name)`);
    return m[1];
}

/**
 * Reads and validates the project. `--config` files are laid over the project's own stack files in
 * a scratch copy, then the whole set is validated as one project (one owner, consumers shared with).
 */
export function loadProject(options: LoadOptions): LoadedProject {
    const files = options.configFiles ?? [];
    let dir = options.dir;
    let scratch: string | undefined;
    const renames = new Map<string, string>();
    if (files.length > 0) {
        for (const f of files) {
            if (!fs.existsSync(f)) throw new UsageError(`--config ${f}: no such file`);
        }
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-plan-"));
        for (const f of fs.readdirSync(options.dir)) {
            if (f === "Pulumi.yaml" || /^Pulumi\..+\.ya?ml$/.test(f)) {
                fs.copyFileSync(path.join(options.dir, f), path.join(scratch, f));
                renames.set(path.join(scratch, f), path.join(options.dir, f));
            }
        }
        for (const f of files) {
            const name = stackNameOf(f);
            for (const ext of ["yaml", "yml"]) fs.rmSync(path.join(scratch, `Pulumi.${name}.${ext}`), { force: true });
            const target = path.join(scratch, `Pulumi.${name}.yaml`);
            fs.copyFileSync(f, target);
            renames.set(target, path.resolve(f));
        }
        dir = scratch;
    }
    try {
        // A scratch copy finds the project's other folders from the real one.
        const project = discoverProject(dir, undefined, { projectDir: options.dir });
        const all = project.allStacks;
        if (options.stack !== undefined && !all.some((s) => s.name === options.stack)) {
            throw new UsageError(`--stack: no stack named ${options.stack}; stacks of this project: ${all.map((s) => s.name).join(", ")}`);
        }
        const owner = project.owner!;
        const consumers = all.filter((s) => s.config.role === "consumer");
        const selected = options.stack ? [options.stack] : [owner.name, ...consumers.map((c) => c.name)];
        // A consumer reads the owner's outputs, so the owner always runs; other consumers only when shown.
        const run = [owner, ...consumers.filter((c) => selected.includes(c.name))]
            .map((s) => ({ name: s.name, config: s.config, raw: s.raw }));
        return { project, run, selected };
    } catch (err) {
        // Report the user's own file names, not the scratch copy's.
        if (err instanceof DriverError && scratch) {
            let message = err.message;
            for (const [from, to] of renames) message = message.split(from).join(to);
            err.message = message;
        }
        throw err;
    } finally {
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }
}
