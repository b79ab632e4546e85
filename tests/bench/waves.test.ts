import * as assert from "assert";
import { UsageError } from "../../automation/errors";
import { failingStacks, parseWavesBenchArgs, simulate } from "../../bench/waves";

describe("bench:waves (the simulated organization)", function () {
    this.timeout(30000);

    it("arguments: defaults, values, errors (usage.ts's shape)", () => {
        const usage = (problem: string) => new UsageError(`bench:waves: ${problem}; see npm run bench:waves -- --help`);
        assert.deepStrictEqual(parseWavesBenchArgs([]), { stacks: 200, maxConcurrency: 20, stackMs: 3000, failures: 3, failureTolerance: 2, json: false });
        assert.deepStrictEqual(parseWavesBenchArgs(["--stacks", "50", "--max-concurrency=5", "--stack-ms", "0", "--failures", "0", "--failure-tolerance", "0", "--json", "--scenario", "clean"]),
            { stacks: 50, maxConcurrency: 5, stackMs: 0, failures: 0, failureTolerance: 0, json: true, scenario: "clean" });
        assert.strictEqual(parseWavesBenchArgs(["-h"]), "help");
        assert.throws(() => parseWavesBenchArgs(["--max-concurrency", "0"]), usage('--max-concurrency "0": a whole number from 1 up'));
        assert.throws(() => parseWavesBenchArgs(["--stacks"]), usage("--stacks needs a value"));
        assert.throws(() => parseWavesBenchArgs(["--size", "3"]), usage("unknown option --size"));
        assert.throws(() => parseWavesBenchArgs(["--stacks", "2", "--failures", "3"]), usage("--failures 3: at most --stacks (2)"));
        assert.throws(() => parseWavesBenchArgs(["--scenario", "both"]), usage('--scenario "both": clean or failures'));
    });

    it("failures are spread over the fleet", () => {
        assert.deepStrictEqual(failingStacks(200, 3), ["c050", "c100", "c150"]);
        assert.deepStrictEqual(failingStacks(10, 1), ["c005"]);
    });

    it("a small run: the driver against the fake CLI, never more than --max-concurrency, the tolerance applied", async () => {
        const o = { stacks: 6, maxConcurrency: 2, stackMs: 100, failures: 2, failureTolerance: 1, json: false };
        const r = await simulate(o, ["c001", "c002"], "2 fail, K=1", 1);
        assert.deepStrictEqual([r.stacks, r.failed, r.exitCode, r.maxRunningDriver], [7, 2, 1, 2]);
        assert.ok(r.maxRunningCli <= 2, `the fake saw ${r.maxRunningCli} at once`);
        // c001 and c002 run together; the first to fail is within the tolerance, so c003 starts in its
        // slot; the second is one too many: c003 finishes, c004..c006 are not started.
        assert.deepStrictEqual([r.succeeded, r.notStarted], [2, 3]);
        assert.strictEqual(r.criticalPathSeconds, 0.4);
        assert.ok(r.wallSeconds >= 0.2 && r.peakRssMb > 0 && r.driverCpuSeconds > 0, JSON.stringify(r));
    });
});
