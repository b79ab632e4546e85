import * as assert from "node:assert/strict";
import { appMeshNotice } from "../stacks/notices";

describe("the App Mesh end-of-support notice (stacks/notices.ts)", () => {
    it("names the App Mesh stacks in one sentence, with the date and where to go", () => {
        assert.equal(appMeshNotice([{ name: "acct1-appmesh", config: { engine: "appmesh" } }, { name: "acct2-appmesh", config: { engine: "appmesh" } }]),
            "Notice: AWS ended App Mesh on 2026-09-30; stacks acct1-appmesh, acct2-appmesh use cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice).");
        assert.equal(appMeshNotice([{ name: "yelb-backend", config: { engine: "appmesh" } }, { name: "other", config: { engine: "lattice" } }]),
            "Notice: AWS ended App Mesh on 2026-09-30; stack yelb-backend uses cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice).");
    });

    it("says nothing for VPC Lattice stacks", () => {
        assert.equal(appMeshNotice([{ name: "acct1", config: { engine: "lattice" } }, { name: "acct2", config: { engine: "lattice" } }]), undefined);
        assert.equal(appMeshNotice([]), undefined);
    });
});
