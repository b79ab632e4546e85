// Where the stacks' state is: PULUMI_BACKEND_URL, or a file backend inside the project. Light on
// purpose (no Pulumi import): the run state (automation/runState.ts) needs it too.

import * as os from "node:os";
import * as path from "node:path";

/** The local file backend's directory inside the project (git-ignored). */
export const STATE_DIR = ".pulumi-state";

const FILE_PREFIX = "file://";

/**
 * `PULUMI_BACKEND_URL` if set (S3 bucket, Pulumi Cloud), else a file backend inside the project. A
 * file backend's `~` and relative path are made absolute here, from the project dir: the CLI would
 * resolve them against its own working dir (pulumi/pulumi pkg/backend/diy/backend.go, massageBlobPath:
 * `~` expanded, then filepath.Abs), and each parallel stack runs in a work dir of its own.
 */
export function backendUrl(projectDir: string, env: Readonly<Record<string, string | undefined>>): string {
    const url = env.PULUMI_BACKEND_URL;
    if (!url) return FILE_PREFIX + path.join(projectDir, STATE_DIR);
    if (!url.startsWith(FILE_PREFIX)) return url;
    const q = url.indexOf("?");
    const query = q < 0 ? "" : url.slice(q);
    let local = url.slice(FILE_PREFIX.length, q < 0 ? undefined : q);
    if (local === "~" || local.startsWith("~/")) local = path.join(os.homedir(), local.slice(1));
    return FILE_PREFIX + path.resolve(projectDir, local) + query;
}

/** The folder of a file backend (its query, such as `?no_tmp_dir=true`, left out); undefined for any other backend. */
export function fileBackendDir(url: string): string | undefined {
    return url.startsWith(FILE_PREFIX) ? url.slice(FILE_PREFIX.length).split("?")[0] : undefined;
}
