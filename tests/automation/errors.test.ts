import * as assert from "assert";
import { explainStackError, isLockError } from "../../automation/errors";

/** A failed CLI call as the Automation API reports it (CommandError with its commandResult). */
function commandError(stderr: string, stdout = "") {
    return Object.assign(new Error(`code: 255\n stdout: ${stdout}\n stderr: ${stderr}`), { name: "CommandError", commandResult: { stdout, stderr, code: 255 } });
}

describe("driver error messages", () => {
    it("names the AWS profile the provider could not find", () => {
        const err = commandError("error: unable to validate AWS credentials.\nerror: failed to get shared config profile, acct2\n");
        assert.strictEqual(explainStackError("acct2", err),
            'stack acct2: the AWS profile "acct2" is missing or gives no credentials. Create it (aws configure --profile acct2, or aws configure sso --profile acct2) or change aws:profile in Pulumi.acct2.yaml.');
    });

    it("recognizes the Pulumi Cloud conflict as a lock", () => {
        const err = commandError("error: [409] Conflict: Another update is currently in progress.");
        assert.ok(isLockError(err));
        assert.match(explainStackError("acct1", err), /^stack acct1 is locked by another Pulumi operation:\n {2}\(the backend did not say who holds the lock\)\n/);
    });

    it("keeps the specific error lines and drops the generic 'update failed'", () => {
        const err = commandError("error: update failed", "Diagnostics:\n  aws:appmesh:Route (serviceb):\n    error: creating route: BadRequestException: weights total 120\n");
        assert.strictEqual(explainStackError("acct1", err), "stack acct1: error: creating route: BadRequestException: weights total 120");
        assert.strictEqual(explainStackError("acct1", new Error("boom")), "stack acct1: boom");
    });
});
