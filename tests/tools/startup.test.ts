// The entry points parse their arguments before loading anything heavy: `--help` and usage errors
// must not load the Pulumi SDK, the providers or the AWS SDK. Checked in fresh Node processes (this
// one has loaded everything already), started the way the npm scripts start them.

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HELP } from "../../automation/args";
import { UsageError } from "../../automation/errors";
import { USAGE as BENCH_USAGE, parseBenchArgs } from "../../bench/bench";
import { USAGE as PLAN_USAGE } from "../../plan/cli";

const ROOT = path.join(__dirname, "..", "..");
const HEAVY = /node_modules\/(@pulumi|@aws-sdk|@smithy|@viz-js|@grpc)\//;
/** A preload that prints, at exit, every module the process loaded. */
const REPORT_LOADED = path.join(__dirname, "fixtures", "report-loaded.js");

/** `node -r ./tools/register.js <entry> <args>`, as `npm run` starts it; with the heavy modules it loaded. */
function run(entry: string, args: readonly string[]) {
    const r = spawnSync(process.execPath, ["-r", "./tools/register.js", "-r", REPORT_LOADED, entry, ...args], { cwd: ROOT, encoding: "utf8" });
    const at = r.stderr.lastIndexOf("\nLOADED ");
    assert.ok(at >= 0, r.stderr);
    const heavy = (JSON.parse(r.stderr.slice(at + 8)) as string[]).filter((m) => HEAVY.test(m));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, at), heavy };
}

describe("fast start: arguments first, heavy modules later", function () {
    this.timeout(60000);

    it("rollout, preview, destroy, shift, status and release --help print their help and load neither the Pulumi nor the AWS SDK", () => {
        for (const command of ["rollout", "preview", "destroy", "shift", "status", "release"] as const) {
            const r = run("automation/cli.ts", [command, "--help"]);
            assert.deepEqual(r, { status: 0, stdout: HELP[command] + "\n", stderr: "", heavy: [] }, command);
        }
        const bad = run("automation/cli.ts", ["rollout", "--yes"]);
        assert.deepEqual(bad, { status: 2, stdout: "", stderr: "rollout: unknown option --yes (only destroy takes it); see npm run rollout -- --help\n", heavy: [] });
    });

    it("plan --help prints its usage without loading the planner", () => {
        assert.deepEqual(run("plan/cli.ts", ["--help"]), { status: 0, stdout: PLAN_USAGE, stderr: "", heavy: [] });
        const bad = run("plan/cli.ts", ["--stacks", "acct1"]);
        assert.equal(bad.status, 2);
        assert.equal(bad.stderr, "plan: unknown option --stacks (did you mean --stack?); see npm run plan -- --help\n");
        assert.deepEqual(bad.heavy, []);
    });

    it("bench --help prints its usage instead of running; an unknown argument is a usage error naming it", () => {
        assert.deepEqual(run("bench/bench.ts", ["--help"]), { status: 0, stdout: BENCH_USAGE, stderr: "", heavy: [] });
        const bad = run("bench/bench.ts", ["--sizes"]);
        assert.deepEqual(bad, { status: 2, stdout: "", stderr: "bench: unknown option --sizes; see npm run bench -- --help\n", heavy: [] });
    });

    // @pulumi/aws's index loads all of its service modules (0.08 to 0.12 s); the program takes the ones
    // it uses from shared/aws.ts, each by its own path.
    it("plan of the root sample loads the AWS provider's modules it uses, never @pulumi/aws's index", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-plan-"));
        try {
            const r = run("plan/cli.ts", ["--out", out, "--summary"]);
            assert.equal(r.status, 0, r.stderr);
            const aws = r.heavy.filter((m) => m.includes("node_modules/@pulumi/aws/")).map((m) => m.slice(m.indexOf("@pulumi/aws/")));
            assert.ok(aws.includes("@pulumi/aws/vpclattice/index.js") && aws.includes("@pulumi/aws/ecs/index.js"), aws.join("\n"));
            assert.ok(!aws.includes("@pulumi/aws/index.js"), "the plan loaded @pulumi/aws/index.js");
            assert.ok(!aws.includes("@pulumi/aws/s3/index.js"), "the plan loaded a module it does not use (s3)");
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });

    it('the program imports the AWS provider through shared/aws.ts, not from "@pulumi/aws"', () => {
        const offenders: string[] = [];
        const walk = (dir: string): void => {
            for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
                const rel = path.join(dir, e.name);
                if (e.isDirectory()) walk(rel);
                else if (rel.endsWith(".ts") && /from "@pulumi\/aws"/.test(fs.readFileSync(path.join(ROOT, rel), "utf8"))) offenders.push(rel);
            }
        };
        for (const dir of ["stacks", "config", "engines", "compute", "shared", "plan"]) walk(dir);
        assert.deepEqual(offenders, [], 'import * as aws from "<relative>/shared/aws" instead (it loads each module by its own path)');
    });

    it("bench arguments: sizes, --startup, --runs", () => {
        assert.deepEqual(parseBenchArgs([]), { mode: "sizes", sizes: [5, 10, 25, 50] });
        assert.deepEqual(parseBenchArgs(["5", "100"]), { mode: "sizes", sizes: [5, 100] });
        assert.deepEqual(parseBenchArgs(["--startup"]), { mode: "startup", runs: 5 });
        assert.deepEqual(parseBenchArgs(["--startup", "--runs", "3"]), { mode: "startup", runs: 3 });
        assert.deepEqual(parseBenchArgs(["--startup", "--runs=9"]), { mode: "startup", runs: 9 });
        assert.deepEqual(parseBenchArgs(["-h"]), { mode: "help" });
        for (const bad of [["0"], ["-5"], ["5x"], ["--runs", "0"], ["--runs"], ["--startup", "5"], ["--json"]]) {
            assert.throws(() => parseBenchArgs(bad), (e: unknown) => e instanceof UsageError && e.exitCode === 2, bad.join(" "));
        }
    });
});
