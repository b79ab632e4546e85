import * as assert from "assert";
import { runOperation, runStack } from "../../automation/orchestrate";
import type { StackResult } from "../../automation/progress";
import { maxOverlap, normalize, organization, Sandbox, stackOf } from "./helpers";

describe("driver orchestration (fake Pulumi CLI)", function () {
    this.timeout(20000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox();
    });
    afterEach(() => sb.dispose());

    it("rollout: ups the owner first, then both consumers in parallel, with the exact argv", async () => {
        sb.scenario({ stacks: { acct2: { up: { delayMs: 400 } }, acct3: { up: { delayMs: 400 } } } });
        const results = await runOperation(sb.project(), "up", await sb.deps());
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}`), ["acct1:succeeded", "acct2:succeeded", "acct3:succeeded"]);
        assert.deepStrictEqual(sb.operations().slice(0, 1), ["up acct1"]);
        assert.deepStrictEqual([...sb.operations().slice(1)].sort(), ["up acct2", "up acct3"]);

        const calls = sb.calls();
        const start = (s: string) => calls.find((c) => c.phase === "start" && stackOf(c) === s)!.t;
        const end = (s: string) => calls.find((c) => c.phase === "end" && stackOf(c) === s)!.t;
        assert.ok(end("acct1") <= start("acct2") && end("acct1") <= start("acct3"), "owner finished before consumers started");
        assert.ok(start("acct2") < end("acct3") && start("acct3") < end("acct2"), "consumers overlapped");

        const up = calls.find((c) => c.phase === "end" && stackOf(c) === "acct1")!;
        assert.deepStrictEqual(normalize(up.argv, sb), [
            "up", "--yes", "--skip-preview", "--config-file", "<project>/Pulumi.acct1.yaml", "--client=<port>",
            "--exec-kind", "auto.inline", "--event-log", "<events>", "--stack", "acct1", "--non-interactive",
        ]);
        // Each stack runs in a work dir of its own (pulumi/pulumi#8186), reading the project's stack file.
        assert.strictEqual(up.cwd, `${sb.projectDir}/.pulumi-workspaces/acct1`);
        assert.strictEqual(up.env.PULUMI_BACKEND_URL, `file://${sb.projectDir}/.pulumi-state`);
        assert.strictEqual(up.env.PULUMI_CONFIG_PASSPHRASE, true);
        // First use creates each stack with the passphrase secrets provider.
        const inits = sb.argvs().filter((a) => a[0] === "stack" && a[1] === "init").map((a) => a.join(" ")).sort();
        assert.deepStrictEqual(inits, ["acct1", "acct2", "acct3"].map((s) => `stack init ${s} --secrets-provider passphrase --non-interactive`));
    });

    it("prints a line per stack and per resource, and a summary table", async () => {
        await runOperation(sb.project(["acct1", "acct2"]), "up", await sb.deps());
        const lines = sb.lines;
        assert.strictEqual(lines[0], "[acct1] up started (owner, account 111111111111, us-east-1)");
        assert.ok(lines.includes("[acct1]   created fake:index:Resource res1"), lines.join("\n"));
        assert.ok(lines.includes("[acct1] up succeeded in 1.5s: 2 created"), lines.join("\n"));
        // Each stack's start and end once.
        assert.deepStrictEqual(lines.filter((l) => / up (started|succeeded)/.test(l)).map((l) => l.split(" (")[0].split(" in ")[0]),
            ["[acct1] up started", "[acct1] up succeeded", "[acct2] up started", "[acct2] up succeeded"]);
        assert.deepStrictEqual(lines.slice(-4), [
            "",
            "STACK  ROLE      ACCOUNT       OPERATION  RESULT     CHANGES    TIME",
            "acct1  owner     111111111111  up         succeeded  2 created  1.5s",
            "acct2  consumer  222222222222  up         succeeded  2 created  1.5s",
        ]);
    });
});

describe("driver orchestration: faults, resume, destroy, preview", function () {
    this.timeout(20000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox();
    });
    afterEach(() => sb.dispose());

    it("a failed consumer stops the rollout with its error; the next rollout resumes with no changes on finished stacks", async () => {
        sb.scenario({ stacks: { acct2: { up: { failTimes: 1 } } } });
        const first = await runOperation(sb.project(), "up", await sb.deps());
        // acct3 runs beside acct2 and is allowed to finish.
        assert.deepStrictEqual(first.map((r) => `${r.stack}:${r.result}`), ["acct1:succeeded", "acct2:failed", "acct3:succeeded"]);
        assert.strictEqual(first[1].message, "stack acct2: error: creating App Mesh VirtualNode: AccessDeniedException: not authorized");

        sb.clearLog();
        const second = await runOperation(sb.project(), "up", await sb.deps());
        assert.deepStrictEqual(second.map((r) => `${r.stack}:${r.result}:${JSON.stringify(r.changes)}`), [
            'acct1:succeeded:{"same":2}', 'acct2:succeeded:{"create":2}', 'acct3:succeeded:{"same":2}',
        ]);
        assert.ok(sb.lines.includes("[acct1] up succeeded in 1.5s: 2 unchanged"), sb.lines.join("\n"));
        // Existing stacks are selected, not created again.
        assert.deepStrictEqual(sb.argvs().filter((a) => a[0] === "stack" && a[1] === "init"), []);
    });

    it("a failed owner stops before any consumer starts", async () => {
        sb.scenario({ stacks: { acct1: { up: { failTimes: 1, error: "creating App Mesh Mesh: ServiceUnavailable" } } } });
        const results = await runOperation(sb.project(), "up", await sb.deps());
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}:${r.message ?? ""}`), [
            "acct1:failed:stack acct1: error: creating App Mesh Mesh: ServiceUnavailable",
            "acct2:skipped:not started because stack acct1 failed",
            "acct3:skipped:not started because stack acct1 failed",
        ]);
        assert.deepStrictEqual(sb.operations(), ["up acct1"]);
    });

    it("a locked stack reports the lock and the command that clears it", async () => {
        sb.scenario({ stacks: { acct1: { up: { lock: true } } } });
        const [owner] = await runOperation(sb.project(), "up", await sb.deps());
        assert.strictEqual(owner.result, "failed");
        assert.strictEqual(owner.message, [
            "stack acct1 is locked by another Pulumi operation:",
            `  file://${sb.projectDir}/.pulumi-state/.pulumi/locks/organization/cellmesh/acct1/4b1d.json: created by alice@laptop (pid 4242) at 2026-11-21T08:00:00Z`,
            "If no other rollout, shift or pulumi command is running on this stack, clear the lock with",
            "  pulumi cancel --yes --stack acct1",
            "(run it in the project directory with the same PULUMI_BACKEND_URL), then run the command again.",
        ].join("\n"));
    });

    it("destroy runs the consumers (in parallel) before the owner", async () => {
        sb.seedDeployed({ acct1: { meshName: "cellmesh" }, acct2: {}, acct3: {} });
        sb.scenario({ stacks: { acct2: { destroy: { delayMs: 300 } }, acct3: { destroy: { delayMs: 300 } } } });
        const results = await runOperation(sb.project(), "destroy", await sb.deps());
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}:${JSON.stringify(r.changes)}`), [
            'acct2:succeeded:{"delete":2}', 'acct3:succeeded:{"delete":2}', 'acct1:succeeded:{"delete":2}',
        ]);
        const ops = sb.operations();
        assert.deepStrictEqual([ops.slice(0, 2).sort(), ops[2]], [["destroy acct2", "destroy acct3"], "destroy acct1"]);
        const calls = sb.calls();
        const start = (s: string) => calls.find((c) => c.phase === "start" && stackOf(c) === s)!.t;
        const end = (s: string) => calls.find((c) => c.phase === "end" && stackOf(c) === s)!.t;
        assert.ok(start("acct2") < end("acct3") && start("acct3") < end("acct2"), "consumers overlapped");
        assert.ok(end("acct2") <= start("acct1") && end("acct3") <= start("acct1"), "owner after consumers");
        const destroy = calls.find((c) => c.phase === "end" && stackOf(c) === "acct1")!;
        assert.deepStrictEqual(normalize(destroy.argv, sb), [
            "destroy", "--yes", "--skip-preview", "--config-file", "<project>/Pulumi.acct1.yaml", "--event-log", "<events>",
            "--client=<port>", "--exec-kind", "auto.inline", "--stack", "acct1", "--non-interactive",
        ]);
    });

    it("preview shows consumers only once the owner is deployed", async () => {
        const before = await runOperation(sb.project(), "preview", await sb.deps());
        const why = "the owner stack acct1 is not deployed yet and consumers read its outputs; run npm run rollout (with acct1 in --stacks) first";
        assert.deepStrictEqual(before.map((r) => `${r.stack}:${r.result}:${r.message ?? ""}`), [
            "acct1:succeeded:", `acct2:skipped:${why}`, `acct3:skipped:${why}`,
        ]);
        assert.deepStrictEqual(before[0].changes, { create: 2 });
        assert.deepStrictEqual(sb.operations(), ["preview acct1"]);

        sb.seedDeployed({ acct1: { meshName: "cellmesh", weights: {} } });
        sb.clearLog();
        const after = await runOperation(sb.project(["acct1", "acct2"]), "preview", await sb.deps());
        assert.deepStrictEqual(after.map((r) => `${r.stack}:${r.result}:${JSON.stringify(r.changes)}`), [
            'acct1:succeeded:{"same":2}', 'acct2:succeeded:{"create":2}',
        ]);
        assert.ok(sb.lines.includes("[acct2]   would create fake:index:Resource res1"), sb.lines.join("\n"));
    });

    it("up of consumers alone fails fast when the owner was never deployed", async () => {
        const results = await runOperation(sb.project(["acct2"]), "up", await sb.deps());
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}:${r.message}`), [
            "acct2:failed:stack acct2: the owner stack acct1 is not deployed yet and consumers read its outputs; run npm run rollout (with acct1 in --stacks) first",
        ]);
        assert.deepStrictEqual(sb.operations(), []);
    });

    it("Ctrl-C sends SIGINT to the running CLI, marks the stack cancelled and starts nothing else", async () => {
        const ready = `${sb.root}/ready`;
        sb.scenario({ stacks: { acct1: { up: { hang: true, readyFile: ready } } } });
        const controller = new AbortController();
        const run = runOperation(sb.project(), "up", await sb.deps(controller.signal));
        while (!require("fs").existsSync(ready)) await new Promise((r) => setTimeout(r, 20));
        controller.abort();
        const results = await run;
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}:${r.message}`), [
            "acct1:cancelled:stack acct1: up cancelled by Ctrl-C",
            "acct2:skipped:cancelled by Ctrl-C before it started",
            "acct3:skipped:cancelled by Ctrl-C before it started",
        ]);
        assert.ok(sb.calls().some((c) => c.signal === "SIGINT" && stackOf(c) === "acct1"), "the fake CLI got SIGINT");
        assert.deepStrictEqual(sb.operations(), ["up acct1"]);
    });
});

describe("driver orchestration: waves, --max-concurrency, --failure-tolerance (fake Pulumi CLI)", function () {
    this.timeout(30000);
    let sb: Sandbox;
    afterEach(() => sb.dispose());

    it("at most --max-concurrency ups at once, wave 2 after every stack of wave 1, the owner first", async () => {
        sb = new Sandbox(organization(6, (i) => (i <= 4 ? 1 : 2)));
        sb.scenario({ all: { up: { delayMs: 200 } } });
        const results = await runOperation(sb.project(), "up", await sb.deps(), { maxConcurrency: 2 });
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}`), ["acct1", "c001", "c002", "c003", "c004", "c005", "c006"].map((s) => `${s}:succeeded`));
        const ups = sb.intervals("up");
        assert.strictEqual(maxOverlap(ups.values()), 2);
        const ends = (names: string[]) => Math.max(...names.map((n) => ups.get(n)!.end));
        const starts = (names: string[]) => Math.min(...names.map((n) => ups.get(n)!.start));
        assert.ok(ends(["acct1"]) <= starts(["c001", "c002", "c003", "c004"]), "owner before wave 1");
        assert.ok(ends(["c001", "c002", "c003", "c004"]) <= starts(["c005", "c006"]), "wave 1 before wave 2");
    });

    it("--failure-tolerance 1: the second failure stops the rollout; the rest are skipped with the reason", async () => {
        sb = new Sandbox(organization(5));
        sb.scenario({ stacks: { c001: { up: { failTimes: 1 } }, c002: { up: { failTimes: 1 } } } });
        const results = await runOperation(sb.project(), "up", await sb.deps(), { maxConcurrency: 1, failureTolerance: 1 });
        const why = "not started because 2 stacks failed (c001, c002), more than --failure-tolerance 1";
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}:${r.result === "skipped" ? r.message : ""}`), [
            "acct1:succeeded:", "c001:failed:", "c002:failed:", `c003:skipped:${why}`, `c004:skipped:${why}`, `c005:skipped:${why}`,
        ]);
        assert.deepStrictEqual(sb.operations(), ["up acct1", "up c001", "up c002"]);
        assert.ok(sb.lines.includes(`[c003] up skipped: ${why}`), sb.lines.join("\n"));
    });

    it("a stack whose run throws fails with the error's message, is reported and recorded; the stacks running beside it finish", async () => {
        sb = new Sandbox(organization(3));
        sb.scenario({ all: { up: { delayMs: 300 } } });
        const deps = await sb.deps();
        const recorded: string[] = [];
        const results = await runOperation(sb.project(), "up", {
            ...deps,
            runStack: (info, op) => (info.name === "c002" ? Promise.reject(new Error("spawn pulumi EAGAIN")) : runStack(info, op, deps)),
        }, { maxConcurrency: 3, failureTolerance: 0, onResult: (info, r: StackResult) => recorded.push(`${info.name}:${r.result}`) });
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}:${r.message ?? ""}`), [
            "acct1:succeeded:", "c001:succeeded:", "c002:failed:stack c002: spawn pulumi EAGAIN", "c003:succeeded:",
        ]);
        assert.deepStrictEqual(recorded.sort(), ["acct1:succeeded", "c001:succeeded", "c002:failed", "c003:succeeded"]);
        assert.deepStrictEqual(sb.operations().sort(), ["up acct1", "up c001", "up c003"]);
        assert.ok(sb.lines.some((l) => l.startsWith("[c002]") && l.includes("stack c002: spawn pulumi EAGAIN")), sb.lines.join("\n"));
    });

    it("a run state that cannot be written is reported and stops nothing", async () => {
        sb = new Sandbox(organization(1));
        const results = await runOperation(sb.project(), "up", await sb.deps(), { onResult: () => { throw new Error("EROFS: read-only file system"); } });
        assert.deepStrictEqual(results.map((r) => r.result), ["succeeded", "succeeded"]);
        assert.ok(sb.lines.includes("[c001] the run state was not recorded: EROFS: read-only file system"), sb.lines.join("\n"));
    });

    it("destroy: the last wave first; a consumer that fails to destroy keeps the owner, even within the tolerance", async () => {
        sb = new Sandbox(organization(4, (i) => (i <= 2 ? 1 : 2)));
        sb.seedDeployed({ acct1: { meshName: "cellmesh" }, c001: {}, c002: {}, c003: {}, c004: {} });
        sb.scenario({ stacks: { c001: { destroy: { failTimes: 1 } } } });
        const results = await runOperation(sb.project(), "destroy", await sb.deps(), { maxConcurrency: 1, failureTolerance: 1 });
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}`), ["c003:succeeded", "c004:succeeded", "c001:failed", "c002:succeeded", "acct1:skipped"]);
        assert.strictEqual(results[4].message, "not started because stack c001 failed to destroy and may still use the owner's shared network");
        assert.deepStrictEqual(sb.operations(), ["destroy c003", "destroy c004", "destroy c001", "destroy c002"]);
    });
});
