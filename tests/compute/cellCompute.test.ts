// compute/cellCompute.ts: what a compute runs in one cell, from the service's settings and the
// cell's own (a version per cell).

import * as assert from "node:assert/strict";
import { cellWorkload } from "../../compute/cellCompute";

describe("compute: a cell's workload", () => {
    it("the cell's image and count replace the service's, its variables merge over the service's", () => {
        const service = { service: "serviceb", port: 5001, image: "ghcr.io/acme/b:1.0.0", desiredCount: 2, environment: { A: "service", B: "service" } };
        const own = cellWorkload(service, { name: "cell2", weight: 20, overrides: { image: "ghcr.io/acme/b:2.0.1", environment: { B: "cell" }, desiredCount: 1 } }, []);
        assert.deepEqual([own.image, own.desiredCount, own.environment], ["ghcr.io/acme/b:2.0.1", 1, { A: "service", B: "cell", SERVICE_NAME: "serviceb", CELL_NAME: "cell2", PORT: "5001", BACKENDS: "" }]);
        const same = cellWorkload(service, { name: "cell1", weight: 80 }, []);
        assert.deepEqual([same.image, same.desiredCount, same.environment.B], ["ghcr.io/acme/b:1.0.0", 2, "service"]);
    });
});
