// The emitted GitHub Actions workflows: valid against SchemaStore's workflow schema (vendored, see
// ../fixtures/schemastore/README.md), in the plan's order, within GitHub's limits, chained across
// parts, with secrets referenced and never inlined.

import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { CliDeps, main } from "../../../automation/cli";
import { checkSharedBackend, MAX_JOBS_PER_WORKFLOW, planGithubActions, splitIntoParts, workflowYaml } from "../../../automation/emit/githubActions";
import { redactUserinfo } from "../../../automation/emit/workflowInputs";
import { DriverError } from "../../../automation/errors";
import { organization, Sandbox } from "../helpers";

const SCHEMA_FILE = path.join(__dirname, "..", "fixtures", "schemastore", "github-workflow.json");
const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
const S3 = "s3://cellmesh-state/org?region=us-east-1";

type Job = {
    name: string; needs?: string[]; if?: string; strategy?: { "fail-fast": boolean; "max-parallel": number; matrix: { stack: string[] } };
    steps: { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }[]; permissions?: Record<string, string>;
    outputs?: Record<string, string>;
};
type Workflow = { name: string; on: { workflow_dispatch: { inputs?: Record<string, unknown> } }; jobs: Record<string, Job> };

function schemaErrors(doc: unknown): string[] {
    return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
/** Jobs a run creates: a matrix job's legs one by one. */
const jobCount = (w: Workflow) => Object.values(w.jobs).reduce((n, j) => n + (j.strategy ? j.strategy.matrix.stack.length : 1), 0);
/** Job ids in an order where every job comes after the jobs it needs (insertion order, checked). */
function assertTopological(w: Workflow): void {
    const seen = new Set<string>();
    for (const [id, job] of Object.entries(w.jobs)) {
        for (const n of job.needs ?? []) assert.ok(seen.has(n), `${w.name}: ${id} needs ${n}, which comes later or does not exist`);
        seen.add(id);
    }
}

describe("emit github-actions: the plan as workflows", function () {
    this.timeout(30000);
    let sb: Sandbox;
    afterEach(() => sb?.dispose());

    const plan = (n: number, wave: (i: number) => number | undefined, maxConcurrency: number, failureTolerance: number, backendUrl = S3) => {
        sb = new Sandbox(organization(n, wave));
        return planGithubActions({ project: sb.project(), repoRoot: sb.root, backendUrl, maxConcurrency, failureTolerance, skipPreflight: false })
            .map((e) => ({ ...e, doc: parseYaml(JSON.stringify(e.workflow)) as Workflow }));
    };

    it("the vendored schema is SchemaStore's file at the pinned commit, and it rejects what GitHub rejects", () => {
        assert.strictEqual(createHash("sha256").update(fs.readFileSync(SCHEMA_FILE)).digest("hex"), "7a952fdb7c1b130732e40ccea9db9bced906c1198e97834f8a49ae3b411f3161");
        const ok = { on: { workflow_dispatch: {} }, jobs: { a: { "runs-on": "ubuntu-latest", steps: [{ run: "true" }] } } };
        assert.deepStrictEqual(schemaErrors(ok), []);
        assert.notDeepStrictEqual(schemaErrors({ ...ok, jobs: { a: { steps: ok.jobs.a.steps } } }), [], "a job needs runs-on");
        assert.notDeepStrictEqual(schemaErrors({ ...ok, jobs: { "1a": ok.jobs.a } }), [], "job ids start with a letter or _");
        assert.notDeepStrictEqual(schemaErrors({ ...ok, jobs: { a: { ...ok.jobs.a, needz: ["b"] } } }), []);
    });

    it("uses only the actions' node24 majors (runners dropped Node 20 on 2026-09-16)", () => {
        const uses = new Set(plan(3, () => undefined, 2, 1).flatMap((w) => Object.values(w.doc.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])))));
        assert.deepStrictEqual([...uses].sort(), [
            "actions/checkout@v6", "actions/download-artifact@v7", "actions/setup-node@v6", "actions/upload-artifact@v6", "aws-actions/configure-aws-credentials@v6",
        ]);
    });

    it("3 consumers, tolerance 0: owner job, then one matrix per wave in order; fail-fast, max-parallel, one leg per stack", () => {
        const [w] = plan(3, (i) => (i === 3 ? 2 : undefined), 2, 0);
        assert.deepStrictEqual(schemaErrors(w.workflow), []);
        assert.strictEqual(w.file, "cellmesh-rollout-project.yml");
        assert.deepStrictEqual(Object.keys(w.doc.jobs), ["owner", "wave-1", "wave-2"]);
        const { owner, "wave-1": wave1, "wave-2": wave2 } = w.doc.jobs;
        assert.strictEqual(owner.needs, undefined);
        assert.deepStrictEqual([wave1.needs, wave1.if, wave1.strategy], [["owner"], undefined, { "fail-fast": true, "max-parallel": 2, matrix: { stack: ["c001", "c002"] } }]);
        assert.deepStrictEqual([wave2.needs, wave2.strategy!.matrix.stack], [["wave-1"], ["c003"]]);
        // Each leg: npm ci, then the driver on its one stack, against the same backend.
        const run = owner.steps.find((s) => s.run?.startsWith("npm run rollout"))!;
        // The dir reaches the script through the workflow's env:, never spliced into its text.
        assert.strictEqual(run.run, 'npm run rollout -- --dir "$CELLMESH_DIR" --stacks "$STACK"');
        assert.deepStrictEqual((w.workflow as { env?: unknown }).env, { CELLMESH_DIR: "project" });
        assert.deepStrictEqual(run.env, { STACK: "acct1", PULUMI_BACKEND_URL: S3, PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}" });
        assert.strictEqual(wave1.steps.find((s) => s.run?.startsWith("npm run rollout"))!.env!.STACK, "${{ matrix.stack }}");
        assert.deepStrictEqual(owner.steps.map((s) => s.uses ?? s.run!.split("\n")[0]), [
            "actions/checkout@v6", "actions/setup-node@v6", "npm ci", "aws-actions/configure-aws-credentials@v6",
            "printf '%s\\n' \"$AWS_PROFILES\" > \"$RUNNER_TEMP/aws-config\"", 'npm run rollout -- --dir "$CELLMESH_DIR" --stacks "$STACK"',
        ]);
        assert.deepStrictEqual(owner.permissions, { contents: "read", "id-token": "write" });
        assert.strictEqual(w.jobs, 4);
    });

    it("tolerance 2: fail-fast off, each leg records its outcome, a gate per wave counts failures and the next wave runs only after a passed gate", () => {
        const [w] = plan(4, (i) => (i <= 2 ? 1 : 2), 3, 2);
        assert.deepStrictEqual(schemaErrors(w.workflow), []);
        assert.deepStrictEqual(Object.keys(w.doc.jobs), ["owner", "wave-1", "gate-1", "wave-2", "gate-2"]);
        const j = w.doc.jobs;
        assert.deepStrictEqual(j["wave-1"].strategy, { "fail-fast": false, "max-parallel": 3, matrix: { stack: ["c001", "c002"] } });
        assert.deepStrictEqual([j["gate-1"].needs, j["gate-1"].if], [["wave-1"], "${{ !cancelled() && needs.wave-1.result != 'skipped' }}"]);
        // needs alone would skip wave 2 after any failure in wave 1 (transitive): the if looks at the gate only.
        assert.deepStrictEqual([j["wave-2"].needs, j["wave-2"].if], [["gate-1"], "${{ !cancelled() && needs.gate-1.result == 'success' }}"]);
        assert.deepStrictEqual(j["wave-1"].steps.slice(-2).map((s) => s.uses ?? s.run), ['mkdir -p results && printf \'%s\\n\' "$OUTCOME" > "results/$STACK"\n', "actions/upload-artifact@v6"]);
        assert.deepStrictEqual(j["wave-1"].steps.at(-1)!.with, { name: "result-${{ matrix.stack }}", path: "results/", "retention-days": 7, overwrite: true });
        const count = j["gate-2"].steps[1];
        assert.deepStrictEqual(count.env, { EXPECTED: "c001 c002 c003 c004", PRIOR: "0", TOLERANCE: "2" });
        assert.ok(count.run!.includes('if [ "$failures" -gt "$TOLERANCE" ]; then'));
        assert.strictEqual(w.jobs, 1 + 2 + 1 + 2 + 1);
    });

    it("the gate's script counts what it should (run with sh on recorded outcomes)", () => {
        const [w] = plan(3, () => undefined, 3, 1);
        const gate = w.doc.jobs["gate-1"].steps[1];
        const dir = fs.mkdtempSync(path.join(sb.root, "gate-"));
        fs.mkdirSync(path.join(dir, "results"));
        const run = (outcomes: Record<string, string>) => {
            for (const f of fs.readdirSync(path.join(dir, "results"))) fs.rmSync(path.join(dir, "results", f));
            for (const [s, o] of Object.entries(outcomes)) fs.writeFileSync(path.join(dir, "results", s), `${o}\n`);
            const out = path.join(dir, "out");
            fs.writeFileSync(out, "");
            const r = require("child_process").spawnSync("sh", ["-e", "-c", gate.run], { cwd: dir, env: { ...gate.env, GITHUB_OUTPUT: out, PATH: process.env.PATH }, encoding: "utf8" });
            return { status: r.status, output: fs.readFileSync(out, "utf8").trim(), errors: r.stdout.trim().split("\n").filter(Boolean) };
        };
        assert.deepStrictEqual(run({ c001: "success", c002: "success", c003: "success" }), { status: 0, output: "failures=0", errors: [] });
        assert.deepStrictEqual(run({ c001: "success", c002: "failure", c003: "success" }), { status: 0, output: "failures=1", errors: ["::error::stack c002: failure"] });
        // c003 left no outcome (its runner died): counted as failed.
        assert.deepStrictEqual(run({ c001: "success", c002: "failure" }), {
            status: 1, output: "failures=2",
            errors: ["::error::stack c002: failure", "::error::stack c003: missing", "::error::2 stacks failed, more than --failure-tolerance 1: no further wave starts"],
        });
    });

    it("600 consumers in 3 waves, tolerance 2: three workflows of at most 256 jobs, chained by workflow_dispatch, the plan's order kept", () => {
        const parts = plan(600, (i) => Math.ceil(i / 200), 20, 2);
        assert.deepStrictEqual(parts.map((p) => p.file), [1, 2, 3].map((n) => `cellmesh-rollout-project-part-${n}-of-3.yml`));
        for (const p of parts) {
            assert.deepStrictEqual(schemaErrors(p.workflow), [], p.file);
            assert.ok(jobCount(p.doc) <= MAX_JOBS_PER_WORKFLOW, `${p.file}: ${jobCount(p.doc)} jobs`);
            assert.strictEqual(jobCount(p.doc), p.jobs);
            assertTopological(p.doc);
            for (const job of Object.values(p.doc.jobs).filter((j) => j.strategy)) assert.strictEqual(job.strategy!["max-parallel"], 20);
        }
        assert.deepStrictEqual(parts.map((p) => p.jobs), [256, 256, 96]);
        // Every consumer exactly once, in plan order, and the owner only at the head of part 1.
        assert.deepStrictEqual(parts.flatMap((p) => p.consumers), Array.from({ length: 600 }, (_, i) => `c${String(i + 1).padStart(3, "0")}`));
        assert.deepStrictEqual(parts.map((p) => Object.keys(p.doc.jobs)[0]), ["owner", "wave-2", "wave-3"]);
        // Part 1: owner, wave 1 (200), gate, the first 52 of wave 2, gate, next part.
        assert.deepStrictEqual(Object.keys(parts[0].doc.jobs), ["owner", "wave-1", "gate-1", "wave-2", "gate-2", "next-part"]);
        assert.strictEqual(parts[0].doc.jobs["wave-2"].strategy!.matrix.stack.length, 52);
        // Chained: each part starts the next after its last gate passed, passing the failures so far.
        for (const [i, p] of parts.slice(0, 2).entries()) {
            const next = p.doc.jobs["next-part"];
            const lastGate = Object.keys(p.doc.jobs).filter((k) => k.startsWith("gate-")).pop()!;
            assert.deepStrictEqual([next.needs, next.if, next.permissions], [[lastGate], `\${{ !cancelled() && needs.${lastGate}.result == 'success' }}`, { actions: "write" }]);
            assert.strictEqual(next.steps[0].run, `gh workflow run ${parts[i + 1].file} --repo "$GITHUB_REPOSITORY" --ref "$GITHUB_REF_NAME" -f failures="$FAILURES"\n`);
            assert.strictEqual(next.steps[0].env!.FAILURES, `\${{ needs.${lastGate}.outputs.failures }}`);
            assert.deepStrictEqual(parts[i + 1].doc.on.workflow_dispatch.inputs, { failures: { description: "stacks that failed in the parts before this one", required: true, default: "0", type: "string" } });
            // The next part's gates start from the failures of the parts before it.
            assert.strictEqual(parts[i + 1].doc.jobs[Object.keys(parts[i + 1].doc.jobs).find((k) => k.startsWith("gate-"))!].steps[1].env!.PRIOR, "${{ inputs.failures }}");
        }
        assert.strictEqual(parts[2].doc.jobs["next-part"], undefined);
        assert.strictEqual(parts[0].doc.on.workflow_dispatch.inputs, undefined);
    });

    it("300 consumers in one wave, tolerance 0: two parts; the split wave continues in part 2, started when part 1 succeeded", () => {
        const parts = plan(300, () => undefined, 20, 0);
        assert.deepStrictEqual(parts.map((p) => [p.jobs, Object.keys(p.doc.jobs)]), [[256, ["owner", "wave-1", "next-part"]], [46, ["wave-1"]]]);
        assert.strictEqual(parts[0].doc.jobs["wave-1"].strategy!.matrix.stack.length, 254);
        assert.deepStrictEqual([parts[0].doc.jobs["next-part"].needs, parts[0].doc.jobs["next-part"].if], [["wave-1"], undefined]);
        assert.strictEqual(parts[1].doc.jobs["wave-1"].needs, undefined);
        for (const p of parts) assert.deepStrictEqual(schemaErrors(p.workflow), [], p.file);
    });

    it("splitIntoParts never exceeds the budget, whatever the waves", () => {
        for (const [n, waves, k] of [[255, 1, 0], [256, 2, 1], [1000, 7, 3]] as const) {
            sb = new Sandbox(organization(n, (i) => (i % waves) + 1));
            const parts = splitIntoParts(sb.project(), k);
            const total = parts.reduce((t, p) => t + p.chunks.reduce((c, ch) => c + ch.stacks.length, 0), 0);
            assert.strictEqual(total, n);
            for (const [i, p] of parts.entries()) {
                const jobs = (p.owner ? 1 : 0) + p.chunks.reduce((c, ch) => c + ch.stacks.length + (k > 0 ? 1 : 0), 0) + (i < parts.length - 1 ? 1 : 0);
                assert.ok(jobs <= MAX_JOBS_PER_WORKFLOW, `${n}/${waves}/${k} part ${i + 1}: ${jobs}`);
            }
            sb.dispose();
        }
        sb = undefined as unknown as Sandbox;
    });

    it("Pulumi Cloud: the token is a secret reference too; no secret value is ever written", () => {
        const [w] = plan(2, () => undefined, 5, 1, "https://api.pulumi.com");
        const yaml = JSON.stringify(w.workflow);
        const run = w.doc.jobs.owner.steps.find((s) => s.run?.startsWith("npm run rollout"))!;
        assert.strictEqual(run.env!.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
        assert.ok(!yaml.includes(process.env.PULUMI_CONFIG_PASSPHRASE!), "the passphrase's value is not in the workflow");
        const refs = [...yaml.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]);
        assert.deepStrictEqual([...new Set(refs)].sort(), ["CELLMESH_AWS_CONFIG", "CELLMESH_CI_ROLE_ARN", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]);
    });

    it("refuses the machine-local file backend", () => {
        assert.throws(() => checkSharedBackend("file:///p/.pulumi-state"), new DriverError([
            "--emit github-actions: the stacks' state is in file:///p/.pulumi-state, on this machine only; every job of the workflow runs on a fresh runner and needs a shared backend.",
            "Set PULUMI_BACKEND_URL to an S3 bucket (s3://<bucket>/<prefix>) or to Pulumi Cloud (https://api.pulumi.com), move the stacks there (pulumi stack export / pulumi stack import), and emit again.",
        ].join("\n")));
    });
});

describe("npm run rollout -- --emit github-actions (main)", function () {
    this.timeout(30000);
    let sb: Sandbox;
    let out: string[];
    let err: string[];
    beforeEach(() => {
        sb = new Sandbox(organization(3, (i) => (i === 3 ? 2 : undefined)));
        out = [];
        err = [];
    });
    afterEach(() => sb.dispose());
    const deps = (env: Record<string, string | undefined>): CliDeps => ({
        cwd: sb.root, env, signal: new AbortController().signal, out: (t) => out.push(t), err: (t) => err.push(t),
        resolveCli: () => { throw new Error("emit must not look for the Pulumi CLI"); },
        runPreflight: async () => { throw new Error("emit must not run the preflight"); },
    });

    it("writes the workflow, touches neither AWS nor the CLI, needs no passphrase; re-emitting removes stale parts", async () => {
        const stale = path.join(sb.root, ".github", "workflows", "cellmesh-rollout-project-part-2-of-2.yml");
        fs.mkdirSync(path.dirname(stale), { recursive: true });
        fs.writeFileSync(stale, "old");
        const other = path.join(sb.root, ".github", "workflows", "ci.yml");
        fs.writeFileSync(other, "mine");
        const code = await main(["rollout", "--dir", "project", "--emit", "github-actions", "--max-concurrency", "2", "--failure-tolerance", "1"], deps({ PULUMI_BACKEND_URL: S3 }));
        assert.strictEqual(code, 0, err.join("\n"));
        assert.deepStrictEqual(out, [
            "Notice: AWS ended App Mesh on 2026-09-30; stacks acct1, c001, c002, c003 use cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice).",
            "wrote .github/workflows/cellmesh-rollout-project.yml: 6 jobs, 3 consumer stack(s) after the owner acct1, max-parallel 2, fail-fast false",
            "removed .github/workflows/cellmesh-rollout-project-part-2-of-2.yml (left by an earlier emit)",
        ]);
        assert.deepStrictEqual(sb.calls(), []);
        const text = fs.readFileSync(path.join(sb.root, ".github", "workflows", "cellmesh-rollout-project.yml"), "utf8");
        assert.ok(text.startsWith("# Written by npm run rollout -- --dir project --emit github-actions --max-concurrency 2 --failure-tolerance 1; emit again rather than editing it.\n"), text.slice(0, 200));
        assert.ok(!/^\s*[\w-]+: [&*]/m.test(text), "no YAML anchors or aliases");
        assert.deepStrictEqual(schemaErrors(parseYaml(text)), []);
        assert.ok(!fs.existsSync(stale));
        assert.strictEqual(fs.readFileSync(other, "utf8"), "mine");
    });

    it("a --dir holding shell syntax reaches npm as one argument, through env: (the script is run with sh and a fake npm)", async () => {
        const weird = 'x"$(touch pwned)`touch pwned2`';
        fs.symlinkSync(sb.projectDir, path.join(sb.root, weird));
        assert.strictEqual(await main(["rollout", "--dir", weird, "--emit", "github-actions"], deps({ PULUMI_BACKEND_URL: S3 })), 0, err.join("\n"));
        const [file] = fs.readdirSync(path.join(sb.root, ".github", "workflows"));
        const doc = parseYaml(fs.readFileSync(path.join(sb.root, ".github", "workflows", file), "utf8")) as Workflow & { env: Record<string, string> };
        assert.deepStrictEqual(schemaErrors(doc), []);
        assert.deepStrictEqual(doc.env, { CELLMESH_DIR: weird });
        const step = doc.jobs.owner.steps.find((s) => s.run?.startsWith("npm run rollout"))!;
        assert.strictEqual(step.run, 'npm run rollout -- --dir "$CELLMESH_DIR" --stacks "$STACK"');
        const bin = fs.mkdtempSync(path.join(sb.root, "bin-"));
        fs.writeFileSync(path.join(bin, "npm"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n", { mode: 0o755 });
        const r = require("child_process").spawnSync("sh", ["-e", "-c", step.run], {
            cwd: bin, env: { ...doc.env, ...step.env, PATH: `${bin}:${process.env.PATH}` }, encoding: "utf8",
        });
        assert.deepStrictEqual([r.status, r.stdout.split("\n")], [0, ["run", "rollout", "--", "--dir", weird, "--stacks", "acct1", ""]]);
        assert.deepStrictEqual(fs.readdirSync(bin), ["npm"], "nothing in the dir's name ran");
    });

    it("the header comment stays one comment line whatever the command line holds", async () => {
        const command = "npm run rollout -- --out a\nname: injected\r\u0085\u2028x\u0007";
        const [w] = planGithubActions({ project: sb.project(), repoRoot: sb.root, backendUrl: S3, maxConcurrency: 2, failureTolerance: 0, skipPreflight: false });
        const text = workflowYaml(w, command);
        assert.strictEqual(text.split("\n")[0], "# Written by npm run rollout -- --out a name: injected x ; emit again rather than editing it.");
        assert.deepStrictEqual(parseYaml(text), w.workflow);
        assert.deepStrictEqual(schemaErrors(parseYaml(text)), []);
    });

    it("a backend URL with credentials is refused (exit 2), redacted, and nothing is written", async () => {
        for (const [url, shown] of [
            ["s3://AKIAEXAMPLE:wJalrXUtn@cellmesh-state/org?region=us-east-1", "s3://***@cellmesh-state/org?region=us-east-1"],
            ["https://user:pul-0123secret@api.pulumi.example.com", "https://***@api.pulumi.example.com"],
        ]) {
            err = [];
            assert.strictEqual(await main(["rollout", "--dir", "project", "--emit", "github-actions"], deps({ PULUMI_BACKEND_URL: url })), 2);
            assert.deepStrictEqual(err, [
                `PULUMI_BACKEND_URL = ${shown}: --emit github-actions writes the backend URL into the workflow files, and this one holds credentials (user:password@). ` +
                "Give the URL without them, and pass credentials through repository secrets (CELLMESH_CI_ROLE_ARN for AWS, PULUMI_ACCESS_TOKEN for Pulumi Cloud); see docs/many-accounts.md.",
            ]);
            assert.ok(!fs.existsSync(path.join(sb.root, ".github")));
        }
        // A query or path holding "@" is no userinfo.
        assert.strictEqual(redactUserinfo("s3://bucket/a@b?profile=x@y"), "s3://bucket/a@b?profile=x@y");
    });

    it("a project outside the repository (a --dir of ../...) is refused (exit 2) before anything is written", async () => {
        const elsewhere = path.join(sb.root, "elsewhere");
        fs.mkdirSync(elsewhere);
        assert.strictEqual(await main(["rollout", "--dir", "../project", "--emit", "github-actions"], { ...deps({ PULUMI_BACKEND_URL: S3 }), cwd: elsewhere }), 2);
        assert.deepStrictEqual(err, [
            `--dir = ${sb.projectDir}: --emit github-actions writes workflows into ${elsewhere}, which check out that repository and run the project from it, ` +
            "and this project is outside it (../project); run the emit from the repository that holds the project",
        ]);
        assert.ok(!fs.existsSync(path.join(elsewhere, ".github")));
    });

    it('a value GitHub would evaluate ("${{") in the dir or the backend URL is refused (exit 2) before anything is written', async () => {
        const dir = "${{ secrets.X }}";
        fs.symlinkSync(sb.projectDir, path.join(sb.root, dir));
        assert.strictEqual(await main(["rollout", "--dir", dir, "--emit", "github-actions"], deps({ PULUMI_BACKEND_URL: S3 })), 2);
        assert.deepStrictEqual(err, ['--dir = ${{ secrets.X }}: --emit github-actions writes it into the workflow\'s env:, where GitHub would evaluate "${{"; use a path or URL without "${{"']);
        err = [];
        assert.strictEqual(await main(["rollout", "--dir", "project", "--emit", "github-actions"], deps({ PULUMI_BACKEND_URL: "s3://b/${{ github.ref }}" })), 2);
        assert.deepStrictEqual(err, ['PULUMI_BACKEND_URL = s3://b/${{ github.ref }}: --emit github-actions writes it into the workflow\'s env:, where GitHub would evaluate "${{"; use a path or URL without "${{"']);
        assert.ok(!fs.existsSync(path.join(sb.root, ".github")));
    });

    it("--out and --json; the file backend is refused with exit 1 before anything is written", async () => {
        assert.strictEqual(await main(["rollout", "--dir", "project", "--emit", "github-actions", "--out", "ci", "--json", "--max-concurrency", "4"], deps({ PULUMI_BACKEND_URL: S3 })), 0, err.join("\n"));
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.emitted, [{ file: path.join(sb.root, "ci", "cellmesh-rollout-project.yml"), jobs: 4, consumers: 3 }]);
        out = [];
        err = [];
        assert.strictEqual(await main(["rollout", "--dir", "project", "--emit", "github-actions"], deps({})), 1);
        assert.match(err[0], /^--emit github-actions: the stacks' state is in file:\/\/.*\/project\/\.pulumi-state, on this machine only/);
        assert.ok(!fs.existsSync(path.join(sb.root, ".github")));
    });
});

