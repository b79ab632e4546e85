// What --emit github-actions takes from the user and writes into a workflow file, made safe there:
// a value goes into `env:` and the scripts read it as "$VAR" (GitHub's advice against script
// injection: docs.github.com/en/actions/reference/security/secure-use#use-an-intermediate-environment-variable),
// and never as an expression, a line of its own, or a credential.

import * as path from "node:path";
import { UsageError } from "../errors";

/** The project dir (relative to the repository root) reaches every job as this variable. */
export const DIR_VARIABLE = "CELLMESH_DIR";

// Line breaks for YAML 1.1 parsers too (NEL, LS, PS), and every other C0/C1 control character.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** `text` on one line of a YAML comment: each run of control characters becomes one space. */
export function commentSafe(text: string): string {
    return text.replace(CONTROL, " ");
}

/** `scheme://user:secret@host...` becomes `scheme://***@host...`; anything else as given. */
export function redactUserinfo(url: string): string {
    return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#]*@/, "$1***@");
}

/** The backend URL is written into the workflow: refuse one that holds credentials. */
export function checkNoCredentials(backendUrl: string): void {
    const redacted = redactUserinfo(backendUrl);
    if (redacted !== backendUrl) {
        throw new UsageError(
            `PULUMI_BACKEND_URL = ${redacted}: --emit github-actions writes the backend URL into the workflow files, and this one holds credentials (user:password@). ` +
            `Give the URL without them, and pass credentials through repository secrets (CELLMESH_CI_ROLE_ARN for AWS, PULUMI_ACCESS_TOKEN for Pulumi Cloud); see docs/many-accounts.md.`,
        );
    }
}

/** GitHub evaluates `${{ }}` in every `env:` value: a value written there must not hold one. */
export function checkNoExpression(what: string, value: string): void {
    if (value.includes("${{")) {
        throw new UsageError(`${what} = ${commentSafe(value)}: --emit github-actions writes it into the workflow's env:, where GitHub would evaluate "\${{"; use a path or URL without "\${{"`);
    }
}

/** The workflow checks out the repository it lives in and runs the project from there: it must be inside. */
export function checkInsideRepository(repoRoot: string, projectDir: string): void {
    const rel = path.relative(repoRoot, projectDir);
    if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
        throw new UsageError(
            `--dir = ${commentSafe(projectDir)}: --emit github-actions writes workflows into ${repoRoot}, which check out that repository and run the project from it, ` +
            `and this project is outside it (${rel}); run the emit from the repository that holds the project`,
        );
    }
}
