// shift writes each cell's weight in the cell's own shape: `cells.cell1` for a plain weight,
// `cells.cell2.weight` for a cell written as an object (its image and other overrides stay).

import * as assert from "node:assert/strict";
import { cellKey, cellWeightKey, withCellWeights } from "../../automation/cellConfig";
import { planShift, runShift } from "../../automation/shift";
import { OWNER_YAML, Sandbox } from "./helpers";

// serviceb's cells are the file's last lines.
const MIXED = OWNER_YAML.replace(/cell2: 50\n$/, "cell2: { weight: 50, image: \"ghcr.io/acme/b:2.0.1\" }\n")
    .replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");

describe("cell config: where a cell's weight is written", function () {
    this.timeout(20000);
    let sb: Sandbox;
    beforeEach(() => {
        sb = new Sandbox({ acct1: MIXED });
        sb.seedDeployed({ acct1: { weights: {} } });
    });
    afterEach(() => sb.dispose());

    it("names the plain key for a weight and .weight for an object", () => {
        const raw = sb.project().owner!.raw;
        assert.equal(cellWeightKey(raw, "serviceb", "cell1"), "cellmesh:services.serviceb.cells.cell1");
        assert.equal(cellWeightKey(raw, "serviceb", "cell2"), "cellmesh:services.serviceb.cells.cell2.weight");
        assert.equal(cellWeightKey(raw, "servicea", "cell2"), "cellmesh:services.servicea.cells.cell2");
        // The shape a caller tracks wins over the file's (release: a plain weight that became an object, and back).
        assert.equal(cellWeightKey(raw, "serviceb", "cell1", true), "cellmesh:services.serviceb.cells.cell1.weight");
        assert.equal(cellWeightKey(raw, "serviceb", "cell2", false), "cellmesh:services.serviceb.cells.cell2");
        // The cell's own key (release writes its image under it), whatever its shape.
        assert.equal(cellKey("serviceb", "cell2"), "cellmesh:services.serviceb.cells.cell2");
        const services = withCellWeights(raw, "serviceb", { cell1: 0, cell2: 999 })["cellmesh:services"] as Record<string, { cells: unknown }>;
        assert.deepEqual(services.serviceb.cells, { cell1: 0, cell2: { weight: 999, image: "ghcr.io/acme/b:2.0.1" } });
    });

    it("shift writes cells.cell2.weight for the object cell and keeps its image", async () => {
        const info = sb.project().owner!;
        const plan = planShift(info, "serviceb", new Map([["cell1", 0], ["cell2", 100]]), [100]);
        const outcome = await runShift(info, "serviceb", plan, 0, { ...(await sb.deps()), sleep: async () => undefined });
        assert.deepEqual(outcome.finalWeights, { cell1: 0, cell2: 100 });
        const sets = sb.argvs().filter((a) => a[0] === "config" && a[1] === "set").map((a) => `${a[3]}=${a[a.length - 1]}`);
        assert.deepEqual(sets, ["cellmesh:services.serviceb.cells.cell1=0", "cellmesh:services.serviceb.cells.cell2.weight=100"]);
        assert.ok(sb.readStackFile("acct1").endsWith("        cell1: 0\n        cell2: {weight: 100, image: \"ghcr.io/acme/b:2.0.1\"}\n"), sb.readStackFile("acct1"));
        assert.deepEqual(sb.project().owner!.config.services[1].cells, [{ name: "cell1", weight: 0 }, { name: "cell2", weight: 100, overrides: { image: "ghcr.io/acme/b:2.0.1" } }]);
    });
});
