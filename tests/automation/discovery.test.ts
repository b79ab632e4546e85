import * as assert from "assert";
import { parseCommand } from "../../automation/args";
import { selectedStacks } from "../../automation/discovery";
import { DriverError, UsageError } from "../../automation/errors";
import { openStack, cellmeshInlineProgram } from "../../automation/workspace";
import { consumerYaml, OWNER_YAML, Sandbox } from "./helpers";

describe("stack discovery from Pulumi.<stack>.yaml", () => {
    let sb: Sandbox | undefined;
    afterEach(() => sb?.dispose());

    it("finds the owner and the consumers, validated, and narrows with --stacks", () => {
        sb = new Sandbox();
        const p = sb.project();
        assert.strictEqual(p.name, "cellmesh");
        assert.strictEqual(p.owner?.name, "acct1");
        assert.deepStrictEqual(p.consumers.map((c) => c.name), ["acct2", "acct3"]);
        assert.deepStrictEqual(p.owner?.config.services.find((s) => s.name === "serviceb")?.cells, [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]);
        assert.deepStrictEqual(selectedStacks(sb.project(["acct3"])).map((s) => s.name), ["acct3"]);
        assert.throws(() => sb!.project(["acct9"]), new UsageError("--stacks: no stack named acct9; stacks of this project: acct1, acct2, acct3"));
    });

    it("bare keys belong to the project namespace, as for the CLI", () => {
        sb = new Sandbox({ acct1: OWNER_YAML.replace("cellmesh:meshName", "meshName"), acct2: consumerYaml("222222222222", "acct2") });
        assert.strictEqual(sb.project().owner?.config.meshName, "cellmesh");
    });

    it("reports config problems of every stack at once, through parseStackConfig", () => {
        sb = new Sandbox({ acct1: OWNER_YAML.replace('["111111111111"]', '["1111"]'), acct2: consumerYaml("222222222222", "acct2").replace("us-east-1", "nowhere") });
        assert.throws(() => sb!.project(), (err: Error) => {
            assert.ok(err instanceof DriverError);
            assert.match(err.message, /^Invalid cellmesh config for stack "acct1":\n {2}- aws:allowedAccountIds = /);
            assert.match(err.message, /\nInvalid cellmesh config for stack "acct2":\n {2}- aws:region = "nowhere"/);
            return true;
        });
    });

    it("needs exactly one owner, consumers that point at it and are shared with", () => {
        sb = new Sandbox({ acct2: consumerYaml("222222222222", "acct2") });
        assert.throws(() => sb!.project(), new DriverError("no owner stack: exactly one Pulumi.<stack>.yaml needs cellmesh:role: owner (found acct2)"));
        sb.dispose();
        sb = new Sandbox({ acct1: OWNER_YAML, acct4: consumerYaml("444444444444", "acct4").replace("organization/cellmesh/acct1", "organization/cellmesh/acctX") });
        assert.throws(() => sb!.project(), new DriverError([
            "stack acct4: cellmesh:ownerStack = \"organization/cellmesh/acctX\" is not the owner stack of this project; set it to organization/cellmesh/acct1 (or <your-org>/cellmesh/acct1 on Pulumi Cloud)",
            "stack acct4: its account 444444444444 is not in cellmesh:consumers of the owner stack acct1, so the mesh is not shared with it; add \"444444444444\" to cellmesh:consumers in Pulumi.acct1.yaml",
        ].join("\n")));
    });

    it("the driver runs the stack programs' own entry function by default (inline program)", async function () {
        this.timeout(10000);
        sb = new Sandbox();
        const ctx = await sb.context();
        const stack = await openStack({ projectDir: ctx.projectDir, projectName: ctx.projectName, pulumiCommand: ctx.pulumiCommand, env: ctx.env }, sb.project().owner!);
        assert.strictEqual((stack.workspace as unknown as { program: unknown }).program, cellmeshInlineProgram);
        assert.strictEqual(stack.workspace.workDir, sb.projectDir);
    });
});

describe("command line", () => {
    it("parses the common options of every command", () => {
        // The wave flags' defaults (automation/waveArgs.ts); rollout's --resume too.
        const pace = { failureTolerance: 0, runner: "local" };
        const rollout = { ...pace, resume: false };
        assert.deepStrictEqual(parseCommand(["rollout", "--stacks", "acct1,acct2", "--json"]), { command: "rollout", json: true, skipPreflight: false, stacks: ["acct1", "acct2"], ...rollout });
        assert.deepStrictEqual(parseCommand(["destroy", "--yes"]), { command: "destroy", yes: true, json: false, skipPreflight: false, ...pace });
        assert.deepStrictEqual(parseCommand(["preview", "--skip-preflight"]), { command: "preview", json: false, skipPreflight: true, ...pace });
        assert.deepStrictEqual(parseCommand(["rollout", "--dir", "examples/lattice-eks"]), { command: "rollout", json: false, skipPreflight: false, dir: "examples/lattice-eks", ...rollout });
        assert.throws(() => parseCommand(["status", "--dir", " "]), new UsageError("status: --dir needs a value; see npm run status -- --help"));
        assert.throws(() => parseCommand(["deploy"]), new UsageError('unknown command "deploy"; commands: rollout, preview, destroy, shift, status, release'));
        assert.throws(() => parseCommand(["rollout", "--stacks", "acct1,"]), new UsageError('rollout: --stacks "acct1,": give a comma-separated list without empty items, e.g. --stacks acct1,acct2; see npm run rollout -- --help'));
    });

    it("has --help for every command", () => {
        for (const c of ["rollout", "preview", "destroy", "shift", "status", "release"]) {
            const cmd = parseCommand([c, "--help"]);
            assert.ok(cmd.command === "help" && cmd.text.startsWith(`Usage: npm run ${c} --`), c);
            assert.ok(cmd.command === "help" && cmd.text.includes("--json"), c);
        }
    });

    it("shift and release --help end with the same gate options, word for word", () => {
        const gate = `Gate options (defaults: the service's release: config, else the gate's; docs/releases.md):
  --interval SECONDS    evaluate every SECONDS (default 60, at least 60)
  --failure-threshold N consecutive failed evaluations that roll back (default 2)
  --max-error-rate PCT  highest 5XX rate of a watched cell in percent (default 1)
  --max-latency MS      highest p99 latency in ms (default 500)
  --min-requests N      fewer requests in a window is inconclusive (default 100)
  --bake SECONDS        how long the last step is watched (default 300)
  --propagation SECONDS wait after each deploy before measuring (default: VPC Lattice 90, App Mesh 60)
  --allow-short-waits   allow interval and propagation below their floors (drills, tests)`;
        for (const c of ["shift", "release"]) {
            const cmd = parseCommand([c, "--help"]);
            assert.ok(cmd.command === "help" && cmd.text.endsWith(`  --help                show this help\n\n${gate}`), c);
        }
    });
});
