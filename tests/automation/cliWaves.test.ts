// The wave flags through `main`, against the fake Pulumi CLI: validated before anything runs, the
// pace line, the exit code and the headline of a run with failures.

import * as assert from "assert";
import { defaultMaxConcurrency, thisMachine } from "../../automation/capacity";
import { CliDeps, main } from "../../automation/cli";
import { organization, Sandbox } from "./helpers";

describe("rollout in waves through main (fake Pulumi CLI)", function () {
    this.timeout(30000);
    let sb: Sandbox;
    let out: string[];
    let err: string[];
    afterEach(() => sb.dispose());

    function deps(extra: Partial<CliDeps> = {}): CliDeps {
        out = [];
        err = [];
        return {
            cwd: sb.projectDir, env: { ...process.env }, signal: new AbortController().signal,
            out: (t) => out.push(t), err: (t) => err.push(t),
            resolveCli: () => sb.cli(), program: async () => ({}), runPreflight: async () => [],
            ...extra,
        };
    }

    it("a bad --max-concurrency exits 2 with the flag and the value, before the preflight or the CLI", async () => {
        sb = new Sandbox(organization(2));
        let preflight = false;
        assert.strictEqual(await main(["rollout", "--max-concurrency", "0"], deps({ runPreflight: async () => { preflight = true; return []; } })), 2);
        assert.deepStrictEqual(err, ['rollout: --max-concurrency "0": a whole number of stacks from 1 up, e.g. --max-concurrency 10; see npm run rollout -- --help']);
        assert.strictEqual(preflight, false);
        assert.deepStrictEqual(sb.calls(), []);
    });

    it("says the pace; without --max-concurrency it is this machine's default", async () => {
        sb = new Sandbox(organization(2));
        assert.strictEqual(await main(["rollout"], deps()), 0, err.join("\n"));
        assert.ok(out.includes(`rollout: at most ${defaultMaxConcurrency(thisMachine())} stack(s) at once (this machine's default), failure tolerance 0`), out.join("\n"));
        assert.strictEqual(await main(["preview", "--max-concurrency", "1"], deps()), 0, err.join("\n"));
        assert.ok(out.includes("preview: at most 1 stack(s) at once, failure tolerance 0"), out.join("\n"));
    });

    it("failures within --failure-tolerance: every stack runs, exit 1, the headline says so", async () => {
        sb = new Sandbox(organization(3));
        sb.scenario({ stacks: { c001: { up: { failTimes: 1 } } } });
        assert.strictEqual(await main(["rollout", "--max-concurrency", "1", "--failure-tolerance", "1"], deps()), 1);
        assert.deepStrictEqual(sb.operations(), ["up acct1", "up c001", "up c002", "up c003"]);
        assert.strictEqual(err.join("\n"), [
            "rollout finished, but stack c001 failed (within --failure-tolerance 1: every other stack ran; 3 succeeded, 1 failed, 0 skipped, 0 cancelled).",
            "stack c001: error: creating App Mesh VirtualNode: AccessDeniedException: not authorized",
            "Fix the error and run npm run rollout again: stacks that are already up to date show no changes.",
        ].join("\n"));
    });

    it("more failures than --failure-tolerance: no new stack starts, exit 1, the headline counts the stacks not started", async () => {
        sb = new Sandbox(organization(4));
        sb.scenario({ stacks: { c001: { up: { failTimes: 1 } }, c002: { up: { failTimes: 1 } } } });
        assert.strictEqual(await main(["rollout", "--max-concurrency", "1", "--failure-tolerance", "1", "--json"], deps()), 1);
        assert.deepStrictEqual(sb.operations(), ["up acct1", "up c001", "up c002"]);
        const doc = JSON.parse(out[0]);
        assert.strictEqual(doc.error.split("\n")[0], "rollout stopped: stack c001, stack c002 failed, more than --failure-tolerance 1 (1 succeeded, 2 failed, 2 skipped, 0 cancelled). 2 stack(s) not started.");
        assert.deepStrictEqual(doc.run, {
            maxConcurrency: 1, failureTolerance: 1, maxRunning: 1, notStarted: 2,
            stopped: "not started because 2 stacks failed (c001, c002), more than --failure-tolerance 1",
        });
    });
});
