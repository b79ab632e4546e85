import * as assert from "assert";
import { parseCommand } from "../../automation/args";
import { UsageError } from "../../automation/errors";
import { parseRolloutFlags, parseWaveFlags } from "../../automation/waveArgs";

const usage = (message: string) => new UsageError(message);

describe("wave flags: --max-concurrency, --failure-tolerance, --runner, --resume, --emit", () => {
    it("parses the values and the defaults", () => {
        assert.deepStrictEqual(parseWaveFlags({}), { failureTolerance: 0, runner: "local" });
        assert.deepStrictEqual(parseWaveFlags({ "max-concurrency": "20", "failure-tolerance": "2", runner: "pulumi-deployments" }), { maxConcurrency: 20, failureTolerance: 2, runner: "pulumi-deployments" });
        assert.deepStrictEqual(parseRolloutFlags({ resume: true }), { failureTolerance: 0, runner: "local", resume: true });
        assert.deepStrictEqual(parseRolloutFlags({ emit: "github-actions", out: "ci" }), { failureTolerance: 0, runner: "local", resume: false, emit: "github-actions", out: "ci" });
        const cmd = parseCommand(["rollout", "--max-concurrency", "20", "--failure-tolerance=0", "--resume"]);
        assert.ok(cmd.command === "rollout" && cmd.maxConcurrency === 20 && cmd.failureTolerance === 0 && cmd.resume);
        const destroy = parseCommand(["destroy", "--yes", "--max-concurrency", "3"]);
        assert.ok(destroy.command === "destroy" && destroy.maxConcurrency === 3);
    });

    it("refuses values that are not whole numbers in range, naming the flag and the value (usage.ts's shape)", () => {
        const shaped = (command: string, problem: string) => usage(`${command}: ${problem}; see npm run ${command} -- --help`);
        const cases: [string[], string][] = [
            [["--max-concurrency", "0"], '--max-concurrency "0": a whole number of stacks from 1 up, e.g. --max-concurrency 10'],
            [["--max-concurrency", "2.5"], '--max-concurrency "2.5": a whole number of stacks from 1 up, e.g. --max-concurrency 10'],
            [["--max-concurrency", "ten"], '--max-concurrency "ten": a whole number of stacks from 1 up, e.g. --max-concurrency 10'],
            [["--max-concurrency", ""], "--max-concurrency needs a value"],
            [["--failure-tolerance", "-1"], '--failure-tolerance "-1": a whole number of failed stacks from 0 up, e.g. --failure-tolerance 2'],
            [["--failure-tolerance=-1"], '--failure-tolerance "-1": a whole number of failed stacks from 0 up, e.g. --failure-tolerance 2'],
            [["--failure-tolerance", "1e3"], '--failure-tolerance "1e3": a whole number of failed stacks from 0 up, e.g. --failure-tolerance 2'],
            [["--runner", "ssh"], '--runner "ssh": one of local, pulumi-deployments, e.g. --runner pulumi-deployments'],
            [["--emit", "gitlab"], '--emit "gitlab": one of github-actions, e.g. --emit github-actions'],
            [["--out", "ci"], "--out names the folder --emit writes to; use it with --emit github-actions"],
            [["--emit", "github-actions", "--out", " "], "--out needs a value"],
            [["--emit", "github-actions", "--runner", "local"], "--emit writes workflows for GitHub Actions to run and runs nothing here; it does not take --runner"],
            [["--emit", "github-actions", "--resume"], "--emit writes the whole plan and runs nothing here; it does not take --resume (on GitHub, re-run the failed jobs instead)"],
        ];
        for (const [args, problem] of cases) assert.throws(() => parseCommand(["rollout", ...args]), shaped("rollout", problem), args.join(" "));
        // preview and destroy check the same flags the same way
        assert.throws(() => parseCommand(["preview", "--max-concurrency", "0"]), shaped("preview", '--max-concurrency "0": a whole number of stacks from 1 up, e.g. --max-concurrency 10'));
        assert.throws(() => parseCommand(["destroy", "--yes", "--failure-tolerance", "x"]), shaped("destroy", '--failure-tolerance "x": a whole number of failed stacks from 0 up, e.g. --failure-tolerance 2'));
    });

    it("only rollout, preview and destroy take them; only rollout takes --resume and --emit", () => {
        assert.throws(() => parseCommand(["status", "--max-concurrency", "2"]), usage("status: unknown option --max-concurrency (only rollout, preview and destroy take it); see npm run status -- --help"));
        assert.throws(() => parseCommand(["shift", "--stack", "a", "--service", "s", "--weights", "c=1", "--failure-tolerance", "1"]),
            usage("shift: unknown option --failure-tolerance (only rollout, preview and destroy take it); see npm run shift -- --help"));
        assert.throws(() => parseCommand(["preview", "--resume"]), usage("preview: unknown option --resume (only rollout takes it); see npm run preview -- --help"));
        assert.throws(() => parseCommand(["destroy", "--yes", "--emit", "github-actions"]), usage("destroy: unknown option --emit (only rollout takes it); see npm run destroy -- --help"));
    });

    it("--help of rollout, preview and destroy lists them", () => {
        for (const c of ["rollout", "preview", "destroy"]) {
            const cmd = parseCommand([c, "--help"]);
            assert.ok(cmd.command === "help" && cmd.text.includes("--max-concurrency N") && cmd.text.includes("--failure-tolerance K") && cmd.text.includes("--runner RUNNER"), c);
            assert.strictEqual(cmd.command === "help" && cmd.text.includes("--emit github-actions"), c === "rollout", c);
        }
    });
});
