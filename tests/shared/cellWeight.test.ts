import * as assert from "node:assert/strict";
import { APPMESH_WEIGHTS } from "../../engines/appmesh/limits";
import { LATTICE_WEIGHTS } from "../../engines/lattice/limits";
import { weightProblems } from "../../shared/cellWeight";

const cells = (...weights: number[]) => weights.map((weight, i) => ({ name: `cell${i + 1}`, weight }));

describe("shared/cellWeight: one check of a service's cells, with each engine's rules", () => {
    it("App Mesh: 1 to 10 cells, integers 0..100, a total of 1..100", () => {
        assert.deepEqual(APPMESH_WEIGHTS, { engine: "App Mesh", maxCells: 10, maxWeight: 100, maxTotal: 100 });
        assert.deepEqual(weightProblems(APPMESH_WEIGHTS, cells(50, 50)), []);
        assert.deepEqual(weightProblems(APPMESH_WEIGHTS, cells(101, 0)), [
            { cell: "cell1", value: 101, message: "a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100" },
        ]);
        assert.deepEqual(weightProblems(APPMESH_WEIGHTS, cells(60, 60)), [
            { value: "cell1=60 cell2=60", message: "the weights add up to 120; App Mesh allows a total of at most 100 (weights are relative, e.g. cell1=50 cell2=50)" },
        ]);
        assert.deepEqual(weightProblems(APPMESH_WEIGHTS, cells(0, 0)), [
            { value: "cell1=0 cell2=0", message: "every weight is 0, so the service would get no traffic; give at least one cell a weight above 0" },
        ]);
        assert.deepEqual(weightProblems(APPMESH_WEIGHTS, []), [{ value: "", message: "a service has 1 to 10 cells on App Mesh, this one has 0" }]);
    });

    it("VPC Lattice: 1 to 10 cells, integers 0..999 each, no total; fractions and duplicates are refused", () => {
        assert.deepEqual(LATTICE_WEIGHTS, { engine: "VPC Lattice", maxCells: 10, maxWeight: 999 });
        assert.deepEqual(weightProblems(LATTICE_WEIGHTS, cells(999, 500)), []);
        assert.deepEqual(weightProblems(LATTICE_WEIGHTS, cells(1000, 2.5)), [
            { cell: "cell1", value: 1000, message: "a weight must be an integer from 0 to 999 (VPC Lattice weights are relative: 50/50 = 1/1)" },
            { cell: "cell2", value: 2.5, message: "a weight must be an integer from 0 to 999 (VPC Lattice weights are relative: 50/50 = 1/1)" },
        ]);
        assert.deepEqual(weightProblems(LATTICE_WEIGHTS, [{ name: "a", weight: 1 }, { name: "a", weight: 1 }]), [
            { cell: "a", value: "a", message: "listed twice; list each cell once" },
        ]);
        assert.equal(weightProblems(LATTICE_WEIGHTS, cells(...Array(11).fill(1))).length, 1);
    });
});
