import * as assert from "node:assert/strict";
import { consumerMeshOwner } from "../../engines/appmesh/policy/consumerMeshOwner";
import { orgOnlyRamShares } from "../../policy/rules/orgOnlyRamShares";
import { stackResources, stackViolationsOf, violationsOf } from "./helpers";

const SHARE = "aws:ram/resourceShare:ResourceShare";

describe("policy cellmesh-org-only-ram-shares", () => {
    it("passes organization-only shares (the default)", () => {
        assert.deepEqual(violationsOf(orgOnlyRamShares, SHARE, { name: "mesh-share", allowExternalPrincipals: false }), []);
        assert.deepEqual(violationsOf(orgOnlyRamShares, SHARE, { name: "mesh-share" }), []);
    });

    it("fails an external share unless it is tagged as deliberately external", () => {
        assert.deepEqual(violationsOf(orgOnlyRamShares, SHARE, { name: "mesh-share", allowExternalPrincipals: true }), [
            "allows principals outside the AWS Organization; keep allowExternalPrincipals false, or mark deliberate external sharing with the tag cellmesh:sharing=external (cellmesh:sharing: external) and accept the share in each consumer",
        ]);
        assert.deepEqual(violationsOf(orgOnlyRamShares, SHARE, { name: "mesh-share", allowExternalPrincipals: true, tags: { "cellmesh:sharing": "yes" } }).length, 1);
        assert.deepEqual(violationsOf(orgOnlyRamShares, SHARE, { name: "mesh-share", allowExternalPrincipals: true, tags: { "cellmesh:sharing": "external" } }), []);
    });
});

describe("policy cellmesh-consumer-mesh-owner (stack policy)", () => {
    const mesh = { type: "aws:appmesh/mesh:Mesh", name: "mesh-mesh", props: { name: "m" } };
    const node = (meshOwner?: string) => ({ type: "aws:appmesh/virtualNode:VirtualNode", name: "x-cell1-node", props: { meshName: "m", name: "x-cell1", ...(meshOwner ? { meshOwner } : {}) } });
    const children = [
        { type: "aws:appmesh/virtualRouter:VirtualRouter", name: "x-router", props: { meshName: "m" } },
        { type: "aws:appmesh/route:Route", name: "x-route", props: { meshName: "m", meshOwner: "" } },
        { type: "aws:appmesh/virtualService:VirtualService", name: "x-vs", props: { meshName: "m", meshOwner: "111111111111" } },
    ];

    it("passes the owner's stack (it creates the mesh) without meshOwner on its children", () => {
        assert.deepEqual(stackViolationsOf(consumerMeshOwner, stackResources([mesh, node(), ...children])), []);
    });

    it("passes a consumer stack whose every App Mesh child carries meshOwner", () => {
        const all = [node("111111111111"), ...children.map((c) => ({ ...c, props: { ...c.props, meshOwner: "111111111111" } }))];
        assert.deepEqual(stackViolationsOf(consumerMeshOwner, stackResources(all)), []);
    });

    it("fails each child without meshOwner in a stack without a mesh, naming its URN", () => {
        assert.deepEqual(stackViolationsOf(consumerMeshOwner, stackResources([node(), ...children])), [
            {
                message: "VirtualNode x-cell1-node is created in a mesh this stack does not own but has no meshOwner; set meshOwner to the mesh owner's account id",
                urn: "urn:pulumi:test::cellmesh::aws:appmesh/virtualNode:VirtualNode::x-cell1-node",
            },
            {
                message: "VirtualRouter x-router is created in a mesh this stack does not own but has no meshOwner; set meshOwner to the mesh owner's account id",
                urn: "urn:pulumi:test::cellmesh::aws:appmesh/virtualRouter:VirtualRouter::x-router",
            },
            {
                message: "Route x-route is created in a mesh this stack does not own but has no meshOwner; set meshOwner to the mesh owner's account id",
                urn: "urn:pulumi:test::cellmesh::aws:appmesh/route:Route::x-route",
            },
        ]);
    });
});
