import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliDeps, main } from "../../automation/cli";
import { configHash, programFingerprint, resumeVerdict, RunState, RunStateFile, runStatePath, StackRecord } from "../../automation/runState";
import { organization, Sandbox } from "./helpers";

describe("run state: where, what is hashed, what --resume decides", function () {
    this.timeout(20000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox(organization(2));
    });
    afterEach(() => sb.dispose());

    it("lives beside a file backend's state, else in the project's .cellmesh/ (one file per backend)", () => {
        const project = { dir: "/p", name: "cellmesh" };
        assert.strictEqual(runStatePath(project, "file:///p/.pulumi-state"), "/p/.pulumi-state/.cellmesh/run-state-cellmesh.json");
        const s3 = runStatePath(project, "s3://bucket/cellmesh");
        assert.match(s3, /^\/p\/\.cellmesh\/run-state-[0-9a-f]{12}\.json$/);
        assert.strictEqual(runStatePath(project, "s3://bucket/cellmesh"), s3);
        assert.notStrictEqual(runStatePath(project, "https://api.pulumi.com"), s3);
    });

    it("the config hash follows the stack file (not its salt), the owner's file for a consumer, and the program", () => {
        const project = () => sb.project();
        const hash = (stack: string) => {
            const p = project();
            return configHash(p.allStacks.find((s) => s.name === stack)!, p, programFingerprint(p.dir));
        };
        const [owner, c1, c2] = [hash("acct1"), hash("c001"), hash("c002")];
        assert.match(c1, /^[0-9a-f]{64}$/);
        assert.notStrictEqual(c1, c2);
        // stack init adds the passphrase's salt: not a change.
        const file = path.join(sb.projectDir, "Pulumi.c001.yaml");
        fs.writeFileSync(file, "encryptionsalt: v1:abc\n" + fs.readFileSync(file, "utf8"));
        assert.strictEqual(hash("c001"), c1);
        // A changed weight in the consumer's file changes its hash only.
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("cell1: 50", "cell1: 40"));
        assert.notStrictEqual(hash("c001"), c1);
        assert.strictEqual(hash("c002"), c2);
        assert.strictEqual(hash("acct1"), owner);
        // The owner's file changes every consumer's hash (they read its outputs).
        const c1Now = hash("c001");
        const ownerFile = path.join(sb.projectDir, "Pulumi.acct1.yaml");
        fs.writeFileSync(ownerFile, fs.readFileSync(ownerFile, "utf8").replace("cell1: 50", "cell1: 40"));
        assert.notStrictEqual(hash("acct1"), owner);
        assert.notStrictEqual(hash("c001"), c1Now);
        // So does the program (Pulumi.yaml's main: stacks/).
        const before = hash("c002");
        fs.mkdirSync(path.join(sb.projectDir, "stacks"));
        fs.writeFileSync(path.join(sb.projectDir, "stacks", "index.ts"), "export {};\n");
        assert.notStrictEqual(hash("c002"), before);
    });

    it("--resume skips only an up that succeeded with the same hash, and says why for every stack", () => {
        const ok: StackRecord = { operation: "up", state: "succeeded", configHash: "a".repeat(64), time: "2026-12-01T10:00:00.000Z" };
        assert.deepStrictEqual(resumeVerdict(ok, "a".repeat(64)), { skip: true, why: "--resume: its up succeeded at 2026-12-01T10:00:00.000Z with the same config and program (aaaaaaaaaaaa)" });
        assert.deepStrictEqual(resumeVerdict(ok, "b".repeat(64)), { skip: false, why: "runs: its config or the program changed since its up succeeded at 2026-12-01T10:00:00.000Z" });
        assert.deepStrictEqual(resumeVerdict({ ...ok, state: "failed" }, "a".repeat(64)), { skip: false, why: "runs: its last up failed at 2026-12-01T10:00:00.000Z" });
        assert.deepStrictEqual(resumeVerdict({ ...ok, operation: "destroy" }, "a".repeat(64)), { skip: false, why: "runs: its last recorded operation is destroy (succeeded at 2026-12-01T10:00:00.000Z)" });
        assert.deepStrictEqual(resumeVerdict(undefined, "a".repeat(64)), { skip: false, why: "runs: no up of it is recorded" });
    });

    it("a stack that was not started keeps the record of its last real run", () => {
        const state = new RunState(path.join(sb.root, "rs", "run-state.json"), "cellmesh", "file:///x");
        const ok: StackRecord = { operation: "up", state: "succeeded", configHash: "h", time: "t1" };
        state.record("c001", ok);
        state.record("c001", { ...ok, state: "skipped", time: "t2" });
        state.record("c002", { ...ok, state: "skipped", time: "t2" });
        const file = JSON.parse(fs.readFileSync(state.file, "utf8")) as RunStateFile;
        assert.deepStrictEqual(file, { version: 1, project: "cellmesh", backend: "file:///x", stacks: { c001: ok, c002: { ...ok, state: "skipped", time: "t2" } } });
        assert.deepStrictEqual(fs.readdirSync(path.dirname(state.file)), ["run-state.json"], "no temporary file left");
    });
});

describe("rollout --resume end to end (fake Pulumi CLI)", function () {
    this.timeout(30000);
    let sb: Sandbox;
    let out: string[];
    let err: string[];
    beforeEach(() => {
        sb = new Sandbox(organization(3));
    });
    afterEach(() => sb.dispose());

    function deps(): CliDeps {
        out = [];
        err = [];
        let clock = Date.parse("2026-12-01T10:00:00.000Z");
        return {
            cwd: sb.projectDir, env: { ...process.env }, signal: new AbortController().signal,
            out: (t) => out.push(t), err: (t) => err.push(t),
            resolveCli: () => sb.cli(), program: async () => ({}), runPreflight: async () => [],
            now: () => (clock += 1000),
        };
    }
    const stateFile = () => path.join(sb.projectDir, ".pulumi-state", ".cellmesh", "run-state-cellmesh.json");
    const recorded = () => (JSON.parse(fs.readFileSync(stateFile(), "utf8")) as RunStateFile).stacks;

    it("records every stack, then skips the ones done with the same config and says which and why", async () => {
        sb.scenario({ stacks: { c002: { up: { failTimes: 1 } } } });
        assert.strictEqual(await main(["rollout", "--max-concurrency", "1", "--json"], deps()), 1);
        assert.strictEqual(JSON.parse(out[0]).runState, stateFile());
        const first = recorded();
        assert.deepStrictEqual(Object.entries(first).map(([s, r]) => `${s} ${r.operation} ${r.state}`), ["acct1 up succeeded", "c001 up succeeded", "c002 up failed", "c003 up skipped"]);
        assert.match(first.acct1.time, /^2026-12-01T10:00:\d\d\.000Z$/);

        sb.clearLog();
        assert.strictEqual(await main(["rollout", "--max-concurrency", "1", "--resume"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual(sb.operations(), ["up c002", "up c003"]);
        const skipLine = (s: string) => `[${s}] up skipped: --resume: its up succeeded at ${first[s].time} with the same config and program (${first[s].configHash.slice(0, 12)})`;
        assert.ok(out.includes(`rollout --resume: skipping the stacks whose last up succeeded with the same config and program (run state: ${stateFile()})`), out.join("\n"));
        assert.ok(out.includes(skipLine("acct1")) && out.includes(skipLine("c001")), out.join("\n"));
        assert.ok(out.includes(`[c002] --resume runs: its last up failed at ${first.c002.time}`), out.join("\n"));
        assert.ok(out.includes(`[c003] --resume runs: its last up skipped at ${first.c003.time}`), out.join("\n"));
        assert.deepStrictEqual(Object.values(recorded()).map((r) => r.state), ["succeeded", "succeeded", "succeeded", "succeeded"]);
        // The skipped stacks keep their record.
        assert.deepStrictEqual(recorded().acct1, first.acct1);
    });

    it("a relative file backend reaches every CLI as one absolute URL, and the run state goes beside it", async () => {
        const env = { ...process.env, PULUMI_BACKEND_URL: "file://./shared-state?no_tmp_dir=false" };
        assert.strictEqual(await main(["rollout", "--max-concurrency", "2"], { ...deps(), env }), 0, err.join("\n"));
        // `pulumi version` (the SDK's check of the CLI) runs before any backend is set.
        const urls = new Set(sb.calls().filter((c) => c.argv[0] !== "version").map((c) => c.env.PULUMI_BACKEND_URL));
        assert.deepStrictEqual([...urls], [`file://${path.join(sb.projectDir, "shared-state")}?no_tmp_dir=false`]);
        assert.ok(fs.existsSync(path.join(sb.projectDir, "shared-state", ".cellmesh", "run-state-cellmesh.json")));
    });

    it("a changed config runs again; a destroy in between makes every stack run; preview records nothing", async () => {
        assert.strictEqual(await main(["rollout"], deps()), 0, err.join("\n"));
        const first = recorded();
        const file = path.join(sb.projectDir, "Pulumi.c001.yaml");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("cell1: 50", "cell1: 40"));
        sb.clearLog();
        assert.strictEqual(await main(["rollout", "--resume"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual(sb.operations(), ["up c001"]);
        assert.ok(out.includes(`[c001] --resume runs: its config or the program changed since its up succeeded at ${first.c001.time}`), out.join("\n"));

        const beforePreview = fs.readFileSync(stateFile(), "utf8");
        assert.strictEqual(await main(["preview"], deps()), 0, err.join("\n"));
        assert.strictEqual(fs.readFileSync(stateFile(), "utf8"), beforePreview);

        assert.strictEqual(await main(["destroy", "--yes", "--stacks", "c003"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual([recorded().c003.operation, recorded().c003.state], ["destroy", "succeeded"]);
        sb.clearLog();
        assert.strictEqual(await main(["rollout", "--resume"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual(sb.operations(), ["up c003"]);
        assert.ok(out.some((l) => l.startsWith("[c003] --resume runs: its last recorded operation is destroy (succeeded at ")), out.join("\n"));
    });
});
