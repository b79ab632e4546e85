// Entry point of `npm run rollout|preview|destroy|shift|status`. Parses the command line, runs every
// check that needs no AWS (offlineChecks.ts), checks the passphrase, runs the preflight, finds the
// Pulumi CLI, runs the command and turns the outcome into output and an exit code (0 ok, 1 failed,
// 2 usage, 130 Ctrl-C).
// Everything the outside world provides comes in through `CliDeps`, so tests drive `main` directly.

import * as path from "node:path";
import type { PulumiCommand, PulumiFn } from "@pulumi/pulumi/automation";
import { Command, parseCommand } from "./args";
import type { Project } from "./discovery";
import type { LeftRunning } from "./runners/pulumiDeployments";
import { CancelledError, DriverError, UsageError } from "./errors";
import type { RunDeps } from "./orchestrate";
import type { CliProcesses } from "./interrupt";
import type { AwsFactory, Finding } from "./preflight";
import type { Operation, StackResult } from "./progress";
import type { ShiftOutcome } from "./shift";
import type { FileWritten } from "./summary";
import type { RunEnd } from "./waves";
import type { Env, WorkspaceContext } from "./workspace";

// Only the argument parser and the error classes load up front, so `--help` and usage errors answer
// at once; the modules that load the Pulumi SDK, the stack programs or the AWS SDK are required
// once the command line has been parsed (`lazy`).
const lazy = {
    capacity: () => require("./capacity") as typeof import("./capacity"),
    deployments: () => require("./runners/pulumiDeployments") as typeof import("./runners/pulumiDeployments"),
    discovery: () => require("./discovery") as typeof import("./discovery"),
    githubActions: () => require("./emit/githubActions") as typeof import("./emit/githubActions"),
    interrupt: () => require("./interrupt") as typeof import("./interrupt"),
    notices: () => require("../engines/notice") as typeof import("../engines/notice"),
    offline: () => require("./offlineChecks") as typeof import("./offlineChecks"),
    orchestrate: () => require("./orchestrate") as typeof import("./orchestrate"),
    preflight: () => require("./preflight") as typeof import("./preflight"),
    progress: () => require("./progress") as typeof import("./progress"),
    runState: () => require("./runState") as typeof import("./runState"),
    shift: () => require("./shift") as typeof import("./shift"),
    gate: () => require("./gate/shift") as typeof import("./gate/shift"),
    release: () => require("./release/release") as typeof import("./release/release"),
    summary: () => require("./summary") as typeof import("./summary"),
    status: () => require("./status") as typeof import("./status"),
    workspace: () => require("./workspace") as typeof import("./workspace"),
    stackWorkspace: () => require("./stackWorkspace") as typeof import("./stackWorkspace"),
    waves: () => require("./waves") as typeof import("./waves"),
};

export interface CliDeps {
    readonly cwd: string;
    readonly env: Env;
    out(text: string): void;
    err(text: string): void;
    /** Aborted on Ctrl-C. */
    readonly signal: AbortSignal;
    /** The Pulumi CLIs running, each in a process group of its own (interrupt.ts). @default a new registry */
    readonly processes?: CliProcesses;
    resolveCli?(projectDir: string, log: (msg: string) => void): Promise<PulumiCommand>;
    readonly program?: PulumiFn;
    readonly aws?: AwsFactory;
    runPreflight?(project: Project): Promise<Finding[]>;
    sleep?(ms: number, signal: AbortSignal): Promise<void>;
    now?(): number;
}

const VERB: Record<string, Operation> = { rollout: "up", preview: "preview", destroy: "destroy" };

/** Waits `ms`, or less when `signal` aborts; no wait at all once it has (Ctrl-C ends every later back-off at once). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
        }
        signal.addEventListener("abort", done);
    });
}

/** Runs one driver command; resolves to the process exit code. */
export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
    let cmd: Command | undefined;
    const doc: Record<string, unknown> = {};
    const jsonMode = () => !!cmd && cmd.command !== "help" && cmd.json;
    // With --json, stdout carries only the final document; the human lines go to stderr.
    const say = (text: string) => (jsonMode() ? deps.err(text) : deps.out(text));
    try {
        cmd = parseCommand(argv);
        if (cmd.command === "help") {
            deps.out(cmd.text);
            return 0;
        }
        doc.command = cmd.command;
        const { selectedStacks } = lazy.discovery();
        const { backendUrl, checkPassphrase, findStack, resolvePulumiCli } = lazy.workspace();
        const { TextReporter } = lazy.progress();
        // npm runs scripts in the package root, so a relative --dir is taken from there (examples/lattice-eks).
        const dir = cmd.dir !== undefined ? path.resolve(deps.cwd, cmd.dir) : deps.cwd;
        // Every check that needs no AWS, before the preflight and the CLI (automation/offlineChecks.ts).
        const { project, shift: shiftPlan, gate: gateSettings } = lazy.offline().offlineChecks(dir, cmd);
        const stacks = selectedStacks(project);
        if (cmd.command === "destroy" && !cmd.yes) {
            const order = [...project.consumers.map((s) => s.name), ...(project.owner ? [project.owner.name] : [])];
            throw new UsageError(`destroy deletes every resource of the stacks ${order.join(", ")} (in that order); run it again with --yes to confirm: npm run destroy -- --yes${cmd.stacks ? ` --stacks ${cmd.stacks.join(",")}` : ""}`);
        }
        // First, before the preflight: a stack on an engine AWS has ended (App Mesh) cannot be deployed.
        if (["rollout", "preview", "shift", "release"].includes(cmd.command)) for (const notice of lazy.notices().endOfSupportNotices(stacks)) say(notice);
        // --emit writes workflows and runs nothing here: no passphrase, preflight or CLI (automation/emit/).
        if (cmd.command === "rollout" && cmd.emit) {
            const rollout = cmd;
            const { defaultMaxConcurrency, thisMachine } = lazy.capacity();
            const maxConcurrency = rollout.maxConcurrency ?? defaultMaxConcurrency(thisMachine());
            const emitted = lazy.githubActions().emitGithubActions({
                project, cwd: deps.cwd, backendUrl: backendUrl(project.dir, deps.env), maxConcurrency, failureTolerance: cmd.failureTolerance,
                skipPreflight: cmd.skipPreflight, ...(cmd.out !== undefined ? { out: cmd.out } : {}), command: `npm run rollout -- ${argv.slice(1).join(" ")}`,
            });
            emitted.workflows.forEach((w, i) => say(`wrote ${path.relative(deps.cwd, emitted.written[i])}: ${w.jobs} jobs, ${w.consumers.length} consumer stack(s)${i === 0 && project.owner ? ` after the owner ${project.owner.name}` : ""}, max-parallel ${maxConcurrency}${rollout.maxConcurrency === undefined ? " (this machine's default --max-concurrency)" : ""}, fail-fast ${rollout.failureTolerance === 0}`));
            for (const f of emitted.removed) say(`removed ${path.relative(deps.cwd, f)} (left by an earlier emit)`);
            doc.emitted = emitted.workflows.map((w, i) => ({ file: emitted.written[i], jobs: w.jobs, consumers: w.consumers.length }));
            if (cmd.json) deps.out(JSON.stringify({ ok: true, ...doc }, null, 2));
            return 0;
        }
        // --runner pulumi-deployments: checked before anything starts; the stacks run on Pulumi's side
        // with their deployment settings, so no passphrase, local preflight or CLI (automation/runners/).
        const remote = "runner" in cmd && cmd.runner === "pulumi-deployments" ? lazy.deployments().deploymentsTarget(deps.env, project) : undefined;
        if (!remote) checkPassphrase(deps.env);

        if (cmd.command !== "status" && !cmd.skipPreflight && !remote) {
            say(`preflight: checking ${stacks.map((s) => s.name).join(", ")} with the AWS SDK ...`);
            const { defaultAwsFactory, preflight, PreflightError } = lazy.preflight();
            const findings = await (deps.runPreflight ?? ((p: Project) => preflight(p, deps.aws ?? defaultAwsFactory)))(project);
            doc.preflight = findings;
            for (const f of findings.filter((x) => x.level === "warning")) say(`preflight warning: ${f.message}`);
            if (findings.some((f) => f.level === "error")) throw new PreflightError(findings);
            say(`preflight: ${findings.filter((f) => f.level === "ok").length} checks passed`);
        }

        if (remote) say(`runner pulumi-deployments: each stack runs as a deployment of ${remote.organization}/${remote.project} through ${remote.apiUrl}, with its own deployment settings (source, credentials); no local preflight`);
        const resolved = remote ? undefined : await (deps.resolveCli ?? ((dir, log) => resolvePulumiCli(dir, undefined, log)))(project.dir, say);
        // Out of the terminal's process group: a Ctrl-C reaches each CLI once, through the driver.
        const pulumiCommand = resolved && lazy.interrupt().inOwnProcessGroup(resolved, deps.processes ?? new (lazy.interrupt().CliProcesses)());
        const ctx: WorkspaceContext | undefined = pulumiCommand && { projectDir: project.dir, projectName: project.name, pulumiCommand, env: deps.env, ...(deps.program ? { program: deps.program } : {}) };
        doc.backend = backendUrl(project.dir, deps.env);
        const reporter = new TextReporter(say);
        const { notingFileWrites } = lazy.summary();
        const written: FileWritten[] = [];
        doc.filesWritten = written;
        // Stacks run in parallel, so each runs in a work dir of its own (automation/stackWorkspace.ts).
        const { openIsolatedStack } = lazy.stackWorkspace();
        const remoteRun = remote && lazy.deployments().deploymentsRunDeps(remote, { reporter, signal: deps.signal, now: deps.now ?? Date.now, sleep: deps.sleep ?? abortableSleep });
        const runDeps: RunDeps = {
            // Creating a stack writes its encryptionsalt into the user's stack file: say so.
            openStack: notingFileWrites((info) => openIsolatedStack(ctx!, info), (w) => {
                written.push(w);
                say(`[${w.stack}] wrote ${path.relative(deps.cwd, w.file) || w.file}: ${w.why}`);
            }),
            findStack: (info) => findStack(ctx!, info),
            reporter, signal: deps.signal, now: deps.now ?? Date.now,
            ...remoteRun,
        };

        if (cmd.command === "status") {
            const { collectStatus, formatStatus } = lazy.status();
            const statuses = await collectStatus(project, runDeps.findStack);
            doc.stacks = statuses;
            if (!cmd.json) deps.out(formatStatus(statuses));
            else deps.out(JSON.stringify({ ok: true, ...doc }, null, 2));
            return statuses.some((s) => s.error) ? 1 : 0;
        }

        const gated = cmd.command === "release" ? cmd.gate : cmd.command === "shift" ? cmd.gate : undefined;
        if (gated && (cmd.command === "shift" || cmd.command === "release")) {
            const info = stacks[0];
            const settings = gateSettings!;
            const gateDeps = { ...runDeps, sleep: deps.sleep ?? abortableSleep, credentials: (deps.aws ?? lazy.preflight().defaultAwsFactory).credentials };
            doc.settings = settings;
            if (cmd.command === "release") {
                const outcome = await lazy.release().runRelease(info, { service: cmd.service, image: cmd.image, ...(cmd.cells ? { cells: cmd.cells } : {}), steps: cmd.steps, settings, ...(cmd.checkUrl ? { checkUrl: cmd.checkUrl } : {}) }, { ...gateDeps, projectDir: project.dir });
                doc.release = outcome;
                reporter.summary(outcome.results);
                return finishGated(outcome.stopped, `release of ${cmd.image} to ${cmd.service} in ${info.name} finished: ${outcome.cells.map((c) => `${c.cell} ${c.outcome}`).join(", ")}`, cmd, doc, deps, say);
            }
            const { show } = lazy.shift();
            const plan = shiftPlan!;
            say(`shift ${cmd.service} in ${info.name}: ${show(plan.from)} -> ${show(plan.target)} in ${plan.steps.length} gated step(s)`);
            const { runGatedShift, gateFailureMessage } = lazy.gate();
            const outcome = await runGatedShift(info, cmd.service, plan, settings, gateDeps);
            doc.shift = outcome;
            reporter.summary(outcome.results);
            return finishGated(gateFailureMessage(outcome, "shift"), `shift finished: ${show(outcome.finalWeights)} deployed and baked`, cmd, doc, deps, say);
        }

        if (cmd.command === "shift") {
            const { runShift, show } = lazy.shift();
            const info = stacks[0];
            const plan = shiftPlan!;
            say(`shift ${cmd.service} in ${info.name}: ${show(plan.from)} -> ${show(plan.target)} in ${plan.steps.length} step(s)`);
            const outcome = await runShift(info, cmd.service, plan, cmd.pauseSeconds, { ...runDeps, sleep: deps.sleep ?? abortableSleep });
            reporter.summary(outcome.results);
            doc.shift = outcome;
            return finish(outcome.results, outcome, cmd, doc, deps, say);
        }

        // A release always has its gate, so only rollout, preview and destroy are left here.
        if (cmd.command !== "rollout" && cmd.command !== "preview" && cmd.command !== "destroy") throw new DriverError(`${cmd.command}: nothing to run`);
        const operation = VERB[cmd.command];
        const { defaultMaxConcurrency, thisMachine } = lazy.capacity();
        const pace = { maxConcurrency: cmd.maxConcurrency ?? defaultMaxConcurrency(thisMachine()), failureTolerance: cmd.failureTolerance };
        say(`${cmd.command}: at most ${pace.maxConcurrency} stack(s) at once${cmd.maxConcurrency === undefined ? " (this machine's default)" : ""}, failure tolerance ${pace.failureTolerance}`);
        // Ups and destroys are recorded in the run state; rollout --resume skips what is done (automation/runState.ts).
        const runState = operation === "preview" ? undefined : lazy.runState().trackRunState(project, doc.backend as string, runDeps.now, say);
        const resume = cmd.command === "rollout" && cmd.resume && runState;
        if (runState) doc.runState = runState.file;
        if (resume) say(`rollout --resume: skipping the stacks whose last up succeeded with the same config and program (run state: ${runState.file})`);
        const run = await lazy.orchestrate().runWaveOperation(project, operation, runDeps, {
            ...pace, ...(runState ? { onResult: runState.onResult } : {}), ...(resume ? { skipIfDone: runState.skipIfDone } : {}),
        });
        doc.run = { ...pace, maxRunning: run.maxRunning, notStarted: run.notStarted, ...(run.stopped ? { stopped: run.stopped } : {}) };
        return finish(run.results, undefined, cmd, doc, deps, say, { ...pace, notStarted: run.notStarted, ...(run.stopped ? { stopped: run.stopped } : {}) }, remoteRun?.leftRunning());
    } catch (err) {
        const e = err instanceof DriverError ? err : new DriverError(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
        if (jsonMode()) deps.out(JSON.stringify({ ok: false, ...doc, error: e.message }, null, 2));
        else deps.err(e.message);
        return e.exitCode;
    }
}

/** The end of a gated shift or a release: `failure` is the error text, undefined when it went through. */
function finishGated(failure: string | undefined, success: string, cmd: Command, doc: Record<string, unknown>, deps: CliDeps, say: (t: string) => void): number {
    const error = failure === undefined ? undefined : deps.signal.aborted ? new CancelledError(failure) : new DriverError(failure);
    if (cmd.command !== "help" && cmd.json) deps.out(JSON.stringify({ ok: !error, ...doc, ...(error ? { error: error.message } : {}) }, null, 2));
    else if (error) deps.err(error.message);
    else say(success);
    return error ? error.exitCode : 0;
}

/** `remoteLeft`: with --runner pulumi-deployments, the deployments the driver stopped watching. */
function finish(results: readonly StackResult[], shift: ShiftOutcome | undefined, cmd: Command, doc: Record<string, unknown>, deps: CliDeps, say: (t: string) => void, run?: RunEnd, remoteLeft?: readonly LeftRunning[]): number {
    doc.stacks = results;
    // Each kind counted on its own: a skipped stack is not a success.
    const { countResults, countsLine } = lazy.summary();
    const counts = countResults(results);
    doc.counts = counts;
    const name = cmd.command;
    // Ctrl-C may also land before any stack started (during the preflight): still a cancellation.
    const cancelled = deps.signal.aborted || results.some((r) => r.result === "cancelled");
    const failed = results.filter((r) => r.result === "failed");
    let error: DriverError | undefined;
    const { show } = lazy.shift();
    if (cancelled && remoteLeft) {
        // The deployments run on Pulumi's side: nothing was stopped, and `pulumi cancel` would kill their update.
        error = new CancelledError(lazy.deployments().remoteCancelSummary(name, countsLine(counts), remoteLeft));
    } else if (cancelled) {
        error = new CancelledError(`${name} cancelled by Ctrl-C (${countsLine(counts)}); the running operations were stopped cleanly` +
            (shift ? `; ${shift.stack}'s config holds ${show(shift.finalWeights)}` : "") +
            `. If a stack reports a lock next time, clear it with: pulumi cancel --yes --stack <stack>`);
    } else if (failed.length > 0) {
        const again = name === "shift" ? "npm run shift" : `npm run ${name}`;
        error = new DriverError([
            run ? lazy.waves().failureHeadline(name, failed.map((r) => r.stack), run, countsLine(counts)) : `${name} stopped: ${failed.map((r) => `stack ${r.stack}`).join(", ")} failed (${countsLine(counts)}).`,
            ...failed.map((r) => r.message ?? ""),
            shift
                ? `The config of ${shift.stack} holds the last deployed weights ${show(shift.finalWeights)}.`
                : `Fix the error and run ${again} again: stacks that are already up to date show no changes.`,
        ].join("\n"));
    }
    if (cmd.command !== "help" && cmd.json) {
        deps.out(JSON.stringify({ ok: !error, ...doc, ...(error ? { error: error.message } : {}) }, null, 2));
    } else if (error) {
        deps.err(error.message);
    } else {
        const skipped = results.filter((r) => r.result === "skipped");
        say(`${name} finished: ${countsLine(counts)}${skipped.length > 0 ? `; skipped: ${skipped.map((r) => `${r.stack} (${r.message ?? ""})`).join("; ")}` : ""}`);
    }
    return error ? error.exitCode : 0;
}

if (require.main === module) {
    const controller = new AbortController();
    const { CliProcesses, interruptHandler, STOP_SIGNALS } = lazy.interrupt();
    const processes = new CliProcesses();
    // One handler for Ctrl-C, SIGTERM and SIGHUP: a second of any of them stops at once.
    const onStop = interruptHandler(controller, processes, { write: (t) => process.stderr.write(t), exit: (code) => process.exit(code) });
    for (const signal of STOP_SIGNALS) process.on(signal, onStop);
    // A CLI outside the terminal's group would outlive a driver that ends unexpectedly: cancel it.
    process.on("exit", () => processes.onDriverExit());
    main(process.argv.slice(2), {
        cwd: process.cwd(), env: process.env, signal: controller.signal, processes,
        out: (t) => process.stdout.write(t + "\n"), err: (t) => process.stderr.write(t + "\n"),
    }).then((code) => {
        process.exitCode = code;
    });
}
