// Honest summaries (automation/summary.ts): a failed stack shows what it changed before failing (from
// the engine's events), the counts keep succeeded, failed, skipped and cancelled apart, and a file of
// the user's that the Pulumi CLI wrote (encryptionsalt, when a stack is created, preview too) is named.

import * as assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { CliDeps, main } from "../../automation/cli";
import { Finding } from "../../automation/preflight";
import { ChangeTally, countResults, countsLine } from "../../automation/summary";
import { consumerYaml, OWNER_YAML, Sandbox } from "./helpers";

describe("honest summaries", function () {
    this.timeout(20000);
    let sb: Sandbox;
    let out: string[];
    let err: string[];
    beforeEach(() => {
        sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        out = [];
        err = [];
    });
    afterEach(() => sb.dispose());

    function deps(): CliDeps {
        let clock = 0;
        return {
            cwd: sb.projectDir, env: { ...process.env }, signal: new AbortController().signal,
            out: (t) => out.push(t), err: (t) => err.push(t),
            resolveCli: () => sb.cli(), program: async () => ({}),
            runPreflight: async (): Promise<Finding[]> => [],
            now: () => (clock += 2000),
        };
    }

    it("a stack that fails after creating resources shows them, and the counts say 1 succeeded, 1 failed", async () => {
        sb.scenario({ stacks: { acct2: { up: { failTimes: 1, createdBefore: 2 } } } });
        assert.equal(await main(["rollout", "--json"], deps()), 1);
        const doc = JSON.parse(out[0]);
        assert.deepEqual(doc.stacks.map((s: { stack: string; result: string; changes: object }) => [s.stack, s.result, s.changes]), [
            ["acct1", "succeeded", { create: 2 }],
            ["acct2", "failed", { create: 2, failed: 1 }],
        ]);
        assert.deepEqual(doc.counts, { succeeded: 1, failed: 1, skipped: 0, cancelled: 0 });
        assert.ok(err.join("\n").includes("acct2  consumer  222222222222  up         failed     2 created, 1 failed  2.0s"), err.join("\n"));
        assert.match(doc.error, /^rollout stopped: stack acct2 failed \(1 succeeded, 1 failed, 0 skipped, 0 cancelled\)\./);
    });

    it("preview of a fresh project: says what the CLI wrote into the stack file and why, and counts the skipped consumer as skipped", async () => {
        const fresh = sb.readStackFile("acct1");
        assert.equal(await main(["preview"], deps()), 0, err.join("\n"));
        assert.ok(out.includes("[acct1] wrote Pulumi.acct1.yaml: the Pulumi CLI created the stack on first use and wrote encryptionsalt there (the salt of its passphrase-encrypted secrets): keep that line and commit it"), out.join("\n"));
        assert.equal(sb.readStackFile("acct1"), `encryptionsalt: v1:ZmFrZXNhbHQ=:v1:ZmFrZW5vbmNl:ZmFrZWNpcGhlcg==\n${fresh}`);
        assert.equal(out[out.length - 1], "preview finished: 1 succeeded, 0 failed, 1 skipped, 0 cancelled; skipped: acct2 (the owner stack acct1 is not deployed yet and consumers read its outputs; run npm run rollout (with acct1 in --stacks) first)");
        // A second preview opens the same stack: nothing more is written, nothing is said.
        out = [];
        assert.equal(await main(["preview", "--json"], deps()), 0);
        const doc = JSON.parse(out[0]);
        assert.deepEqual(doc.filesWritten, []);
        assert.deepEqual(doc.counts, { succeeded: 1, failed: 0, skipped: 1, cancelled: 0 });
    });
});

describe("the change tally", () => {
    const done = (op: string, type = "aws:x/y:Z"): EngineEvent => ({ sequence: 0, timestamp: 0, resOutputsEvent: { metadata: { op, urn: "u", type, provider: "" } } } as unknown as EngineEvent);

    it("counts what the engine finished, a replacement once, not the stack itself, and failures", () => {
        const tally = new ChangeTally();
        for (const e of [done("create"), done("create"), done("same"), done("create-replacement"), done("replace"), done("delete-replaced"), done("same", "pulumi:pulumi:Stack")]) tally.add(e);
        tally.add({ sequence: 0, timestamp: 0, resOpFailedEvent: { metadata: { op: "update", urn: "u", type: "t", provider: "" }, status: 0, steps: 1 } } as unknown as EngineEvent);
        assert.deepEqual(tally.changes(), { create: 2, same: 1, replace: 1, failed: 1 });
    });

    it("counts results by kind", () => {
        const r = (result: "succeeded" | "failed" | "skipped" | "cancelled") => ({ stack: "s", role: "owner" as const, accountId: "1", operation: "up" as const, result, changes: {}, elapsedSeconds: 0 });
        assert.equal(countsLine(countResults([r("succeeded"), r("skipped"), r("skipped"), r("cancelled")])), "1 succeeded, 0 failed, 2 skipped, 1 cancelled");
    });
});
