import * as assert from "assert";
import * as path from "path";
import { main, CliDeps } from "../../automation/cli";
import { Project } from "../../automation/discovery";
import { DriverError } from "../../automation/errors";
import { Finding } from "../../automation/preflight";
import { resolvePulumiCli } from "../../automation/workspace";
import { ROOT } from "../helpers/fixtures";
import { consumerYaml, OWNER_YAML, Sandbox } from "./helpers";

/** What the driver prints first for the test project (two App Mesh stacks). */
const APP_MESH_NOTICE = "Notice: AWS ended App Mesh on 2026-09-30; stacks acct1, acct2 use cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice).";

describe("driver commands end to end (main + fake Pulumi CLI)", function () {
    this.timeout(20000);
    let sb: Sandbox;
    let out: string[];
    let err: string[];
    const okPreflight = async (): Promise<Finding[]> => [{ stack: "acct1", account: "111111111111", check: "account", level: "ok", message: "ok" }];
    beforeEach(() => {
        sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        out = [];
        err = [];
    });
    afterEach(() => sb.dispose());

    function deps(extra: Partial<CliDeps> = {}): CliDeps {
        let clock = 0;
        return {
            cwd: sb.projectDir, env: { ...process.env }, signal: new AbortController().signal,
            out: (t) => out.push(t), err: (t) => err.push(t),
            resolveCli: () => sb.cli(), program: async () => ({}), runPreflight: okPreflight,
            now: () => (clock += 2000),
            ...extra,
        };
    }

    it("rollout --json: one JSON document on stdout, progress on stderr, exit 0", async () => {
        const code = await main(["rollout", "--json"], deps());
        assert.strictEqual(code, 0, err.join("\n"));
        assert.strictEqual(out.length, 1);
        const doc = JSON.parse(out[0]);
        assert.strictEqual(doc.ok, true);
        assert.strictEqual(doc.command, "rollout");
        assert.strictEqual(doc.backend, `file://${sb.projectDir}/.pulumi-state`);
        assert.deepStrictEqual(doc.stacks.map((s: { stack: string; operation: string; result: string }) => `${s.operation} ${s.stack} ${s.result}`), ["up acct1 succeeded", "up acct2 succeeded"]);
        assert.strictEqual(err[0], APP_MESH_NOTICE);
        assert.strictEqual(err[1], "preflight: checking acct1, acct2 with the AWS SDK ...");
        assert.ok(err.includes("[acct2] up succeeded in 2.0s: 2 created"), err.join("\n"));
    });

    it("rollout, preview and shift of App Mesh stacks print the end-of-support notice first; status and destroy do not", async () => {
        for (const argv of [["rollout"], ["preview"], ["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=40,cell2=60"]]) {
            out = [];
            err = [];
            assert.strictEqual(await main(argv, deps()), 0, err.join("\n"));
            assert.strictEqual(out[0], argv[0] === "shift" ? APP_MESH_NOTICE.replace("stacks acct1, acct2 use", "stack acct1 uses") : APP_MESH_NOTICE, argv.join(" "));
            assert.strictEqual(out[1], `preflight: checking ${argv[0] === "shift" ? "acct1" : "acct1, acct2"} with the AWS SDK ...`);
        }
        for (const argv of [["status"], ["destroy", "--yes"]]) {
            out = [];
            assert.strictEqual(await main(argv, deps()), 0);
            assert.ok(!out.some((l) => l.startsWith("Notice:")), argv.join(" "));
        }
    });

    it("VPC Lattice stacks print no notice", async () => {
        const lattice = new Sandbox({
            acct1: OWNER_YAML.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice"),
            acct2: consumerYaml("222222222222", "acct2").replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice"),
        });
        try {
            assert.strictEqual(await main(["rollout"], { ...deps(), cwd: lattice.projectDir, resolveCli: () => lattice.cli() }), 0, err.join("\n"));
            assert.strictEqual(out[0], "preflight: checking acct1, acct2 with the AWS SDK ...");
        } finally {
            lattice.dispose();
        }
    });

    it("rollout: a failed stack gives exit 1 and a message naming it; running again resumes", async () => {
        sb.scenario({ stacks: { acct2: { up: { failTimes: 1 } } } });
        assert.strictEqual(await main(["rollout"], deps()), 1);
        assert.strictEqual(err.join("\n"), [
            "rollout stopped: stack acct2 failed (1 succeeded, 1 failed, 0 skipped, 0 cancelled).",
            "stack acct2: error: creating App Mesh VirtualNode: AccessDeniedException: not authorized",
            "Fix the error and run npm run rollout again: stacks that are already up to date show no changes.",
        ].join("\n"));
        err = [];
        out = [];
        assert.strictEqual(await main(["rollout"], deps()), 0, err.join("\n"));
        assert.ok(out.includes("[acct1] up succeeded in 2.0s: 2 unchanged"), out.join("\n"));
        assert.strictEqual(out[out.length - 1], "rollout finished: 2 succeeded, 0 failed, 0 skipped, 0 cancelled");
    });

    it("Ctrl-C during a rollout: the operation is cancelled cleanly and the exit code is 130", async () => {
        const ready = `${sb.root}/ready`;
        sb.scenario({ stacks: { acct1: { up: { hang: true, readyFile: ready } } } });
        const controller = new AbortController();
        const run = main(["rollout"], deps({ signal: controller.signal }));
        while (!require("fs").existsSync(ready)) await new Promise((r) => setTimeout(r, 20));
        controller.abort();
        assert.strictEqual(await run, 130);
        assert.deepStrictEqual(err, ["rollout cancelled by Ctrl-C (0 succeeded, 0 failed, 1 skipped, 1 cancelled); the running operations were stopped cleanly. If a stack reports a lock next time, clear it with: pulumi cancel --yes --stack <stack>"]);
        assert.ok(out.join("\n").includes("acct2  consumer  222222222222  up         skipped    -                0.0s"), out.join("\n"));
    });

    it("destroy refuses without --yes and touches nothing", async () => {
        assert.strictEqual(await main(["destroy"], deps()), 2);
        assert.deepStrictEqual(err, ["destroy deletes every resource of the stacks acct2, acct1 (in that order); run it again with --yes to confirm: npm run destroy -- --yes"]);
        assert.deepStrictEqual(sb.calls(), []);
    });

    it("a missing passphrase is reported before any stack is touched", async () => {
        const env = { ...process.env };
        delete env.PULUMI_CONFIG_PASSPHRASE;
        assert.strictEqual(await main(["rollout"], deps({ env })), 1);
        assert.match(err[0], /^PULUMI_CONFIG_PASSPHRASE is not set\. The stacks' secrets are encrypted with a passphrase/);
        assert.deepStrictEqual(sb.calls(), []);
    });

    it("a failed preflight stops before the Pulumi CLI runs", async () => {
        const failing = async (): Promise<Finding[]> => [{ stack: "acct2", account: "222222222222", check: "account", level: "error", message: "stack acct2: wrong account" }];
        assert.strictEqual(await main(["rollout"], deps({ runPreflight: failing })), 1);
        assert.deepStrictEqual(err, ["preflight failed, nothing was changed:\n  - stack acct2: wrong account"]);
        assert.deepStrictEqual(sb.calls(), []);
    });

    it("status: last update, key outputs and deployed vs configured weights", async () => {
        sb.seedDeployed({ acct1: { meshName: "cellmesh", meshOwner: "111111111111", vpcId: "vpc-0abc", weights: { servicea: { cell1: 50, cell2: 50 }, serviceb: { cell1: 100, cell2: 0 } }, other: "hidden" } });
        assert.strictEqual(await main(["status"], deps()), 0, err.join("\n"));
        assert.strictEqual(out.join("\n"), [
            "acct1 (owner, account 111111111111, us-east-1)",
            "  last update: succeeded at 2026-11-20T10:00:00.000Z",
            "  meshName: cellmesh",
            "  meshOwner: 111111111111",
            "  vpcId: vpc-0abc",
            "  SERVICE   CELL   WEIGHT",
            "  servicea  cell1  50",
            "  servicea  cell2  50",
            "  serviceb  cell1  100 (config 50, not deployed yet)",
            "  serviceb  cell2  0 (config 50, not deployed yet)",
            "",
            "acct2 (consumer, account 222222222222, us-east-1)",
            "  not created yet: run npm run rollout",
            "  SERVICE   CELL   WEIGHT",
            "  servicex  cell1  - (config 50)",
            "  servicex  cell2  - (config 50)",
        ].join("\n"));
        // status never creates a stack
        assert.deepStrictEqual(sb.argvs().filter((a) => a[1] === "init"), []);
    });

    it("status --json", async () => {
        sb.seedDeployed({ acct1: { meshName: "cellmesh", weights: { serviceb: { cell1: 50, cell2: 50 } } } });
        assert.strictEqual(await main(["status", "--json", "--stacks", "acct1"], deps()), 0);
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.stacks[0].weights.serviceb, { cell1: { configured: 50, deployed: 50 }, cell2: { configured: 50, deployed: 50 } });
        assert.deepStrictEqual(doc.stacks[0].lastUpdate, { kind: "update", result: "succeeded", startTime: "2026-11-20T10:00:00.000Z", endTime: "2026-11-20T10:00:00.000Z", resourceChanges: { create: 2 } });
    });

    it("shift --json through main: exit 0 and the outcome", async () => {
        sb.seedDeployed({ acct1: { meshName: "cellmesh" } });
        const code = await main(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=0,cell2=100", "--json"], deps());
        assert.strictEqual(code, 0, out.join("\n") + err.join("\n"));
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.shift.finalWeights, { cell1: 0, cell2: 100 });
        assert.deepStrictEqual(sb.operations(), ["up acct1"]);
    });

    it("--dir runs the project of another directory, relative to where npm runs scripts", async () => {
        const code = await main(["rollout", "--dir", "project", "--json"], deps({ cwd: sb.root }));
        assert.strictEqual(code, 0, err.join("\n"));
        const doc = JSON.parse(out[0]);
        assert.strictEqual(doc.backend, `file://${sb.projectDir}/.pulumi-state`);
        assert.deepStrictEqual(doc.stacks.map((s: { stack: string; result: string }) => `${s.stack} ${s.result}`), ["acct1 succeeded", "acct2 succeeded"]);
        const ops = sb.calls().filter((c) => c.phase === "start");
        assert.deepStrictEqual(ops.map((c) => `${c.argv[0]} ${c.cwd}`), ["acct1", "acct2"].map((s) => `up ${sb.projectDir}/.pulumi-workspaces/${s}`), "the CLI runs in the --dir project");
    });

    it("--dir examples/lattice-eks from the repository root: that sample's stacks, validated, go to the preflight", async () => {
        let seen: Project | undefined;
        const stop: Finding = { stack: "acct1-lattice-eks", account: "111111111111", check: "mesh-engine", level: "error", message: "stopped by the test" };
        const code = await main(["rollout", "--dir", "examples/lattice-eks"], deps({ cwd: ROOT, runPreflight: async (p) => { seen = p; return [stop]; } }));
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(err, ["preflight failed, nothing was changed:\n  - stopped by the test"]);
        assert.strictEqual(seen?.dir, path.join(ROOT, "examples", "lattice-eks"));
        assert.deepStrictEqual([seen?.owner?.name, seen?.owner?.config.engine, seen?.consumers.map((c) => `${c.name} ${c.config.engine}`)],
            ["acct1-lattice-eks", "lattice", ["acct2-lattice-eks lattice"]]);
        assert.deepStrictEqual(sb.calls(), []);
    });

    it("usage errors exit 2 with the exact message; --help prints the command's help", async () => {
        assert.strictEqual(await main(["rollout", "--stacks", "acct9"], deps()), 2);
        assert.deepStrictEqual(err, ["--stacks: no stack named acct9; stacks of this project: acct1, acct2"]);
        assert.strictEqual(await main(["rollout", "--yes"], deps()), 2);
        assert.strictEqual(err[1], "rollout: unknown option --yes (only destroy takes it); see npm run rollout -- --help");
        assert.strictEqual(await main(["status", "--help"], deps()), 0);
        assert.match(out[0], /^Usage: npm run status -- \[--stacks acct1,acct2\] \[--json\]/);
    });
});

describe("Pulumi CLI resolution", () => {
    it("uses the CLI on PATH when there is one", async () => {
        const calls: string[] = [];
        const cli = { command: "pulumi" } as never;
        const got = await resolvePulumiCli("/p", {
            get: async (o) => { calls.push(`get ${o?.root ?? "PATH"}`); return cli; },
            install: async () => { throw new Error("not expected"); },
        });
        assert.strictEqual(got, cli);
        assert.deepStrictEqual(calls, ["get PATH"]);
    });

    it("installs into .pulumi-cli, and without network says exactly how to install by hand", async () => {
        const calls: string[] = [];
        const logs: string[] = [];
        await assert.rejects(resolvePulumiCli("/p", {
            get: async (o) => { calls.push(`get ${o?.root ?? "PATH"}`); throw new Error("ENOENT"); },
            install: async (o) => { calls.push(`install ${o.root}`); throw new Error("getaddrinfo ENOTFOUND get.pulumi.com"); },
        }, (m) => logs.push(m)), new DriverError([
            "The Pulumi CLI is not on PATH and installing Pulumi 3.276.0 into /p/.pulumi-cli failed (no network to get.pulumi.com?): getaddrinfo ENOTFOUND get.pulumi.com",
            "Install the CLI by hand, then run the command again:",
            "  curl -fsSL https://get.pulumi.com | sh -s -- --version 3.276.0   (puts it in ~/.pulumi/bin; add that to PATH)",
            "  or unpack the pulumi-v3.276.0 release archive so that /p/.pulumi-cli/bin/pulumi exists",
            "  see https://www.pulumi.com/docs/iac/download-install/",
        ].join("\n")));
        assert.deepStrictEqual(calls, ["get PATH", "get /p/.pulumi-cli", "install /p/.pulumi-cli"]);
        assert.deepStrictEqual(logs, ["Pulumi CLI not found on PATH; installing Pulumi 3.276.0 into /p/.pulumi-cli ..."]);
    });
});
