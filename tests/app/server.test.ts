// End-to-end test of the demo service (app/server.js): three real processes on
// loopback chained A -> B -> X, the same shape the mesh deploys across cells.
import * as assert from "node:assert/strict";
import * as child_process from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";

const SERVER_JS = path.join(__dirname, "..", "..", "app", "server.js");

interface Answer {
    status: number;
    body: unknown;
}

interface Instance {
    name: string;
    url: string;
    proc: child_process.ChildProcess;
}

const children: child_process.ChildProcess[] = [];

/** Ask the OS for a free loopback port by binding port 0 and releasing it. */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

function get(url: string, timeoutMs = 3000): Promise<Answer> {
    return new Promise((resolve, reject) => {
        // agent: false -> no keep-alive, so killed servers never leave pooled sockets behind.
        const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
            let data = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (data += chunk));
            res.on("error", reject);
            res.on("end", () => {
                try {
                    resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) as unknown });
                } catch (err) {
                    reject(err);
                }
            });
        });
        req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
        req.on("error", reject);
    });
}

/** Poll /health until it answers 200 (the child needs a moment to start listening). */
async function waitHealthy(url: string, proc: child_process.ChildProcess, deadlineMs = 5000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
        if (proc.exitCode !== null) {
            throw new Error(`${url}: process exited early with code ${proc.exitCode}`);
        }
        try {
            const answer = await get(`${url}/health`, 500);
            if (answer.status === 200) {
                return;
            }
        } catch (err) {
            lastError = err;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${url} not healthy after ${deadlineMs}ms: ${String(lastError)}`);
}

/** Start server.js either as a file or, like the Pulumi program does, as `node -e <source>`. */
async function start(name: string, backends: string[], mode: "file" | "eval" = "file"): Promise<Instance> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = mode === "file" ? [SERVER_JS] : ["-e", fs.readFileSync(SERVER_JS, "utf8")];
    const proc = child_process.spawn(process.execPath, args, {
        env: {
            PATH: process.env.PATH ?? "",
            PORT: String(port),
            SERVICE_NAME: name,
            CELL_NAME: `cell-${name}`,
            BACKENDS: backends.join(","),
            BACKEND_TIMEOUT_MS: "1000",
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(proc);
    // Keep the output for failure messages but do not clutter the mocha report.
    let output = "";
    proc.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    try {
        await waitHealthy(url, proc);
    } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}\n${output}`);
    }
    return { name, url, proc };
}

function stop(proc: child_process.ChildProcess): Promise<void> {
    return new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) {
            return resolve();
        }
        proc.once("exit", () => resolve());
        proc.kill("SIGKILL");
    });
}

describe("app/server.js", function () {
    this.timeout(10_000);

    let a: Instance;
    let b: Instance;
    let x: Instance;

    before(async function () {
        // Start the chain from the leaf so every backend exists when its caller comes up.
        x = await start("x", []);
        b = await start("b", [x.url]);
        a = await start("a", [b.url]);
    });

    after(async function () {
        await Promise.all(children.map(stop));
    });

    it("GET / on A returns the nested answers of B and X", async function () {
        const { status, body } = await get(`${a.url}/`);
        assert.equal(status, 200);
        const host = (body as { host: string }).host;
        assert.equal(typeof host, "string");
        assert.deepEqual(body, {
            service: "a",
            cell: "cell-a",
            host,
            backends: [
                {
                    url: b.url,
                    status: 200,
                    body: {
                        service: "b",
                        cell: "cell-b",
                        host,
                        backends: [
                            {
                                url: x.url,
                                status: 200,
                                body: { service: "x", cell: "cell-x", host, backends: [] },
                            },
                        ],
                    },
                },
            ],
        });
    });

    it("GET /health answers ok", async function () {
        const { status, body } = await get(`${a.url}/health`);
        assert.equal(status, 200);
        assert.deepEqual(body, { status: "ok" });
    });

    it("unknown paths answer 404", async function () {
        const { status, body } = await get(`${a.url}/nope`);
        assert.equal(status, 404);
        assert.deepEqual(body, { error: "not found" });
    });

    it("runs as `node -e <source>` (how the Pulumi program starts it)", async function () {
        const e = await start("e", [], "eval");
        const { status, body } = await get(`${e.url}/health`);
        assert.equal(status, 200);
        assert.deepEqual(body, { status: "ok" });
        await stop(e.proc);
    });

    it("when X is down, A answers 502 with the error entry at B's level", async function () {
        await stop(x.proc);
        const { status, body } = await get(`${a.url}/`);
        assert.equal(status, 502);
        const top = body as { service: string; backends: { url: string; status: number; body: unknown }[] };
        assert.equal(top.service, "a");
        assert.equal(top.backends.length, 1);
        assert.equal(top.backends[0].url, b.url);
        assert.equal(top.backends[0].status, 502);
        const fromB = top.backends[0].body as { service: string; backends: Record<string, unknown>[] };
        assert.equal(fromB.service, "b");
        assert.equal(fromB.backends.length, 1);
        const entry = fromB.backends[0];
        assert.deepEqual(Object.keys(entry).sort(), ["error", "url"]);
        assert.equal(entry.url, x.url);
        assert.equal(typeof entry.error, "string");
        assert.notEqual(entry.error, "");
    });
});
