// release through the fake Pulumi CLI, with the cells' readings scripted on a fake clock: what is
// written to the stack file and deployed, cell by cell; a resume that skips the finished cell; a
// cell whose tasks never become healthy gets its previous image and weights back (deployed).

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { gateSettings } from "../../automation/gate/settings";
import { ReleaseDeps, runRelease } from "../../automation/release/release";
import { recordFile } from "../../automation/release/record";
import type { CellReading } from "../../shared/health/types";
import { OWNER_YAML, Sandbox } from "./helpers";

const LATTICE_OWNER = OWNER_YAML.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");
const IMAGE = "ghcr.io/acme/serviceb:2.0.1";
const settings = { ...gateSettings("lattice", undefined, {}, "test"), bakeSeconds: 60 };

/** Every cell healthy with traffic, except `sick` whose tasks stay at 1 of 2. */
function readings(sick?: string): CellReading[] {
    return ["cell1", "cell2"].map((cell) => ({
        cell,
        traffic: [{ source: `VPC Lattice target group tg-${cell}`, requests: 1000, errors: 0, latencyMs: 100, latencyStatistic: "p99", metrics: { requests: "r", errors: "e", latency: "l" } }],
        targets: [{ source: `VPC Lattice target group tg-${cell}`, targets: [{ id: "10.0.0.1:5001", state: "HEALTHY" }] }],
        workload: { source: `ECS service acct1-serviceb-${cell}`, desired: 2, running: cell === sick ? 1 : 2, settled: cell !== sick },
    }));
}

describe("release (fake Pulumi CLI, fake clock)", function () {
    this.timeout(30000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox({ acct1: LATTICE_OWNER });
        sb.seedDeployed({ acct1: { weights: {} } });
    });
    afterEach(() => sb.dispose());

    async function deps(sick?: string, signal = new AbortController().signal): Promise<ReleaseDeps> {
        let now = Date.parse("2026-11-20T10:00:00Z");
        const base = await sb.deps(signal);
        return {
            ...base, now: () => now, sleep: async (ms) => void (now += ms), credentials: () => async () => ({ accessKeyId: "a", secretAccessKey: "b" }),
            projectDir: sb.projectDir, read: async () => readings(sick),
        };
    }
    // A cell turned into an object moves to the end of the map (config rm + set); compare by name.
    const cellsOf = () => [...sb.project().owner!.config.services[1].cells].sort((a, b) => a.name.localeCompare(b.name));
    const mutations = () => sb.argvs().filter((a) => a[0] === "up" || (a[0] === "config" && (a[1] === "set" || a[1] === "rm"))).map((a) => (a[0] === "up" ? "up" : a[1] === "set" ? `set ${a[3]}=${a[a.length - 1]}` : `rm ${a[2]}`));

    it("releases cell2 (the canary) then cell1: drain, image, healthy, gated steps back, bake; the record is removed", async () => {
        const info = sb.project().owner!;
        const o = await runRelease(info, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings }, await deps());
        assert.equal(o.stopped, undefined);
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome]), [["cell2", "released"], ["cell1", "released"]]);
        assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50, overrides: { image: IMAGE } }, { name: "cell2", weight: 50, overrides: { image: IMAGE } }]);
        const k = "cellmesh:services.serviceb.cells";
        assert.deepEqual(mutations(), [
            `set ${k}.cell2=0`, "up",
            `rm ${k}.cell2`, `set ${k}.cell2.weight=0`, `set ${k}.cell2.image=${IMAGE}`, "up",
            `set ${k}.cell2.weight=25`, "up", `set ${k}.cell2.weight=50`, "up",
            `set ${k}.cell1=0`, "up",
            `rm ${k}.cell1`, `set ${k}.cell1.weight=0`, `set ${k}.cell1.image=${IMAGE}`, "up",
            `set ${k}.cell1.weight=25`, "up", `set ${k}.cell1.weight=50`, "up",
        ]);
        assert.equal(fs.existsSync(recordFile(sb.projectDir, "acct1", "serviceb")), false);
    });

    it("a resumed release skips the cell that already runs the image at its weight", async () => {
        const controller = new AbortController();
        const d = await deps(undefined, controller.signal);
        // Ctrl-C once cell1 has drained (after cell2 finished): the second drain's up.
        let ups = 0;
        const original = d.openStack;
        d.openStack = async (info) => {
            const stack = await original(info);
            const up = stack.up.bind(stack);
            stack.up = async (opts) => {
                const r = await up(opts);
                if (++ups === 5) controller.abort();
                return r;
            };
            return stack;
        };
        const first = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings }, d);
        assert.match(first.stopped ?? "", /^cancelled by Ctrl-C/);
        assert.ok(fs.existsSync(recordFile(sb.projectDir, "acct1", "serviceb")));
        sb.clearLog();
        const again = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, steps: [50, 100], settings }, await deps());
        assert.equal(again.stopped, undefined);
        assert.deepEqual(again.cells.map((c) => [c.cell, c.outcome]), [["cell2", "skipped"], ["cell1", "released"]]);
        assert.ok(!mutations().some((m) => m.includes("cells.cell2")), mutations().join("\n"));
        assert.deepEqual(cellsOf().map((c) => [c.name, c.weight, c.overrides?.image]), [["cell1", 50, IMAGE], ["cell2", 50, IMAGE]]);
    });

    it("a cell whose tasks never become healthy gets its previous image and weight back (deployed) and the release stops, saying how to resume", async () => {
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings, settleTimeoutSeconds: 180 }, await deps("cell2"));
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome]), [["cell2", "restored"]]);
        assert.equal(o.stopped, "stopped at cell2: ECS service acct1-serviceb-cell2: 1 of 2 running after 180s; cell2 is back on its previous image at weight 50 (deployed). Fix the cause and resume with npm run release -- --stack acct1 --service serviceb --image ghcr.io/acme/serviceb:2.0.1");
        assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]);
        assert.ok(sb.readStackFile("acct1").endsWith("        cell1: 50\n        cell2: 50\n"), sb.readStackFile("acct1"));
        assert.equal(sb.operations().length, 3, "drain, image, restore");
    });

    describe("--check-url: the cell alone through its pinned route, before it gets traffic", () => {
        const PINNED = LATTICE_OWNER.replace("    serviceb:\n      port: 5001\n", "    serviceb:\n      port: 5001\n      cellPinning: { header: x-cell }\n");
        let server: http.Server;
        let seen: { cell: string | undefined; ups: number }[];
        let answer: number;
        beforeEach(async () => {
            sb.dispose();
            sb = new Sandbox({ acct1: PINNED });
            sb.seedDeployed({ acct1: { weights: {} } });
            seen = [];
            answer = 200;
            // Loopback only: what a pinned GET carries, and how many ups had run when it came.
            server = http.createServer((req, res) => {
                seen.push({ cell: req.headers["x-cell"] as string | undefined, ups: sb.operations().length });
                res.writeHead(answer).end();
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        });
        afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));
        const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;

        it("GETs the URL with the pin header of each cell after its image is deployed and before its first weight step", async () => {
            const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings, checkUrl: url() }, await deps());
            assert.equal(o.stopped, undefined);
            // Per cell: drain (up 1), image (up 2), the GET, then two weight steps (ups 3, 4).
            assert.deepEqual(seen, [{ cell: "cell2", ups: 2 }, { cell: "cell1", ups: 6 }]);
        });

        it("a check that is not answered 2XX restores the cell (deployed) and stops the release", async () => {
            answer = 503;
            const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings, checkUrl: url() }, await deps());
            assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome]), [["cell2", "restored"]]);
            assert.match(o.stopped ?? "", new RegExp(`^stopped at cell2: GET ${url().replace(/[.]/g, "\\.")} with x-cell: cell2 answered HTTP 503; cell2 is back on its previous image at weight 50 \\(deployed\\)`));
            assert.deepEqual(seen, [{ cell: "cell2", ups: 2 }]);
            assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]);
            assert.equal(sb.operations().length, 3, "drain, image, restore");
        });
    });

    it("--check-url without cellPinning is refused before anything changes", async () => {
        await assert.rejects(runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, steps: [100], settings, checkUrl: "http://127.0.0.1:1/health" }, await deps()),
            { message: "--check-url needs cellPinning on serviceb (its header sends the check to the cell); add cellPinning: { header: x-cell } to it and roll out first" });
        assert.deepEqual(sb.operations(), []);
    });

    it("refuses bad input before anything changes", async () => {
        const info = sb.project().owner!;
        await assert.rejects(runRelease(info, { service: "serviceb", image: "ghcr.io/acme/serviceb:latest", steps: [100], settings }, await deps()),
            { message: '--image "ghcr.io/acme/serviceb:latest": an image reference with an explicit tag other than latest (or a digest)' });
        await assert.rejects(runRelease(info, { service: "serviceb", image: IMAGE, cells: ["cell3"], steps: [100], settings }, await deps()),
            { message: "--cells: service serviceb of stack acct1 has no cell cell3; its cells: cell1, cell2" });
        assert.deepEqual(sb.operations(), []);
    });
});

describe("release and shift --gate: the command line", () => {
    const { parseCommand } = require("../../automation/args") as typeof import("../../automation/args");
    it("parses the gate flags, refuses them without --gate, and names bad values", () => {
        assert.deepEqual(parseCommand(["release", "--stack", "acct1", "--service", "serviceb", "--image", IMAGE, "--cells", "cell2,cell1", "--max-error-rate", "0.5", "--interval", "120"]), {
            command: "release", json: false, skipPreflight: false, stack: "acct1", service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [10, 50, 100],
            gate: { intervalSeconds: 120, maxErrorRatePercent: 0.5 },
        });
        assert.throws(() => parseCommand(["shift", "--stack", "a", "--service", "b", "--weights", "cell1=0", "--bake", "60"]), { message: "shift: --bake needs --gate; see npm run shift -- --help" });
        assert.throws(() => parseCommand(["shift", "--stack", "a", "--service", "b", "--weights", "cell1=0", "--steps", "50,100", "--pause", "60", "--gate"]),
            { message: "shift: --pause does not apply with --gate: the gate waits --propagation and --interval; see npm run shift -- --help" });
        assert.throws(() => parseCommand(["shift", "--stack", "a", "--service", "b", "--weights", "cell1=0", "--gate", "--min-requests", "lots"]), { message: 'shift: --min-requests "lots": a whole number, e.g. --min-requests 100; see npm run shift -- --help' });
        assert.throws(() => parseCommand(["release", "--stack", "a"]), { message: "release: --service and --image are required, e.g. npm run release -- --stack acct1 --service serviceb --image ghcr.io/acme/serviceb:2.0.1; see npm run release -- --help" });
    });
    it("refuses waits below the floors unless lowered on purpose, naming the flag and the config value", () => {
        assert.throws(() => gateSettings("lattice", undefined, { propagationSeconds: 30 }, "shift serviceb in acct1"),
            { message: "shift serviceb in acct1: propagation 30s is below VPC Lattice's 90s (a weight change takes about that long to reach the data plane, so the gate would measure the old weights); to lower it on purpose (a sandbox drill, a test) add --allow-short-waits or set release.allowShortWaits: true" });
        assert.throws(() => gateSettings("lattice", { intervalSeconds: 10 }, {}, "x"), { message: /^x: interval 10s is below 60s/ });
        assert.deepEqual(gateSettings("lattice", { intervalSeconds: 10, allowShortWaits: true }, { propagationSeconds: 5 }, "x"),
            { intervalSeconds: 10, failureThreshold: 2, maxErrorRatePercent: 1, maxLatencyMs: 500, minRequests: 100, bakeSeconds: 300, propagationSeconds: 5, metricDelaySeconds: 0 });
    });
});
