// Stacks that run in parallel each get a work dir of their own (pulumi/pulumi#8186), which still
// reads and writes the project's stack file and runs the project's program.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { programDir } from "../../automation/discovery";
import { runOperation } from "../../automation/orchestrate";
import { prepareStackWorkDir, stackWorkDir } from "../../automation/stackWorkspace";
import { organization, Sandbox, stackOf } from "./helpers";

describe("a work dir per stack (fake Pulumi CLI)", function () {
    this.timeout(20000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox(organization(2));
    });
    afterEach(() => sb.dispose());

    it("two consumers running at once select, create and update their stacks in different work dirs, writing the project's stack files", async () => {
        sb.scenario({ all: { up: { delayMs: 250 } } });
        const results = await runOperation(sb.project(), "up", await sb.deps(), { maxConcurrency: 2 });
        assert.deepStrictEqual(results.map((r) => `${r.stack}:${r.result}`), ["acct1:succeeded", "c001:succeeded", "c002:succeeded"]);

        const cwdOf = (stack: string) => new Set(sb.calls()
            .filter((c) => stackOf(c) === stack || (c.argv[0] === "stack" && c.argv[1] === "init" && c.argv[2] === stack))
            .map((c) => c.cwd));
        for (const stack of ["acct1", "c001", "c002"]) {
            assert.deepStrictEqual([...cwdOf(stack)], [path.join(sb.projectDir, ".pulumi-workspaces", stack)], stack);
        }
        const ups = sb.intervals("up");
        const [a, b] = [ups.get("c001")!, ups.get("c002")!];
        assert.ok(a.start < b.end && b.start < a.end, "the two consumers ran at the same time");

        // What the CLI writes into the work dir's stack file (the passphrase salt) lands in the project's file.
        for (const stack of ["acct1", "c001", "c002"]) {
            const link = path.join(stackWorkDir(sb.projectDir, stack), `Pulumi.${stack}.yaml`);
            assert.ok(fs.lstatSync(link).isSymbolicLink(), `${link} is a link`);
            assert.strictEqual(fs.realpathSync(link), fs.realpathSync(path.join(sb.projectDir, `Pulumi.${stack}.yaml`)));
            // The fake writes the salt as the CLI does, in place (fixtures/fake-pulumi.sh).
            assert.ok(sb.readStackFile(stack).startsWith("encryptionsalt: v1:ZmFrZXNhbHQ=:v1:ZmFrZW5vbmNl:ZmFrZWNpcGhlcg==\nconfig:\n"), sb.readStackFile(stack));
        }
    });

    it("the work dir's Pulumi.yaml is the project's with main pointing at the same program", () => {
        fs.writeFileSync(path.join(sb.projectDir, "Pulumi.yaml"), "name: cellmesh\nruntime: nodejs\nmain: stacks/\ndescription: kept\n");
        const dir = prepareStackWorkDir(sb.projectDir, sb.project().consumers[0]);
        assert.strictEqual(dir, path.join(sb.projectDir, ".pulumi-workspaces", "c001"));
        const project = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
        assert.deepStrictEqual({ ...project, main: undefined }, { name: "cellmesh", runtime: "nodejs", description: "kept", main: undefined });
        assert.strictEqual(path.resolve(dir, project.main), programDir(sb.projectDir));
        // Prepared again (every run): the same files, the link kept.
        const before = fs.statSync(path.join(dir, "Pulumi.yaml")).mtimeMs;
        prepareStackWorkDir(sb.projectDir, sb.project().consumers[0]);
        assert.strictEqual(fs.statSync(path.join(dir, "Pulumi.yaml")).mtimeMs, before);
    });
});
