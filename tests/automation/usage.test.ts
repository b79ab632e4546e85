// The command line is read the same way by every command (automation/usage.ts): the driver's five,
// plan and bench. --help anywhere prints the help; an unknown option, a stray argument, a value given
// to a flag that takes none, a missing value or a flag given twice is a usage error (exit 2) of one
// shape: `<command>: <what is wrong>; see npm run <command> -- --help`.

import * as assert from "node:assert/strict";
import { parseCommand } from "../../automation/args";
import { UsageError } from "../../automation/errors";
import { parseBenchArgs } from "../../bench/bench";
import { parseArgs as parsePlanArgs } from "../../plan/cli";

/** Each command's parser, from the arguments after `npm run <command> --`; true when it asked for help. */
const PARSERS: Record<string, (argv: string[]) => boolean> = {
    rollout: (a) => parseCommand(["rollout", ...a]).command === "help",
    preview: (a) => parseCommand(["preview", ...a]).command === "help",
    destroy: (a) => parseCommand(["destroy", ...a]).command === "help",
    shift: (a) => parseCommand(["shift", ...a]).command === "help",
    status: (a) => parseCommand(["status", ...a]).command === "help",
    plan: (a) => parsePlanArgs(a).help,
    bench: (a) => parseBenchArgs(a).mode === "help",
};

function refusal(command: string, argv: string[]): string {
    try {
        PARSERS[command](argv);
    } catch (err) {
        assert.ok(err instanceof UsageError && err.exitCode === 2, `${command} ${argv.join(" ")}: ${String(err)}`);
        return err.message;
    }
    return "accepted";
}

describe("every command reads its command line the same way", () => {
    for (const command of Object.keys(PARSERS)) {
        it(`${command}: --help and -h anywhere, unknown options, stray arguments, the same words`, () => {
            assert.equal(PARSERS[command](["--help"]), true);
            assert.equal(PARSERS[command](["--bogus", "-h"]), true);
            const see = `; see npm run ${command} -- --help`;
            assert.equal(refusal(command, ["--bogus"]), `${command}: unknown option --bogus${see}`);
            assert.equal(refusal(command, ["-q"]), `${command}: unknown option -q${see}`);
            assert.equal(refusal(command, ["extra"]), command === "bench"
                ? `bench: unexpected argument "extra": a size is a whole number of services from 1, e.g. npm run bench -- 5 10${see}`
                : `${command}: unexpected argument "extra": this command takes no arguments, only options${see}`);
        });
    }

    it("a flag that takes no value, a missing value, a flag given twice", () => {
        assert.equal(refusal("rollout", ["--json=false"]), 'rollout: --json takes no value (given "false"); see npm run rollout -- --help');
        assert.equal(refusal("plan", ["--summary=yes"]), 'plan: --summary takes no value (given "yes"); see npm run plan -- --help');
        assert.equal(refusal("bench", ["--startup=1"]), 'bench: --startup takes no value (given "1"); see npm run bench -- --help');
        assert.equal(refusal("status", ["--stacks"]), "status: --stacks needs a value; see npm run status -- --help");
        assert.equal(refusal("status", ["--stacks", "--json"]), "status: --stacks needs a value; see npm run status -- --help");
        assert.equal(refusal("plan", ["--out"]), "plan: --out needs a value; see npm run plan -- --help");
        assert.equal(refusal("bench", ["--startup", "--runs"]), "bench: --runs needs a value; see npm run bench -- --help");
        assert.equal(refusal("rollout", ["--stacks", "acct1", "--stacks", "acct2"]), "rollout: --stacks is given twice; give it once; see npm run rollout -- --help");
        assert.equal(refusal("plan", ["--stack", "a", "--stack", "b"]), "plan: --stack is given twice; give it once; see npm run plan -- --help");
        assert.deepEqual(parsePlanArgs(["--config", "a/Pulumi.x.yaml", "--config", "b/Pulumi.y.yaml"]).configFiles, ["a/Pulumi.x.yaml", "b/Pulumi.y.yaml"]);
    });

    it("a wrong flag name names the flag typed and the one meant", () => {
        assert.equal(refusal("rollout", ["--stack", "acct1"]), "rollout: unknown option --stack (did you mean --stacks?); see npm run rollout -- --help");
        assert.equal(refusal("shift", ["--stacks", "acct1"]), "shift: unknown option --stacks (did you mean --stack?); see npm run shift -- --help");
        assert.equal(refusal("plan", ["--stacks", "acct1"]), "plan: unknown option --stacks (did you mean --stack?); see npm run plan -- --help");
        assert.equal(refusal("rollout", ["--skip-prefligt"]), "rollout: unknown option --skip-prefligt (did you mean --skip-preflight?); see npm run rollout -- --help");
        assert.equal(refusal("rollout", ["--yes"]), "rollout: unknown option --yes (only destroy takes it); see npm run rollout -- --help");
        assert.equal(refusal("status", ["--skip-preflight"]), "status: unknown option --skip-preflight (only rollout, preview, destroy, shift and release take it); see npm run status -- --help");
        assert.equal(refusal("plan", ["--skip-preflight"]), "plan: unknown option --skip-preflight (the plan makes no AWS calls, so it has no preflight to skip); see npm run plan -- --help");
        assert.equal(refusal("shift", ["--stack", "acct1"]), "shift: --service and --weights are required, e.g. npm run shift -- --stack acct1 --service serviceb --weights cell1=0,cell2=100; see npm run shift -- --help");
    });

    it("malformed values keep the command's shape too", () => {
        assert.equal(refusal("shift", ["--stack", "a", "--service", "b", "--weights", "cell1"]),
            'shift: --weights "cell1": each item must be <cell>=<integer weight>, e.g. --weights cell1=0,cell2=100; see npm run shift -- --help');
        assert.equal(refusal("shift", ["--stack", "a", "--service", "b", "--weights", "cell1=5", "--steps", "50,100", "--pause=-5"]),
            'shift: --pause "-5": a whole number of seconds, e.g. --pause 60; see npm run shift -- --help');
        assert.equal(refusal("bench", ["--startup", "--runs", "0"]), 'bench: --runs "0": a whole number of repetitions from 1, e.g. --runs 3; see npm run bench -- --help');
        assert.equal(refusal("bench", ["--runs", "3"]), "bench: --runs applies to --startup only; see npm run bench -- --help");
        // Weights out of range parse: the engine's range is checked against the stack's config (offlineChecks.ts).
        assert.equal(refusal("shift", ["--stack", "a", "--service", "b", "--weights", "cell1=-1,cell2=1000"]), "accepted");
    });
});
