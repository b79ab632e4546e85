// `npm run plan -- --diff` under mistakes and at its edges (plan/diff.ts, plan/baseline.ts): a file
// that is not a plan of this project is one line; stacks only in the saved plan are removed;
// weighted targets are named by cell with every weight shown; values are cut only around the change;
// each --dir keeps its own output folder.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { showPair } from "../../plan/diff";
import { CliResult, runPlanCli } from "../../plan/cli";
import { consumerYaml, OWNER_YAML, Sandbox } from "../automation/helpers";
import { ROOT } from "../helpers/fixtures";

const tmpdir = () => fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-diff-test-"));

async function plan(args: string[]): Promise<CliResult> {
    const r = await runPlanCli(args);
    if ("help" in r) throw new Error("unexpected help");
    return r;
}

/** The diff's lines, without the notice and the "Wrote" line. */
const diffLines = (r: CliResult) => r.stdout.split("\n").slice(r.stdout.startsWith("Notice:") ? 2 : 0).join("\n").split("\nWrote ")[0];

describe("plan --diff under mistakes", function () {
    this.timeout(60000);

    it("a file that is not a plan (a stack file): one line, exit 2, no stack trace", async () => {
        await assert.rejects(runPlanCli(["--diff", path.join(ROOT, "Pulumi.acct1.yaml"), "--out", tmpdir()]), {
            name: "UsageError",
            message: `plan: --diff ${path.join(ROOT, "Pulumi.acct1.yaml")} is not a plan.json written by npm run plan (it is not JSON); see npm run plan -- --help`,
        });
        const notAPlan = path.join(tmpdir(), "x.json");
        fs.writeFileSync(notAPlan, "{\"a\": 1}");
        await assert.rejects(runPlanCli(["--diff", notAPlan, "--out", tmpdir()]), {
            message: `plan: --diff ${notAPlan} is not a plan.json written by npm run plan (no version 1 plan with a project and stacks); see npm run plan -- --help`,
        });
    });

    it("another folder's plan (same project, no stack in common): one line naming both sets of stacks", async () => {
        const other = tmpdir();
        await plan(["--dir", path.join(ROOT, "examples", "appmesh"), "--out", other, "--no-diagram", "--stack", "acct1-appmesh"]);
        await assert.rejects(runPlanCli(["--dir", ROOT, "--diff", path.join(other, "plan.json"), "--out", tmpdir()]), {
            message: `plan: --diff ${path.join(other, "plan.json")} plans the stacks acct1-appmesh, none of which is a stack of ${path.relative(process.cwd(), ROOT) || "."} (acct1, acct2): it is a plan of another folder; compare with a plan.json of this one; see npm run plan -- --help`,
        });
    });

    it("a stack only in the saved plan is listed as removed, with every resource of it", async () => {
        const three = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2"), acct3: consumerYaml("333333333333", "acct3") });
        try {
            const out = tmpdir();
            const saved = await plan(["--dir", three.projectDir, "--out", out, "--no-diagram"]);
            fs.rmSync(path.join(three.projectDir, "Pulumi.acct3.yaml"));
            const r = await plan(["--dir", three.projectDir, "--out", out, "--no-diagram", "--diff"]);
            const acct3 = saved.plan.stacks.find((s) => s.stack === "acct3")!.resources;
            const lines = diffLines(r).split("\n");
            assert.equal(lines[1], `  stack acct3: only in ${path.join(out, "plan.json")}, no longer a stack of this project; each of its resources is listed as removed`);
            assert.deepEqual(lines.filter((l) => l.startsWith("  - ")), acct3.map((x) => `  - acct3 ${x.type} ${x.name}`));
            assert.ok(lines.includes(`0 to change, 0 to add, ${acct3.length} to remove.`), lines.join("\n"));
            // With --stack, stacks left out are not shown, so not removed.
            const one = await plan(["--dir", three.projectDir, "--out", tmpdir(), "--no-diagram", "--stack", "acct1", "--diff", path.join(out, "plan.json")]);
            assert.ok(!one.stdout.includes("acct3"), one.stdout);
        } finally {
            three.dispose();
        }
    });
});

describe("plan --diff shows weights by cell", function () {
    this.timeout(60000);

    it("a new cell on VPC Lattice and on the ALB: each target by its cell, every weight shown", async () => {
        const out = tmpdir();
        await plan(["--dir", ROOT, "--out", out, "--no-diagram", "--stack", "acct1"]);
        const edited = path.join(tmpdir(), "Pulumi.acct1.yaml");
        fs.writeFileSync(edited, fs.readFileSync(path.join(ROOT, "Pulumi.acct1.yaml"), "utf8").replace("cells: { cell1: 50, cell2: 50 }", "cells: { cell1: 40, cell2: 40, cell3: 20 }"));
        const r = await plan(["--dir", ROOT, "--out", out, "--no-diagram", "--stack", "acct1", "--config", edited, "--diff"]);
        const lines = diffLines(r).split("\n");
        const listener = lines.indexOf("  ~ acct1 aws:vpclattice/listener:Listener servicea-listener  [defaultAction]");
        assert.deepEqual(lines.slice(listener + 1, listener + 5), [
            "      defaultAction.forwards[0].targetGroups[cell1].weight: 50 -> 40",
            "      defaultAction.forwards[0].targetGroups[cell2].weight: 50 -> 40",
            "      defaultAction.forwards[0].targetGroups[cell3].targetGroupIdentifier: (unset) -> \"(computed)\"",
            "      defaultAction.forwards[0].targetGroups[cell3].weight: (unset) -> 20",
        ]);
        const alb = lines.indexOf("  ~ acct1 aws:lb/listener:Listener servicea-ingress-listener  [defaultActions]");
        assert.deepEqual(lines.slice(alb + 1, alb + 5), [
            "      defaultActions[0].forward.targetGroups[cell1].weight: 50 -> 40",
            "      defaultActions[0].forward.targetGroups[cell2].weight: 50 -> 40",
            "      defaultActions[0].forward.targetGroups[cell3].arn: (unset) -> \"(computed)\"",
            "      defaultActions[0].forward.targetGroups[cell3].weight: (unset) -> 20",
        ]);
    });

    it("ALB target groups of cells of 16+ characters sharing a prefix (shortened, hashed names): each by its own cell", async () => {
        // servicea-ingress-<cell> is over the 24 characters an ALB target group's logical name may have,
        // and a cell of 16+ characters does not fit after the hash: the names hold no cell to read back.
        const longCells = (w: [number, number]) => fs.readFileSync(path.join(ROOT, "Pulumi.acct1.yaml"), "utf8")
            .replace("cells: { cell1: 50, cell2: 50 }", `cells: { canary-eu-west-1a: ${w[0]}, canary-eu-west-1b: ${w[1]} }`);
        const saved = path.join(tmpdir(), "Pulumi.acct1.yaml");
        fs.writeFileSync(saved, longCells([50, 50]));
        const out = tmpdir();
        const before = await plan(["--dir", ROOT, "--out", out, "--no-diagram", "--stack", "acct1", "--config", saved]);
        const servicea = before.plan.weights.find((w) => w.service.startsWith("servicea."))!;
        assert.deepEqual(servicea.alb?.targets.map((t) => t.cell), ["canary-eu-west-1a", "canary-eu-west-1b"]);
        const edited = path.join(tmpdir(), "Pulumi.acct1.yaml");
        fs.writeFileSync(edited, longCells([40, 60]));
        const lines = diffLines(await plan(["--dir", ROOT, "--out", out, "--no-diagram", "--stack", "acct1", "--config", edited, "--diff"])).split("\n");
        const alb = lines.indexOf("  ~ acct1 aws:lb/listener:Listener servicea-ingress-listener  [defaultActions]");
        assert.deepEqual(lines.slice(alb + 1, alb + 3), [
            "      defaultActions[0].forward.targetGroups[canary-eu-west-1a].weight: 50 -> 40",
            "      defaultActions[0].forward.targetGroups[canary-eu-west-1b].weight: 50 -> 60",
        ]);
    });

    it("a long value is cut only around what changed, never hiding the change", () => {
        const before = `${"x".repeat(100)}"weight":50${"y".repeat(100)}`;
        const after = `${"x".repeat(100)}"weight":70${"y".repeat(100)}`;
        // 16 characters of context on each side of the one that differs (5 -> 7).
        assert.deepEqual(showPair(before, after), [`…xxxxx\\"weight\\":50${"y".repeat(15)}…`, `…xxxxx\\"weight\\":70${"y".repeat(15)}…`]);
        assert.deepEqual(showPair("short", "other"), ['"short"', '"other"']);
        assert.deepEqual(showPair(undefined, "x".repeat(100)), ["(unset)", JSON.stringify("x".repeat(100))]);
    });
});

describe("plan --out", function () {
    this.timeout(60000);

    it("defaults to plan-out in the --dir folder, so each sample keeps its own plan", async () => {
        const sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        try {
            const r = await plan(["--dir", sb.projectDir, "--no-diagram"]);
            assert.deepEqual(r.files, [path.join(sb.projectDir, "plan-out", "plan.json")]);
            assert.ok(fs.existsSync(path.join(sb.projectDir, "plan-out", "plan.json")));
        } finally {
            sb.dispose();
        }
    });
});
