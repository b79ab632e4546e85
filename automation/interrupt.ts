// Ctrl-C. A terminal sends SIGINT to its whole foreground process group: the driver and, were they in
// that group, the Pulumi CLIs it runs. The driver's own cancel (the Automation API's abort) sends each
// CLI a SIGINT too, and the CLI takes a second SIGINT as "terminate now", which can leave operations
// pending. So the driver runs each CLI in a process group of its own (`inOwnProcessGroup`): a
// terminal's Ctrl-C reaches the driver only, and the driver's cancel reaches each CLI exactly once.
// A second Ctrl-C is the user asking to stop now: the driver passes it on to the CLIs (Pulumi's own
// "terminate immediately") and exits at once. SIGTERM and SIGHUP are handled the same way (`STOP_SIGNALS`).

import { ChildProcess, spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiCommand } from "@pulumi/pulumi/automation";

/** The Pulumi CLIs running now. */
export class CliProcesses {
    private readonly running = new Set<ChildProcess>();

    add(child: ChildProcess): void {
        this.running.add(child);
        child.once("exit", () => this.running.delete(child));
    }

    /** Sends `signal` to each running CLI; returns how many. */
    signalAll(signal: NodeJS.Signals): number {
        let sent = 0;
        for (const child of this.running) {
            if (child.pid !== undefined && child.exitCode === null) {
                try {
                    process.kill(child.pid, signal);
                    sent += 1;
                } catch {
                    // exited meanwhile
                }
            }
        }
        return sent;
    }

    private stopped = false;

    /** The second Ctrl-C: SIGINT once more to each running CLI (Pulumi's "terminate now"); returns how many. */
    stopNow(): number {
        this.stopped = true;
        return this.signalAll("SIGINT");
    }

    /** When the driver exits: a CLI still running (the driver ended unexpectedly) is cancelled, not orphaned. */
    onDriverExit(): void {
        if (!this.stopped) this.signalAll("SIGINT");
    }
}

/** What the Automation API's errors are made of (@pulumi/pulumi/automation, JS exports marked @internal in its types). */
interface SdkInternals {
    CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => unknown;
    createCommandError(result: unknown): Error;
}
const sdk = (): SdkInternals => ({
    CommandResult: (require("@pulumi/pulumi/automation/cmd") as { CommandResult: SdkInternals["CommandResult"] }).CommandResult,
    createCommandError: (require("@pulumi/pulumi/automation/errors") as { createCommandError: SdkInternals["createCommandError"] }).createCommandError,
});

type Run = (args: string[], cwd: string, additionalEnv: { [key: string]: string }, onOutput?: (data: string) => void, onError?: (data: string) => void, signal?: AbortSignal) => Promise<unknown>;

const stripFinalNewline = (s: string) => s.replace(/\r?\n$/, "");

/**
 * `cli`, running each command in a process group of its own. Everything else is the SDK's
 * `PulumiCommand.run` (@pulumi/pulumi 3.276 automation/cmd.js): `--non-interactive`, the CLI's folder
 * first on PATH, `PULUMI_AUTOMATION_API=true`, the environment extended, output streamed, one SIGINT on
 * abort, and errors made by the SDK's own `createCommandError` (so `StackNotFoundError` and
 * `ConcurrentUpdateError` keep their classes).
 */
export function inOwnProcessGroup(cli: PulumiCommand, processes: CliProcesses): PulumiCommand {
    const run: Run = (args, cwd, additionalEnv, onOutput, onError, signal) => new Promise((resolve, reject) => {
        const { CommandResult, createCommandError } = sdk();
        const argv = args.includes("--non-interactive") ? args : [...args, "--non-interactive"];
        const env: NodeJS.ProcessEnv = { ...process.env, ...additionalEnv, PULUMI_AUTOMATION_API: "true" };
        if (path.isAbsolute(cli.command)) {
            const sep = os.platform() === "win32" ? ";" : ":";
            env.PATH = path.dirname(cli.command) + sep + (additionalEnv.PATH || process.env.PATH);
        }
        // detached: on POSIX the CLI leads a process group of its own, out of reach of the terminal's
        // Ctrl-C (on Windows detached would open a console instead, and Ctrl-C works otherwise there).
        const child = spawn(cli.command, argv, { cwd, env, detached: process.platform !== "win32", stdio: ["ignore", "pipe", "pipe"] });
        processes.add(child);
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => {
            stdout += d;
            onOutput?.(d);
        });
        child.stderr.setEncoding("utf8").on("data", (d: string) => {
            stderr += d;
            onError?.(d);
        });
        const abort = () => {
            if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGINT");
        };
        signal?.addEventListener("abort", abort, { once: true });
        child.once("error", (err) => {
            signal?.removeEventListener("abort", abort);
            reject(createCommandError(new CommandResult("", err.message, -2, err)));
        });
        child.once("close", (code) => {
            signal?.removeEventListener("abort", abort);
            const result = new CommandResult(stripFinalNewline(stdout), stripFinalNewline(stderr), code ?? -2);
            if (code === 0) resolve(result);
            else reject(createCommandError(result));
        });
    });
    return Object.assign(Object.create(cli) as PulumiCommand, { run });
}

export interface InterruptIo {
    write(text: string): void;
    exit(code: number): void;
}

/**
 * The signals the driver handles as Ctrl-C. SIGTERM (a cancelled CI job, `timeout`, systemd) and SIGHUP
 * (a closed terminal) reach the driver only, the CLIs being in groups of their own; Node runs no `exit`
 * hook when one of them kills it, so without a handler the CLIs would run on unattended.
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * The driver's SIGINT, SIGTERM and SIGHUP (Node passes the signal's name): the first cancels cleanly
 * (`controller` aborts: each running CLI gets one SIGINT); the second, of any of them, passes SIGINT on
 * to the CLIs once more and exits 130 at once. Returns the handler.
 */
export function interruptHandler(controller: AbortController, processes: CliProcesses, io: InterruptIo): (signal?: NodeJS.Signals) => void {
    let interrupts = 0;
    return (signal = "SIGINT") => {
        interrupts += 1;
        const what = signal === "SIGINT" ? "Ctrl-C" : signal;
        if (interrupts === 1) {
            io.write(signal === "SIGINT"
                ? "\nCtrl-C: cancelling the running operations cleanly (press Ctrl-C again to stop at once) ...\n"
                : `\n${signal}: cancelling the running operations cleanly, as for Ctrl-C (a second SIGTERM, SIGHUP or Ctrl-C stops at once) ...\n`);
            controller.abort();
            return;
        }
        const stopped = processes.stopNow();
        io.write(stopped > 0
            ? `\n${what} again: stopping now; ${stopped} Pulumi CLI(s) told to terminate at once. An operation they had in flight may be left pending: run npm run status, and pulumi cancel --yes --stack <stack> if a stack stays locked.\n`
            : `\n${what} again: stopping now.\n`);
        io.exit(130);
    };
}
