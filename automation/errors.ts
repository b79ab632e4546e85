// Errors the driver reports to the user. Every message names the stack it is about and the fix, and
// each error class carries the process exit code, so `cli.ts` only has to print and exit.

/** A problem the user can fix; exit code 1 unless said otherwise. */
export class DriverError extends Error {
    constructor(message: string, readonly exitCode = 1) {
        super(message);
        this.name = "DriverError";
    }
}

/** Bad command line: exit 2, like most CLIs. */
export class UsageError extends DriverError {
    constructor(message: string) {
        super(message, 2);
        this.name = "UsageError";
    }
}

/** The user pressed Ctrl-C: exit 130 (128 + SIGINT), the shell convention. */
export class CancelledError extends DriverError {
    constructor(message = "cancelled by Ctrl-C") {
        super(message, 130);
        this.name = "CancelledError";
    }
}

/** Text of a failed Pulumi CLI call, as the Automation API's CommandError carries it. */
interface CommandResultLike {
    readonly stdout?: string;
    readonly stderr?: string;
}

function commandResult(err: unknown): CommandResultLike | undefined {
    const result = (err as { commandResult?: CommandResultLike } | undefined)?.commandResult;
    return result && typeof result === "object" ? result : undefined;
}

const LOCK_TEXT = "the stack is currently locked by";
const CLOUD_CONFLICT_TEXT = "Another update is currently in progress";

/** True when the CLI refused because another operation holds the stack's lock. */
export function isLockError(err: unknown): boolean {
    const r = commandResult(err);
    const text = `${r?.stderr ?? ""}\n${r?.stdout ?? ""}`;
    return (err as Error | undefined)?.name === "ConcurrentUpdateError" || text.includes(LOCK_TEXT) || text.includes(CLOUD_CONFLICT_TEXT);
}

/**
 * Turns a failed Pulumi CLI call into one short, actionable message for `stack`. The CLI's own
 * error text stays in it (the user needs it), without the Automation API's `code: ... stdout: ...`
 * dump.
 */
export function explainStackError(stack: string, err: unknown): string {
    const r = commandResult(err);
    const stderr = r?.stderr ?? "";
    const stdout = r?.stdout ?? "";
    const all = `${stderr}\n${stdout}`;
    if (isLockError(err)) {
        // The DIY backend lists each lock file and who holds it on the lines after the message.
        const locks = stderr.split("\n").map((l) => l.trim()).filter((l) => /created by|\/locks\//.test(l));
        return [
            `stack ${stack} is locked by another Pulumi operation:`,
            ...(locks.length > 0 ? locks.map((l) => `  ${l}`) : ["  (the backend did not say who holds the lock)"]),
            "If no other rollout, shift or pulumi command is running on this stack, clear the lock with",
            `  pulumi cancel --yes --stack ${stack}`,
            "(run it in the project directory with the same PULUMI_BACKEND_URL), then run the command again.",
        ].join("\n");
    }
    const profile = /shared config profile,? "?([\w.@+-]+)"?/.exec(all) ?? /[Pp]rofile:? \[?"?([\w.@+-]+)\]?"? (?:could not be found|in configuration)/.exec(all);
    if (profile) {
        const name = profile[1];
        return `stack ${stack}: the AWS profile "${name}" is missing or gives no credentials. ` +
            `Create it (aws configure --profile ${name}, or aws configure sso --profile ${name}) or change aws:profile in Pulumi.${stack}.yaml.`;
    }
    if (/passphrase must be set|incorrect passphrase/.test(all)) {
        return `stack ${stack}: the secrets passphrase is missing or wrong: export PULUMI_CONFIG_PASSPHRASE with the passphrase this stack was created with.`;
    }
    if (!r) return `stack ${stack}: ${(err as Error)?.message ?? String(err)}`;
    // `pulumi up` prints resource errors under Diagnostics (stdout) and "error: update failed" on
    // stderr; keep every distinct `error:` line, most specific first.
    const errorLines = [...stdout.split("\n"), ...stderr.split("\n")]
        .map((l) => l.trim())
        .filter((l) => l.startsWith("error:"));
    // The generic "error: update failed" only repeats what the caller says; keep it if it is all.
    const specific = errorLines.filter((l) => !/^error: (update|preview|destroy|refresh) failed$/.test(l));
    const unique = [...new Set(specific.length > 0 ? specific : errorLines)];
    const lines = unique.length > 0 ? unique : stderr.split("\n").map((l) => l.trim()).filter(Boolean).slice(-5);
    return `stack ${stack}: ${lines.length > 0 ? lines.join("\n  ") : (err as Error).message}`;
}
