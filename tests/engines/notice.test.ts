import * as assert from "node:assert/strict";
import { ENGINES } from "../../engines";
import { APP_MESH_END_OF_SUPPORT } from "../../engines/appmesh";
import { endOfSupportNotices } from "../../engines/notice";

describe("the end-of-support notice (engines/notice.ts)", () => {
    it("names the App Mesh stacks in one sentence, with the date and where to go", () => {
        assert.deepEqual(endOfSupportNotices([{ name: "acct1-appmesh", config: { engine: "appmesh" } }, { name: "acct2-appmesh", config: { engine: "appmesh" } }]),
            ["Notice: AWS ended App Mesh on 2026-09-30; stacks acct1-appmesh, acct2-appmesh use cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice)."]);
        assert.deepEqual(endOfSupportNotices([{ name: "yelb-backend", config: { engine: "appmesh" } }, { name: "other", config: { engine: "lattice" } }]),
            ["Notice: AWS ended App Mesh on 2026-09-30; stack yelb-backend uses cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice)."]);
    });

    it("says nothing for VPC Lattice stacks", () => {
        assert.deepEqual(endOfSupportNotices([{ name: "acct1", config: { engine: "lattice" } }, { name: "acct2", config: { engine: "lattice" } }]), []);
        assert.deepEqual(endOfSupportNotices([]), []);
    });

    it("comes from the engines' descriptors: App Mesh has ended, VPC Lattice has not", () => {
        assert.deepEqual(ENGINES.appmesh.endOfSupport?.date, APP_MESH_END_OF_SUPPORT);
        assert.equal(APP_MESH_END_OF_SUPPORT, "2026-09-30");
        assert.equal(ENGINES.lattice.endOfSupport, undefined);
    });
});
