// Ctrl-C as a terminal sends it: to the whole foreground process group. The driver runs in a process
// group of its own here (detached), the test sends SIGINT to that group with process.kill(-pid), and
// the recording fake Pulumi CLI says how many SIGINTs it received (automation/interrupt.ts). SIGTERM and
// SIGHUP are sent the same way.

import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CliProcesses, interruptHandler, STOP_SIGNALS } from "../../automation/interrupt";
import { ROOT } from "../helpers/fixtures";
import { consumerYaml, OWNER_YAML, Sandbox } from "./helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 15000): Promise<void> {
    const end = Date.now() + ms;
    while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await sleep(20);
    }
}

describe("Ctrl-C from a terminal (a real process group)", function () {
    this.timeout(40000);
    let sb: Sandbox;
    let driver: ChildProcess | undefined;
    let stderr: string;
    let exit: { code: number | null; at: number } | undefined;
    const ready = () => path.join(sb.root, "ready");
    const sigints = () => sb.calls().filter((c) => c.signal === "SIGINT").length;
    /** The fake CLI's `up` has ended (it records its exit). */
    const upEnded = () => sb.calls().some((c) => c.argv[0] === "up" && c.exit !== undefined);

    beforeEach(() => {
        sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        stderr = "";
        exit = undefined;
    });
    afterEach(async () => {
        if (driver?.pid !== undefined && exit === undefined) process.kill(-driver.pid, "SIGKILL");
        await until("the fake CLI to end", upEnded, 3000).catch(() => undefined);
        // A fake CLI the driver left running (the fault these tests guard against) is not left behind.
        for (const c of sb.calls().filter((x) => x.phase === "start" && x.pid !== undefined)) {
            try {
                process.kill(c.pid!, "SIGKILL");
            } catch {
                // ended
            }
        }
        sb.dispose();
    });

    /** `npm run rollout` as npm starts it, the leader of a process group of its own, with the fake CLI on PATH. */
    function startRollout(): ChildProcess {
        const child = spawn(process.execPath, ["-r", path.join(ROOT, "tools", "register.js"), path.join(ROOT, "automation", "cli.ts"), "rollout", "--skip-preflight", "--dir", sb.projectDir], {
            cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, PATH: `${path.join(sb.cliRoot, "bin")}:${process.env.PATH}` },
        });
        child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.stdout!.resume();
        child.once("exit", (code) => (exit = { code, at: Date.now() }));
        driver = child;
        return child;
    }

    it("one Ctrl-C reaches the Pulumi CLI exactly once: it cancels cleanly, nothing else starts, exit 130", async () => {
        sb.scenario({ stacks: { acct1: { up: { hang: true, readyFile: ready(), cancelMs: 1500 } } } });
        const child = startRollout();
        await until("the CLI's up to start", () => fs.existsSync(ready()));
        process.kill(-child.pid!, "SIGINT");
        await until("the driver to exit", () => exit !== undefined);
        assert.equal(exit!.code, 130, stderr);
        assert.equal(sigints(), 1, "the fake CLI received one SIGINT, from the driver");
        assert.deepEqual(sb.operations(), ["up acct1"]);
        assert.match(stderr, /Ctrl-C: cancelling the running operations cleanly \(press Ctrl-C again to stop at once\)/);
        assert.match(stderr, /rollout cancelled by Ctrl-C \(0 succeeded, 0 failed, 1 skipped, 1 cancelled\); the running operations were stopped cleanly/);
    });

    it("a second Ctrl-C stops at once: the CLI is told to terminate, the driver exits 130 without waiting for the clean cancel", async () => {
        sb.scenario({ stacks: { acct1: { up: { hang: true, readyFile: ready(), cancelMs: 20000 } } } });
        const child = startRollout();
        await until("the CLI's up to start", () => fs.existsSync(ready()));
        process.kill(-child.pid!, "SIGINT");
        await until("the first SIGINT to reach the CLI", () => sigints() === 1);
        const second = Date.now();
        process.kill(-child.pid!, "SIGINT");
        await until("the driver to exit", () => exit !== undefined, 5000);
        assert.equal(exit!.code, 130);
        assert.ok(exit!.at - second < 3000, `exited ${exit!.at - second} ms after the second Ctrl-C`);
        await until("the CLI to terminate", upEnded, 5000);
        assert.equal(sigints(), 2);
        assert.match(stderr, /Ctrl-C again: stopping now; 1 Pulumi CLI\(s\) told to terminate at once\./);
    });

    // SIGTERM: a cancelled CI job, `timeout`, systemd; SIGHUP: the terminal closed. Sent to the driver's
    // group, they reach the driver only (each CLI leads a group of its own), as Ctrl-C does.
    for (const signal of ["SIGTERM", "SIGHUP"] as const) {
        it(`${signal} is handled as Ctrl-C: the Pulumi CLI gets one SIGINT and ends its cancel before the driver exits 130`, async () => {
            sb.scenario({ stacks: { acct1: { up: { hang: true, readyFile: ready(), cancelMs: 1500 } } } });
            const child = startRollout();
            await until("the CLI's up to start", () => fs.existsSync(ready()));
            process.kill(-child.pid!, signal);
            await until("the driver to exit", () => exit !== undefined);
            assert.equal(exit!.code, 130, stderr);
            assert.equal(sigints(), 1, "the fake CLI received one SIGINT, from the driver");
            assert.ok(upEnded(), "the CLI's up ended before the driver exited");
            assert.deepEqual(sb.operations(), ["up acct1"]);
            assert.ok(stderr.includes(`\n${signal}: cancelling the running operations cleanly, as for Ctrl-C (a second SIGTERM, SIGHUP or Ctrl-C stops at once) ...\n`), stderr);
            assert.match(stderr, /rollout cancelled by Ctrl-C \(0 succeeded, 0 failed, 1 skipped, 1 cancelled\); the running operations were stopped cleanly/);
        });

        it(`a second ${signal} stops at once, as a second Ctrl-C does`, async () => {
            sb.scenario({ stacks: { acct1: { up: { hang: true, readyFile: ready(), cancelMs: 20000 } } } });
            const child = startRollout();
            await until("the CLI's up to start", () => fs.existsSync(ready()));
            process.kill(-child.pid!, signal);
            await until("the first SIGINT to reach the CLI", () => sigints() === 1);
            const second = Date.now();
            process.kill(-child.pid!, signal);
            await until("the driver to exit", () => exit !== undefined, 5000);
            assert.equal(exit!.code, 130);
            assert.ok(exit!.at - second < 3000, `exited ${exit!.at - second} ms after the second ${signal}`);
            await until("the CLI to terminate", upEnded, 5000);
            assert.equal(sigints(), 2);
            assert.ok(stderr.includes(`\n${signal} again: stopping now; 1 Pulumi CLI(s) told to terminate at once.`), stderr);
        });
    }
});

describe("the Ctrl-C handler", () => {
    it("first: abort only; second: SIGINT to the running CLIs and exit 130", () => {
        const controller = new AbortController();
        const written: string[] = [];
        const exits: number[] = [];
        const processes = new CliProcesses();
        const handle = interruptHandler(controller, processes, { write: (t) => written.push(t), exit: (c) => exits.push(c) });
        handle();
        assert.equal(controller.signal.aborted, true);
        assert.deepEqual(exits, []);
        handle();
        assert.deepEqual(exits, [130]);
        assert.deepEqual(written, [
            "\nCtrl-C: cancelling the running operations cleanly (press Ctrl-C again to stop at once) ...\n",
            "\nCtrl-C again: stopping now.\n",
        ]);
    });

    it("SIGTERM then Ctrl-C: the first cancels, naming SIGTERM; the second, of any stop signal, exits 130", () => {
        const controller = new AbortController();
        const written: string[] = [];
        const exits: number[] = [];
        const handle = interruptHandler(controller, new CliProcesses(), { write: (t) => written.push(t), exit: (c) => exits.push(c) });
        handle("SIGTERM");
        assert.equal(controller.signal.aborted, true);
        assert.deepEqual(exits, []);
        handle("SIGINT");
        assert.deepEqual(exits, [130]);
        assert.deepEqual(written, [
            "\nSIGTERM: cancelling the running operations cleanly, as for Ctrl-C (a second SIGTERM, SIGHUP or Ctrl-C stops at once) ...\n",
            "\nCtrl-C again: stopping now.\n",
        ]);
        assert.deepEqual(STOP_SIGNALS, ["SIGINT", "SIGTERM", "SIGHUP"]);
    });
});
