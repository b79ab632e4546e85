// --runner pulumi-deployments against a local stub of the documented endpoints (127.0.0.1 only):
// the waves, the concurrency and the tolerance of a local run, the exact requests, the status
// mapping, and the checks that stop it before anything starts.

import * as assert from "assert";
import { CliDeps, main } from "../../../automation/cli";
import { deploymentsRunDeps, deploymentsTarget, remoteCancelSummary } from "../../../automation/runners/pulumiDeployments";
import { TextReporter } from "../../../automation/progress";
import { DriverError } from "../../../automation/errors";
import { DeploymentsStub, StubStack } from "../fixtures/deploymentsStub";
import { organization, Sandbox } from "../helpers";

/** An organization whose consumers name the Pulumi Cloud organization acme. */
const acme = (n: number, wave?: (i: number) => number | undefined) =>
    Object.fromEntries(Object.entries(organization(n, wave)).map(([k, v]) => [k, v.replace("organization/cellmesh/acct1", "acme/cellmesh/acct1")]));

describe("--runner pulumi-deployments (stub of the Pulumi Cloud REST API on 127.0.0.1)", function () {
    this.timeout(30000);
    let sb: Sandbox;
    let stub: DeploymentsStub;
    let url: string;
    let out: string[];
    let err: string[];

    async function serve(stacks: Record<string, StubStack>, n = Object.keys(stacks).length - 1, wave?: (i: number) => number | undefined) {
        sb = new Sandbox(acme(n, wave));
        stub = new DeploymentsStub(stacks);
        url = await stub.start();
    }
    afterEach(async () => {
        await stub?.close();
        sb?.dispose();
    });
    const all = (n: number, extra: Record<string, StubStack> = {}) => ({
        acct1: {}, ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${String(i + 1).padStart(3, "0")}`, {}])), ...extra,
    });

    /** Every wait the runner asked for, in ms (each returns at once). */
    let slept: number[];
    function deps(env: Record<string, string | undefined> = { PULUMI_BACKEND_URL: url, PULUMI_ACCESS_TOKEN: "test-token" }, signal = new AbortController().signal, onSleep?: (ms: number) => void): CliDeps {
        out = [];
        err = [];
        slept = [];
        let clock = 0;
        return {
            cwd: sb.projectDir, env, signal, out: (t) => out.push(t), err: (t) => err.push(t),
            resolveCli: () => { throw new Error("the remote runner must not look for the Pulumi CLI"); },
            runPreflight: async () => { throw new Error("the remote runner must not run the local preflight"); },
            // Polls at once (the runner waits 5 s between polls on Pulumi's API).
            sleep: (ms) => {
                slept.push(ms);
                onSleep?.(ms);
                return new Promise((r) => setImmediate(r));
            },
            now: () => (clock += 1000),
        };
    }

    it("rollout: the owner's deployment first, then the consumers' wave by wave, at most --max-concurrency unfinished at once", async () => {
        await serve(all(5), 5, (i) => (i <= 3 ? 1 : 2));
        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments", "--max-concurrency", "2"], deps()), 0, err.join("\n"));
        assert.strictEqual(stub.maxActive, 2);
        const at = (e: string) => stub.events.indexOf(e);
        assert.strictEqual(stub.events[0], "create acct1");
        assert.strictEqual(stub.events[1], "succeeded acct1");
        for (const c of ["c004", "c005"]) for (const w1 of ["c001", "c002", "c003"]) assert.ok(at(`succeeded ${w1}`) < at(`create ${c}`), `${w1} before ${c}`);
        // The documented request, headers and body.
        const create = stub.requests.find((r) => r.method === "POST")!;
        assert.deepStrictEqual(create, {
            method: "POST", path: "/api/stacks/acme/cellmesh/acct1/deployments", authorization: "token test-token",
            accept: "application/vnd.pulumi+8", contentType: "application/json", body: { operation: "update", inheritSettings: true },
        });
        assert.ok(stub.requests.some((r) => r.method === "GET" && r.path === "/api/stacks/acme/cellmesh/acct1/deployments/dep-1-acct1"));
        assert.ok(out.includes("runner pulumi-deployments: each stack runs as a deployment of acme/cellmesh through " + url + ", with its own deployment settings (source, credentials); no local preflight"), out.join("\n"));
        assert.ok(out.includes("[acct1] up started (owner, account 111111111111, on Pulumi Deployments)"), out.join("\n"));
        assert.ok(out.includes("[acct1] deployment 1: https://app.pulumi.com/acme/cellmesh/acct1/deployments/1"), out.join("\n"));
        assert.strictEqual(out.filter((l) => l.startsWith("[c001] up succeeded")).length, 1);
        // Nothing local: no Pulumi CLI call, no passphrase needed.
        assert.deepStrictEqual(sb.calls(), []);
    });

    it("failed and skipped deployments are failed stacks; the tolerance stops new deployments, running ones finish", async () => {
        await serve(all(5, { c001: { statuses: ["running", "failed"] }, c002: { statuses: ["skipped"] } }));
        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments", "--max-concurrency", "2", "--failure-tolerance", "1", "--json"], deps()), 1);
        const doc = JSON.parse(out[0]);
        // c002 is skipped at its first poll (1 failure, within the tolerance), so c003 starts; c001 fails at
        // its second (2 > 1): nothing new starts, and c003, running, finishes.
        assert.deepStrictEqual(doc.stacks.map((s: { stack: string; result: string }) => `${s.stack}:${s.result}`), ["acct1:succeeded", "c001:failed", "c002:failed", "c003:succeeded", "c004:skipped", "c005:skipped"]);
        assert.strictEqual(doc.stacks[1].message, "stack c001: deployment 2 failed on Pulumi Deployments; its log: https://app.pulumi.com/acme/cellmesh/c001/deployments/2");
        assert.strictEqual(doc.stacks[2].message, "stack c002: deployment 3 was skipped by Pulumi Deployments (it did not start in time, or a newer deployment replaced it); its log: https://app.pulumi.com/acme/cellmesh/c002/deployments/3");
        assert.strictEqual(doc.stacks[4].message, "not started because 2 stacks failed (c002, c001), more than --failure-tolerance 1");
        assert.deepStrictEqual(stub.events.filter((e) => e.startsWith("create")), ["create acct1", "create c001", "create c002", "create c003"]);
        assert.ok(stub.events.indexOf("skipped c002") < stub.events.indexOf("create c003"), stub.events.join(", "));
        assert.ok(stub.events.includes("succeeded c003"), "c003 was polled to its end");
    });

    it("preview and destroy map to the API's operations; destroy goes consumers first, the owner last", async () => {
        await serve(all(2));
        assert.strictEqual(await main(["preview", "--runner", "pulumi-deployments"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual([...new Set(stub.requests.filter((r) => r.method === "POST").map((r) => (r.body as { operation: string }).operation))], ["preview"]);
        stub.events.length = 0;
        stub.requests.length = 0;
        assert.strictEqual(await main(["destroy", "--yes", "--runner", "pulumi-deployments", "--max-concurrency", "1"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual(stub.requests.filter((r) => r.method === "POST").map((r) => `${r.path.split("/")[5]} ${(r.body as { operation: string }).operation}`), ["c001 destroy", "c002 destroy", "acct1 destroy"]);
    });

    it("a 429 is retried after its Retry-After; a refused token fails the owner and stops the run", async () => {
        await serve(all(1, { acct1: { rateLimitOnce: true } }));
        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual(stub.requests.filter((r) => r.method === "POST").map((r) => r.path), ["/api/stacks/acme/cellmesh/acct1/deployments", "/api/stacks/acme/cellmesh/acct1/deployments", "/api/stacks/acme/cellmesh/c001/deployments"]);

        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments", "--json"], deps({ PULUMI_BACKEND_URL: url, PULUMI_ACCESS_TOKEN: "wrong" })), 1);
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.stacks.map((s: { result: string; message?: string }) => `${s.result}: ${s.message}`), [
            `failed: stack acct1: Pulumi Cloud refused PULUMI_ACCESS_TOKEN (401) for POST ${url}/api/stacks/acme/cellmesh/acct1/deployments; create a token at https://app.pulumi.com/account/tokens`,
            "skipped: not started because stack acct1 failed",
        ]);
    });

    it("Ctrl-C during a 429's back-off: no second create; the stack is cancelled with nothing started", async () => {
        await serve(all(1, { acct1: { rateLimitOnce: true, retryAfter: "30" } }));
        const controller = new AbortController();
        // The Ctrl-C lands during the 30 s wait the 429 asked for, which then ends early.
        const code = await main(["rollout", "--runner", "pulumi-deployments", "--json"], deps(undefined, controller.signal, (ms) => ms === 30000 && controller.abort()));
        assert.strictEqual(code, 130);
        assert.deepStrictEqual(slept, [30000]);
        assert.strictEqual(stub.requests.filter((r) => r.method === "POST").length, 1);
        assert.deepStrictEqual(stub.events, []);
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.stacks.map((s: { result: string; message?: string }) => `${s.result}: ${s.message}`), [
            "cancelled: stack acct1: cancelled by Ctrl-C before its deployment was created; nothing started on Pulumi Deployments",
            "skipped: cancelled by Ctrl-C before it started",
        ]);
        assert.strictEqual(doc.error, "rollout cancelled by Ctrl-C (0 succeeded, 0 failed, 1 skipped, 1 cancelled); no new deployment was started, and none is left running.");
    });

    it("a status GET answered 503 is retried after 1 s, then 2 s; the deployment's status decides", async () => {
        await serve(all(1, { c001: { unavailable: 2 } }));
        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments", "--json"], deps()), 0, err.join("\n"));
        assert.deepStrictEqual(JSON.parse(out[0]).stacks.map((s: { result: string }) => s.result), ["succeeded", "succeeded"]);
        assert.deepStrictEqual(slept.filter((ms) => ms !== 5000), [1000, 2000]);
        // Two 503s, then accepted, running, succeeded.
        assert.strictEqual(stub.requests.filter((r) => r.method === "GET" && r.path.endsWith("/c001/deployments/dep-2-c001")).length, 5);
    });

    it("a status that cannot be read 5 times: failed, saying the deployment may still be running, with its console URL", async () => {
        await serve(all(2, { c001: { unavailable: 99 } }));
        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments", "--json", "--failure-tolerance", "1"], deps()), 1);
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.stacks.map((s: { result: string }) => s.result), ["succeeded", "failed", "succeeded"]);
        assert.strictEqual(doc.stacks[1].message, "deployment 2 of stack c001 may still be running: https://app.pulumi.com/acme/cellmesh/c001/deployments/2 " +
            `(its status could not be read 5 times: Pulumi Deployments answered 503 to GET ${url}/api/stacks/acme/cellmesh/c001/deployments/dep-2-c001: {"code":503,"message":"Service Unavailable"})`);
        assert.strictEqual(stub.requests.filter((r) => r.method === "GET" && r.path.endsWith("/dep-2-c001")).length, 5);
        assert.deepStrictEqual(slept.filter((ms) => ms !== 5000), [1000, 2000, 4000, 8000]);
        assert.ok(doc.error.startsWith("rollout finished, but stack c001 failed (within --failure-tolerance 1"), doc.error);
    });

    it("after Ctrl-C, a deployment whose status could not be read is listed as maybe still running", async () => {
        sb = new Sandbox(acme(1));
        const project = sb.project();
        const target = { apiUrl: "https://api.example.test", token: "t", organization: "acme", project: "cellmesh" };
        const down: typeof fetch = async (_u, init) => init!.method === "POST"
            ? new Response(JSON.stringify({ id: "d7", consoleUrl: "https://app.pulumi.com/acme/cellmesh/acct1/deployments/7", version: 7 }), { status: 202 })
            : new Response("bad gateway", { status: 502 });
        const runner = deploymentsRunDeps(target, { reporter: new TextReporter(() => {}), signal: new AbortController().signal, sleep: async () => {}, now: () => 0, fetch: down });
        const r = await runner.runStack!(project.owner!, "up");
        assert.deepStrictEqual([r.result, r.message], ["failed", "deployment 7 of stack acct1 may still be running: https://app.pulumi.com/acme/cellmesh/acct1/deployments/7 " +
            "(its status could not be read 5 times: Pulumi Deployments answered 502 to GET https://api.example.test/api/stacks/acme/cellmesh/acct1/deployments/d7: bad gateway)"]);
        assert.deepStrictEqual(runner.leftRunning(), [{ stack: "acct1", consoleUrl: "https://app.pulumi.com/acme/cellmesh/acct1/deployments/7", statusUnread: true }]);
        assert.strictEqual(remoteCancelSummary("rollout", "0 succeeded, 1 failed, 1 skipped, 2 cancelled", [
            { stack: "c001", consoleUrl: "https://app.pulumi.com/acme/cellmesh/c001/deployments/8" }, ...runner.leftRunning(), { stack: "c002" },
        ]), "rollout cancelled by Ctrl-C (0 succeeded, 1 failed, 1 skipped, 2 cancelled); no new deployment was started. " +
            "These deployments go on in Pulumi Deployments (cancel them there if need be): c001 https://app.pulumi.com/acme/cellmesh/c001/deployments/8. " +
            "These deployments may still be running (their status could not be read): acct1 https://app.pulumi.com/acme/cellmesh/acct1/deployments/7. " +
            "Ctrl-C came while the deployment of c002 was being created: it may have started; look at the stack's deployments in Pulumi Cloud.");
    });

    it("a network error on a status GET is retried; Ctrl-C while a create is sent aborts it and says it may have started", async () => {
        sb = new Sandbox(acme(1));
        const project = sb.project();
        const lines: string[] = [];
        const target = { apiUrl: "https://api.example.test", token: "t", organization: "acme", project: "cellmesh" };
        const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
        const calls: string[] = [];
        let gets = 0;
        const flaky: typeof fetch = async (_u, init) => {
            calls.push(init!.method!);
            if (init!.method === "POST") return json(202, { id: "d1", consoleUrl: "https://app.pulumi.com/acme/cellmesh/acct1/deployments/1", version: 1 });
            if (gets++ === 0) throw new TypeError("fetch failed");
            return json(200, { id: "d1", status: "succeeded" });
        };
        const remote = { reporter: new TextReporter((t) => lines.push(t)), signal: new AbortController().signal, sleep: async () => {}, now: () => 0 };
        const ok = await deploymentsRunDeps(target, { ...remote, fetch: flaky }).runStack!(project.owner!, "up");
        assert.strictEqual(ok.result, "succeeded", ok.message);
        assert.deepStrictEqual(calls, ["POST", "GET", "GET"]);

        const controller = new AbortController();
        let postSignal: AbortSignal | undefined;
        const hanging: typeof fetch = (_u, init) => new Promise((_, reject) => {
            postSignal = init!.signal ?? undefined;
            postSignal?.addEventListener("abort", () => reject(new DOMException("This operation was aborted", "AbortError")));
        });
        const runner = deploymentsRunDeps(target, { ...remote, signal: controller.signal, fetch: hanging });
        const pending = runner.runStack!(project.owner!, "up");
        await new Promise((r) => setImmediate(r));
        controller.abort();
        const r = await pending;
        assert.strictEqual(postSignal, controller.signal);
        assert.deepStrictEqual([r.result, r.message], ["cancelled", "stack acct1: Ctrl-C came while its deployment was being created; it may have started: look at the stack's deployments in Pulumi Cloud"]);
        assert.deepStrictEqual(runner.leftRunning(), [{ stack: "acct1" }]);
    });

    it("a stack Pulumi Cloud does not know fails with the API's answer", async () => {
        await serve({ acct1: {} }, 1);
        assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments", "--json"], deps()), 1);
        assert.strictEqual(JSON.parse(out[0]).stacks[1].message, `stack c001: Pulumi Deployments answered 404 to POST ${url}/api/stacks/acme/cellmesh/c001/deployments: {"code":404,"message":"Not Found: stack c001 not found"}`);
    });

    it("Ctrl-C: the driver stops waiting, says the deployment goes on, and starts no other", async () => {
        await serve(all(2, { acct1: { statuses: ["running"] } }));
        const controller = new AbortController();
        const run = main(["rollout", "--runner", "pulumi-deployments", "--json"], deps(undefined, controller.signal));
        while (!stub.requests.some((r) => r.method === "GET")) await new Promise((r) => setTimeout(r, 5));
        controller.abort();
        assert.strictEqual(await run, 130);
        const doc = JSON.parse(out[0]);
        assert.deepStrictEqual(doc.stacks.map((s: { result: string; message?: string }) => `${s.result}: ${s.message}`), [
            "cancelled: stack acct1: the driver stopped waiting after Ctrl-C; deployment 1 goes on in Pulumi Deployments (cancel it there if need be): https://app.pulumi.com/acme/cellmesh/acct1/deployments/1",
            "skipped: cancelled by Ctrl-C before it started", "skipped: cancelled by Ctrl-C before it started",
        ]);
        assert.deepStrictEqual(stub.events, ["create acct1"]);
        // The summary names the deployment still running, and gives no `pulumi cancel` advice.
        assert.strictEqual(doc.error, "rollout cancelled by Ctrl-C (0 succeeded, 0 failed, 2 skipped, 1 cancelled); no new deployment was started. " +
            "These deployments go on in Pulumi Deployments (cancel them there if need be): acct1 https://app.pulumi.com/acme/cellmesh/acct1/deployments/1.");
    });

    it("without PULUMI_ACCESS_TOKEN, on a self-managed backend or without an organization: a clear error before any request", async () => {
        await serve(all(1));
        const cases: [Record<string, string | undefined>, string][] = [
            [{ PULUMI_BACKEND_URL: url }, "--runner pulumi-deployments needs PULUMI_ACCESS_TOKEN: create a token at https://app.pulumi.com/account/tokens and export PULUMI_ACCESS_TOKEN=<token>."],
            [{ PULUMI_ACCESS_TOKEN: "t" }, '--runner pulumi-deployments needs a Pulumi Cloud backend, and PULUMI_BACKEND_URL is not set (the driver\'s local file backend).\n' +
                "Pulumi Deployments runs stacks whose state is in Pulumi Cloud: export PULUMI_BACKEND_URL=https://api.pulumi.com (or your self-hosted API), move the stacks there (pulumi stack export / pulumi stack import), and give each stack deployment settings."],
            [{ PULUMI_BACKEND_URL: "s3://bucket/cellmesh", PULUMI_ACCESS_TOKEN: "t" }, '--runner pulumi-deployments needs a Pulumi Cloud backend, and PULUMI_BACKEND_URL is "s3://bucket/cellmesh".\n' +
                "Pulumi Deployments runs stacks whose state is in Pulumi Cloud: export PULUMI_BACKEND_URL=https://api.pulumi.com (or your self-hosted API), move the stacks there (pulumi stack export / pulumi stack import), and give each stack deployment settings."],
            // Plain HTTP only to the loopback interface.
            [{ PULUMI_BACKEND_URL: "http://pulumi.example.com", PULUMI_ACCESS_TOKEN: "t" }, '--runner pulumi-deployments needs a Pulumi Cloud backend, and PULUMI_BACKEND_URL is "http://pulumi.example.com".\n' +
                "Pulumi Deployments runs stacks whose state is in Pulumi Cloud: export PULUMI_BACKEND_URL=https://api.pulumi.com (or your self-hosted API), move the stacks there (pulumi stack export / pulumi stack import), and give each stack deployment settings."],
        ];
        for (const [env, message] of cases) {
            assert.strictEqual(await main(["rollout", "--runner", "pulumi-deployments"], deps(env)), 1, JSON.stringify(env));
            assert.deepStrictEqual(err, [message]);
        }
        assert.deepStrictEqual(stub.requests, []);

        const placeholder = new Sandbox(organization(1));
        try {
            assert.throws(() => deploymentsTarget({ PULUMI_BACKEND_URL: "https://api.pulumi.com", PULUMI_ACCESS_TOKEN: "t" }, placeholder.project()), new DriverError(
                "--runner pulumi-deployments needs the Pulumi Cloud organization of the stacks, which cellmesh:ownerStack of the consumer stacks names (<organization>/cellmesh/<owner stack>); " +
                'they name "organization", the self-managed backends\' placeholder. Set it to your organization in every consumer\'s stack file, e.g. acme/cellmesh/acct1.'));
        } finally {
            placeholder.dispose();
        }
        assert.deepStrictEqual(deploymentsTarget({ PULUMI_BACKEND_URL: "https://app.pulumi.com/", PULUMI_ACCESS_TOKEN: "t" }, sb.project()),
            { apiUrl: "https://api.pulumi.com", token: "t", organization: "acme", project: "cellmesh" });
    });
});
