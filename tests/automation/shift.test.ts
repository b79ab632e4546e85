import * as assert from "assert";
import { parseCommand } from "../../automation/args";
import { DriverError } from "../../automation/errors";
import { interpolate, planShift, runShift, ShiftDeps } from "../../automation/shift";
import { consumerYaml, OWNER_YAML, Sandbox, stackOf } from "./helpers";

describe("shift: planning", () => {
    let sb: Sandbox;
    before(() => {
        sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
    });
    after(() => sb.dispose());
    const owner = () => sb.project().owner!;

    it("interpolates integer weights that keep the total", () => {
        assert.deepStrictEqual(interpolate({ cell1: 50, cell2: 50 }, { cell1: 0, cell2: 100 }, 10), { cell1: 45, cell2: 55 });
        assert.deepStrictEqual(interpolate({ a: 100, b: 0, c: 0 }, { a: 0, b: 50, c: 50 }, 33), { a: 67, b: 17, c: 16 });
        assert.deepStrictEqual(interpolate({ a: 1, b: 0 }, { a: 0, b: 1 }, 50), { a: 1, b: 0 });
    });

    it("plans steps from the configured weights to the target", () => {
        const plan = planShift(owner(), "serviceb", new Map([["cell1", 0], ["cell2", 100]]), [10, 50, 100]);
        assert.deepStrictEqual(plan.steps.map((s) => s.weights), [{ cell1: 45, cell2: 55 }, { cell1: 25, cell2: 75 }, { cell1: 0, cell2: 100 }]);
        assert.deepStrictEqual(plan.from, { cell1: 50, cell2: 50 });
    });

    it("rejects unknown services and cells, and weights the config validator rejects", () => {
        assert.throws(() => planShift(owner(), "nosuch", new Map([["cell1", 1]]), [100]),
            new DriverError('stack acct1 has no service "nosuch"; its services: servicea, serviceb'));
        assert.throws(() => planShift(owner(), "serviceb", new Map([["cell3", 1]]), [100]),
            new DriverError("service serviceb of stack acct1 has no cell cell3; its cells: cell1, cell2 (add a cell in Pulumi.acct1.yaml and roll out first)"));
        assert.throws(() => planShift(owner(), "serviceb", new Map([["cell1", 80], ["cell2", 80]]), [100]),
            new DriverError("the new weights for serviceb in stack acct1 are not valid (cell1=80 cell2=80):\n  - cellmesh:services.serviceb.cells = \"cell1=80 cell2=80\": the weights add up to 160; App Mesh allows a total of at most 100 (weights are relative, e.g. cell1=50 cell2=50)"));
    });

    it("on a VPC Lattice stack, Lattice's weights: 0..999 each, no cap on the total", () => {
        const lattice = new Sandbox({ acct1: OWNER_YAML.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice") });
        try {
            const info = lattice.project().owner!;
            const plan = planShift(info, "serviceb", new Map([["cell1", 0], ["cell2", 999]]), [50, 100]);
            assert.deepStrictEqual(plan.steps.map((s) => s.weights), [{ cell1: 25, cell2: 525 }, { cell1: 0, cell2: 999 }]);
            assert.throws(() => planShift(info, "serviceb", new Map([["cell1", 0], ["cell2", 0]]), [100]),
                new DriverError("the new weights for serviceb in stack acct1 are not valid (cell1=0 cell2=0):\n  - cellmesh:services.serviceb.cells = \"cell1=0 cell2=0\": every weight is 0, so the service would get no traffic; give at least one cell a weight above 0"));
        } finally {
            lattice.dispose();
        }
    });

    it("parses the shift command line", () => {
        const cmd = parseCommand(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=0,cell2=100", "--steps", "10,50,100", "--pause", "60"]);
        assert.deepStrictEqual(cmd, {
            command: "shift", json: false, skipPreflight: false, stack: "acct1", service: "serviceb",
            weights: new Map([["cell1", 0], ["cell2", 100]]), steps: [10, 50, 100], pauseSeconds: 60,
        });
        assert.throws(() => parseCommand(["shift", "--stack", "acct1", "--service", "b", "--weights", "cell1=0", "--steps", "50,10"]),
            { message: 'shift: --steps "50,10": give increasing percentages from 1 to 100 that end with 100, e.g. --steps 10,50,100; see npm run shift -- --help' });
        assert.throws(() => parseCommand(["shift", "--stack", "acct1", "--service", "b", "--weights", "cell1:0"]),
            { message: 'shift: --weights "cell1:0": each item must be <cell>=<integer weight>, e.g. --weights cell1=0,cell2=100; see npm run shift -- --help' });
    });
});

describe("shift: applying (fake Pulumi CLI)", function () {
    this.timeout(20000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        sb.seedDeployed({ acct1: { meshName: "cellmesh" } });
    });
    afterEach(() => sb.dispose());

    async function shiftDeps(pauses: number[]): Promise<ShiftDeps> {
        return { ...(await sb.deps()), sleep: async (ms) => void pauses.push(ms) };
    }

    it("writes only the chosen service's changed cells, then ups that stack only, step by step", async () => {
        const info = sb.project().owner!;
        const plan = planShift(info, "serviceb", new Map([["cell1", 0], ["cell2", 100]]), [10, 100]);
        const pauses: number[] = [];
        const outcome = await runShift(info, "serviceb", plan, 60, await shiftDeps(pauses));
        assert.deepStrictEqual(outcome.applied.map((s) => s.percent), [10, 100]);
        assert.deepStrictEqual(pauses, [60000]);
        const mutating = sb.argvs().filter((a) => (a[0] === "config" && a[1] === "set") || a[0] === "up").map((a) => (a[0] === "up" ? `up ${a[a.indexOf("--stack") + 1]}` : a.join(" ")));
        assert.deepStrictEqual(mutating, [
            "config set --path cellmesh:services.serviceb.cells.cell1 --stack acct1 --plaintext --non-interactive -- 45",
            "config set --path cellmesh:services.serviceb.cells.cell2 --stack acct1 --plaintext --non-interactive -- 55",
            "up acct1",
            "config set --path cellmesh:services.serviceb.cells.cell1 --stack acct1 --plaintext --non-interactive -- 0",
            "config set --path cellmesh:services.serviceb.cells.cell2 --stack acct1 --plaintext --non-interactive -- 100",
            "up acct1",
        ]);
        assert.ok(sb.calls().every((c) => stackOf(c) === undefined || stackOf(c) === "acct1"), "no other stack touched");
        // Only serviceb's cells changed in the file; servicea, the comment and the layout stay.
        assert.strictEqual(sb.readStackFile("acct1"), OWNER_YAML.replace(/cell1: 50\n        cell2: 50\n$/, "cell1: 0\n        cell2: 100\n"));
        assert.deepStrictEqual(sb.lines.filter((l) => l.includes("shift serviceb")), [
            "[acct1] shift serviceb step 1/2 (10%): cell1=45 cell2=55",
            "[acct1] shift serviceb step 2/2 (100%): cell1=0 cell2=100",
        ]);
    });

    it("stops on a failed step and puts the last deployed weights back into the config", async () => {
        // The fake's second up of acct1 (step 2) fails.
        sb.scenario({ stacks: { acct1: { up: { failOn: [2] } } } });
        const info = sb.project().owner!;
        const plan = planShift(info, "serviceb", new Map([["cell1", 0], ["cell2", 100]]), [10, 50, 100]);
        const deps = await shiftDeps([]);
        const outcome = await runShift(info, "serviceb", plan, 0, deps);
        assert.deepStrictEqual(outcome.applied.map((s) => s.percent), [10]);
        assert.strictEqual(outcome.failedStep?.percent, 50);
        assert.deepStrictEqual(outcome.finalWeights, { cell1: 45, cell2: 55 });
        assert.strictEqual(outcome.results[1].result, "failed");
        assert.deepStrictEqual(sb.operations(), ["up acct1", "up acct1"]);
        const sets = sb.argvs().filter((a) => a[0] === "config" && a[1] === "set").map((a) => `${a[3].split(".").pop()}=${a[a.length - 1]}`);
        assert.deepStrictEqual(sets, ["cell1=45", "cell2=55", "cell1=25", "cell2=75", "cell1=45", "cell2=55"]);
        assert.ok(sb.readStackFile("acct1").endsWith("cell1: 45\n        cell2: 55\n"));
        assert.ok(sb.lines.includes("[acct1] shift stopped at step 2; config restored to the last deployed weights cell1=45 cell2=55"), sb.lines.join("\n"));
    });
});
