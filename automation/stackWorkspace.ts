// Stacks that run in parallel never share a Pulumi workspace (pulumi/pulumi#8186): `stack select` and
// `stack init` write the current stack into $PULUMI_HOME/workspaces/<project>-<sha1 of the path of
// Pulumi.yaml>-workspace.json (pkg/workspace/workspace.go, settingsPath), so two stacks selected in
// one project folder at once race on one file. Each stack of a run gets a work dir of its own,
// <project>/.pulumi-workspaces/<stack>/, holding:
// - Pulumi.yaml: the project's, with `main` pointing back at the program. Another path, so another
//   workspace.json;
// - Pulumi.<stack>.yaml: a symlink to the project's stack file, so what the CLI writes there (the
//   passphrase's `encryptionsalt:` on `stack init`) lands in the file under version control: the CLI
//   saves it with Go's os.WriteFile (sdk/go/common/workspace/project.go, save), which follows links.
// PULUMI_HOME stays shared: plugins (the AWS provider) and the login are not copied per stack.

import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { parseDocument } from "yaml";
import { programDir, StackInfo } from "./discovery";
import { cellmeshInlineProgram, workspaceOptions, WorkspaceContext } from "./workspace";

/** The folder, inside the project, that holds the per-stack work dirs (git-ignored). */
export const WORKSPACES_DIR = ".pulumi-workspaces";

/** `<project>/.pulumi-workspaces/<stack>`: the stack's own work dir. */
export function stackWorkDir(projectDir: string, stack: string): string {
    return path.join(projectDir, WORKSPACES_DIR, stack);
}

function writeIfChanged(file: string, text: string): void {
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
}

/**
 * Creates (or refreshes) the stack's work dir: Pulumi.yaml copied with `main` rewritten to reach the
 * same program, and Pulumi.<stack>.yaml linked to the project's stack file. Returns its path.
 */
export function prepareStackWorkDir(projectDir: string, info: StackInfo): string {
    const dir = stackWorkDir(projectDir, info.name);
    fs.mkdirSync(dir, { recursive: true });
    const project = parseDocument(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));
    project.set("main", path.relative(dir, programDir(projectDir)) + path.sep);
    writeIfChanged(path.join(dir, "Pulumi.yaml"), project.toString());

    const link = path.join(dir, path.basename(info.file));
    const target = path.relative(dir, info.file);
    let current: string | undefined;
    try {
        current = fs.readlinkSync(link);
    } catch {
        current = undefined;
    }
    if (current !== target) {
        fs.rmSync(link, { force: true });
        fs.symlinkSync(target, link);
    }
    return dir;
}

/** Selects (or creates) the stack in its own work dir (see the top of this file). */
export async function openIsolatedStack(ctx: WorkspaceContext, info: StackInfo): Promise<Stack> {
    const workDir = prepareStackWorkDir(ctx.projectDir, info);
    return LocalWorkspace.createOrSelectStack(
        { stackName: info.name, projectName: ctx.projectName, program: ctx.program ?? cellmeshInlineProgram },
        { ...workspaceOptions(ctx), workDir },
    );
}
