// release through the fake Pulumi CLI, with the cells' readings scripted on a fake clock: what is
// written to the stack file and deployed, cell by cell; a resume that skips the finished cell; a
// failed cell gets its previous image at weight 0 (deployed), then, once that is healthy, its weight
// (deployed); a standby cell (weight 0) released on health alone; Ctrl-C during the gate and during a
// throttled read's back-off.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { abortableSleep } from "../../automation/cli";
import { gateSettings } from "../../automation/gate/settings";
import { ReleaseDeps, runRelease } from "../../automation/release/release";
import { withBackoff } from "../../shared/health/retry";
import { recordFile } from "../../automation/release/record";
import type { CellReading } from "../../shared/health/types";
import { OWNER_YAML, Sandbox } from "./helpers";

const LATTICE_OWNER = OWNER_YAML.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");
const IMAGE = "ghcr.io/acme/serviceb:2.0.1";
const settings = { ...gateSettings("lattice", undefined, {}, "test"), bakeSeconds: 60 };

/** Every cell healthy with traffic, except `sick` whose tasks stay at 1 of 2 and `erring` that answers 8 % 5XX. */
function readings(sick?: string, erring?: string): CellReading[] {
    return ["cell1", "cell2"].map((cell) => ({
        cell,
        traffic: [{ source: `VPC Lattice target group tg-${cell}`, requests: 1000, errors: cell === erring ? 80 : 0, latencyMs: 100, latencyStatistic: "p99", metrics: { requests: "r", errors: "e", latency: "l" } }],
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

    const K = "cellmesh:services.serviceb.cells";
    const RESUME = `npm run release -- --stack acct1 --service serviceb --image ${IMAGE}`;
    const IMAGED = [`set ${K}.cell2=0`, "up", `rm ${K}.cell2`, `set ${K}.cell2.weight=0`, `set ${K}.cell2.image=${IMAGE}`, "up"];
    /** Reads cell2 sick while it runs the new image (before up number `healthyFrom`), healthy after; records how many ups each read came after. */
    function sickUntil(d: ReleaseDeps, healthyFrom: number, reads: number[]) {
        d.read = async () => {
            reads.push(sb.operations().length);
            return readings(sb.operations().length < healthyFrom ? "cell2" : undefined);
        };
    }

    it("a failed cell gets its previous image at weight 0 (deployed), then, once that runs healthy, its weight (deployed), and the release stops, saying how to resume", async () => {
        const d = await deps();
        const reads: number[] = [];
        sickUntil(d, 3, reads);
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings, settleTimeoutSeconds: 180 }, d);
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome, c.note]), [["cell2", "restored", "ECS service acct1-serviceb-cell2: 1 of 2 running after 180s"]]);
        assert.equal(o.stopped, `stopped at cell2: ECS service acct1-serviceb-cell2: 1 of 2 running after 180s; cell2 is back on its previous image at weight 50 (deployed). Fix the cause and resume with ${RESUME}`);
        // Drain, image; then the previous image at weight 0 (up 3), its health read, and only then weight 50 (up 4).
        assert.deepEqual(mutations(), [...IMAGED, `rm ${K}.cell2`, `set ${K}.cell2=0`, "up", `set ${K}.cell2=50`, "up"]);
        assert.deepEqual(reads, [2, 2, 2, 2, 3]);
        assert.ok(sb.lines.includes("[acct1] release serviceb: cell2 failed (ECS service acct1-serviceb-cell2: 1 of 2 running after 180s); restoring the service's image at weight 0, then, once it runs healthy, weights cell1=50 cell2=50"), sb.lines.join("\n"));
        assert.ok(sb.lines.includes("[acct1] release serviceb: cell2 runs 2 of 2 on the service's image, targets healthy"), sb.lines.join("\n"));
        assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]);
        assert.ok(sb.readStackFile("acct1").endsWith("        cell1: 50\n        cell2: 50\n"), sb.readStackFile("acct1"));
        assert.deepEqual(o.results.map((r) => r.result), ["succeeded", "succeeded", "succeeded", "succeeded"]);
    });

    it("a failed cell whose previous image does not run healthy either is left drained (weight 0, deployed), with the shift command that gives its weight back", async () => {
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings, settleTimeoutSeconds: 180 }, await deps("cell2"));
        const why = "ECS service acct1-serviceb-cell2: 1 of 2 running after 180s";
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome, c.note]), [["cell2", "restored-drained", `${why}; then its previous image was not healthy (${why}): left at weight 0`]]);
        assert.equal(o.stopped, `stopped at cell2: ${why}; cell2 is back on its previous image but not healthy (${why}): left at weight 0 (deployed); once it runs healthy, npm run shift -- --stack acct1 --service serviceb --weights cell1=50,cell2=50 gives it its weight back. Fix the cause and resume with ${RESUME}`);
        assert.deepEqual(mutations(), [...IMAGED, `rm ${K}.cell2`, `set ${K}.cell2=0`, "up"]);
        assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 0 }]);
        assert.ok(sb.readStackFile("acct1").endsWith("        cell1: 50\n        cell2: 0\n"), sb.readStackFile("acct1"));
        assert.ok(fs.existsSync(recordFile(sb.projectDir, "acct1", "serviceb")), "the record stays for the resume");
    });

    it("a restore whose first up (the previous image) fails stops as restore-failed, still reporting the gate's first failure", async () => {
        // cell2 runs healthy but answers 8 % 5XX under traffic: step 1 fails twice, the gate rolls back (up 4), the restore's up 5 fails.
        sb.scenario({ stacks: { acct1: { up: { failOn: [5] } } } });
        const d = await deps();
        d.read = async () => readings(undefined, "cell2");
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings }, d);
        const first = "step 1 (50%): cell2 error rate 8 (limit <= 1%); cell2 error rate vs other cells 8 (limit <= 0.5% (other cells 0% + 0.5))";
        const failed = "stack acct1: error: creating App Mesh VirtualNode: AccessDeniedException: not authorized";
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome, c.note]), [["cell2", "restore-failed", `${first}; then restoring its previous image did not deploy: ${failed}`]]);
        assert.equal(o.stopped, `stopped at cell2: ${first}; restoring its previous image did not deploy (${failed}): the config holds its previous image at weight 0; deploy it with npm run rollout -- --stacks acct1 and, once it runs healthy, give it its weight back with npm run shift -- --stack acct1 --service serviceb --weights cell1=50,cell2=50. Fix the cause and resume with ${RESUME}`);
        assert.deepEqual(o.cells[0].decisions.map((x) => x.outcome), ["fail", "fail", "rolled-back"]);
        assert.deepEqual(mutations(), [...IMAGED, `set ${K}.cell2.weight=25`, "up", `set ${K}.cell2.weight=0`, "up", `rm ${K}.cell2`, `set ${K}.cell2=0`, "up"]);
        assert.deepEqual(o.results.map((r) => r.result), ["succeeded", "succeeded", "succeeded", "succeeded", "failed"]);
        assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 0 }]);
    });

    it("a restore whose second up (the weight) fails stops as restore-failed: the cell runs its previous image, healthy, at weight 0", async () => {
        sb.scenario({ stacks: { acct1: { up: { failOn: [4] } } } });
        const d = await deps();
        sickUntil(d, 3, []);
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings, settleTimeoutSeconds: 180 }, d);
        const why = "ECS service acct1-serviceb-cell2: 1 of 2 running after 180s";
        const failed = "stack acct1: error: creating App Mesh VirtualNode: AccessDeniedException: not authorized";
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome, c.note]), [["cell2", "restore-failed", `${why}; then its weight did not deploy: ${failed}`]]);
        assert.equal(o.stopped, `stopped at cell2: ${why}; cell2 is back on its previous image (deployed, healthy) but its weight 50 did not deploy (${failed}): the config holds it, deploy it with npm run rollout -- --stacks acct1. Fix the cause and resume with ${RESUME}`);
        assert.deepEqual(mutations(), [...IMAGED, `rm ${K}.cell2`, `set ${K}.cell2=0`, "up", `set ${K}.cell2=50`, "up"]);
        assert.deepEqual(o.results.map((r) => r.result), ["succeeded", "succeeded", "succeeded", "failed"]);
    });

    it("a standby cell (weight 0) is released on task and target health only: no weight steps, no inconclusive halt for lack of traffic", async () => {
        sb.dispose();
        sb = new Sandbox({ acct1: LATTICE_OWNER.replace("    serviceb:\n      port: 5001\n      cells:\n        cell1: 50\n        cell2: 50\n", "    serviceb:\n      port: 5001\n      cells:\n        cell1: 50\n        cell2: 50\n        cell3: 0\n") });
        sb.seedDeployed({ acct1: { weights: {} } });
        const d = await deps();
        const idle = { ...readings()[0], cell: "cell3", traffic: [{ source: "VPC Lattice target group tg-cell3", latencyStatistic: "p99", metrics: { requests: "r", errors: "e", latency: "l" } }] };
        d.read = async () => [...readings(), idle];
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell3"], steps: [50, 100], settings }, d);
        assert.equal(o.stopped, undefined);
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome, c.note, c.decisions.length]), [["cell3", "released", "cell3 has weight 0: released on task and target health only, no traffic to measure", 0]]);
        assert.ok(sb.lines.includes("[acct1] release serviceb: cell3 has weight 0: released on task and target health only, no traffic to measure"), sb.lines.join("\n"));
        // No drain (already 0) and no weight steps: the image's up is the only one.
        assert.deepEqual(mutations(), [`rm ${K}.cell3`, `set ${K}.cell3.weight=0`, `set ${K}.cell3.image=${IMAGE}`, "up"]);
        assert.equal(fs.existsSync(recordFile(sb.projectDir, "acct1", "serviceb")), false);
    });

    /** Wraps each up of the stack: `during(n)` runs as up number n starts; records whether its signal was already aborted. */
    function watchUps(d: ReleaseDeps, during: (n: number) => void): boolean[] {
        const aborted: boolean[] = [];
        const original = d.openStack;
        d.openStack = async (info) => {
            const stack = await original(info);
            const up = stack.up.bind(stack);
            stack.up = async (opts) => {
                aborted.push(opts?.signal?.aborted ?? false);
                during(aborted.length);
                return up(opts);
            };
            return stack;
        };
        return aborted;
    }

    it("Ctrl-C during a release's gate: the rollback to the last good weights still deploys, on a signal Ctrl-C did not abort", async () => {
        const controller = new AbortController();
        const d = await deps(undefined, controller.signal);
        const plain = d.sleep;
        // Ctrl-C during the first wait of the gate (its step 1 propagating).
        d.sleep = async (ms, signal) => {
            controller.abort();
            return plain(ms, signal);
        };
        const aborted = watchUps(d, () => undefined);
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings }, d);
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome]), [["cell2", "cancelled"]]);
        assert.equal(o.stopped, `cancelled by Ctrl-C at cell2, which runs ${IMAGE} at the last good weights cell1=50 cell2=0 (deployed); resume with ${RESUME}`);
        assert.deepEqual(mutations(), [...IMAGED, `set ${K}.cell2.weight=25`, "up", `set ${K}.cell2.weight=0`, "up"]);
        assert.deepEqual(aborted, [false, false, false, false], "the rollback's up (the 4th) gets its own signal");
        assert.deepEqual(o.results.map((r) => r.result), ["succeeded", "succeeded", "succeeded", "succeeded"]);
    });

    it("Ctrl-C while the gate rolls back: the rollback and the restore still deploy (a signal of their own)", async function () {
        this.timeout(60000);
        const controller = new AbortController();
        const dd = await deps(undefined, controller.signal);
        dd.read = async () => readings(undefined, "cell2");
        // The rollback's up (the 4th) takes 2 s; Ctrl-C comes 300 ms into it.
        const aborted = watchUps(dd, (n) => {
            if (n === 4) {
                sb.scenario({ all: { up: { delayMs: 2000 } } });
                setTimeout(() => controller.abort(), 300);
            } else sb.scenario({});
        });
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings }, dd);
        assert.ok(controller.signal.aborted);
        assert.deepEqual(o.cells.map((c) => [c.cell, c.outcome]), [["cell2", "restored"]]);
        assert.equal(o.stopped, `stopped at cell2: step 1 (50%): cell2 error rate 8 (limit <= 1%); cell2 error rate vs other cells 8 (limit <= 0.5% (other cells 0% + 0.5)); cell2 is back on its previous image at weight 50 (deployed). Fix the cause and resume with ${RESUME}`);
        assert.deepEqual(mutations(), [...IMAGED, `set ${K}.cell2.weight=25`, "up", `set ${K}.cell2.weight=0`, "up", `rm ${K}.cell2`, `set ${K}.cell2=0`, "up", `set ${K}.cell2=50`, "up"]);
        assert.deepEqual(aborted, [false, false, false, false, false, false]);
        assert.deepEqual(o.results.map((r) => r.result), ["succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "succeeded"]);
        assert.deepEqual(cellsOf(), [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]);
    });

    it("Ctrl-C during a throttled read's back-off ends the wait at once, and no further try is made", async () => {
        const controller = new AbortController();
        const d = await deps(undefined, controller.signal);
        // The driver's own sleep (real time); the read is throttled on every try (back-off 0.5 + 1 + 2 + 4 s = 7.5 s).
        d.sleep = abortableSleep;
        let started = 0;
        let tries = 0;
        d.read = (scope) => {
            started = Date.now();
            setTimeout(() => controller.abort(), 200);
            return withBackoff(() => {
                tries += 1;
                return Promise.reject(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
            }, scope.sleep);
        };
        const o = await runRelease(sb.project().owner!, { service: "serviceb", image: IMAGE, cells: ["cell2", "cell1"], steps: [50, 100], settings }, d);
        const waited = Date.now() - started;
        assert.ok(waited < 4000, `the read ended ${waited} ms after it began (Ctrl-C at 200 ms; the back-off alone is 7.5 s)`);
        assert.equal(tries, 1, "the call made before Ctrl-C, none after it");
        assert.equal(o.stopped, `cancelled by Ctrl-C while cell2 started on ${IMAGE} (weight 0); resume with ${RESUME}`);
        assert.deepEqual(mutations(), IMAGED);
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
            assert.equal(sb.operations().length, 4, "drain, image, previous image at weight 0, weight 50");
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
