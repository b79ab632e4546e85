// The one stack program over every engine x compute x role, from the samples: what each combination
// builds (its network, namespace, cluster and per-cell registration), and the URNs the Pulumi engine
// will match against deployed stacks, pinned from the plans made before the engine seam existed
// (tests/data/urns/). A renamed component must carry an alias to its earlier type, or these fail.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadProject } from "../../plan/load";
import { Plan, StackPlan } from "../../plan/model";
import { makePlan } from "../../plan/plan";
import { engineUrns } from "../../plan/urns";
import { ROOT } from "../helpers/fixtures";

interface Combination {
    readonly engine: "appmesh" | "lattice";
    readonly compute: "ecs" | "eks";
    readonly role: "owner" | "consumer";
    /** The sample that runs it, and its stack. */
    readonly dir: string;
    readonly stack: string;
    /** Pinned URNs: tests/data/urns/<file>.json. */
    readonly urns: string;
    /** Resource type -> count this combination must register. */
    readonly builds: Readonly<Record<string, number>>;
}

const T = {
    mesh: "aws:appmesh/mesh:Mesh",
    virtualNode: "aws:appmesh/virtualNode:VirtualNode",
    virtualNodeCr: "kubernetes:appmesh.k8s.aws/v1beta2:VirtualNode",
    cloudMapNamespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    network: "aws:vpclattice/serviceNetwork:ServiceNetwork",
    vpcAssociation: "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
    serviceAssociation: "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
    targetGroup: "aws:vpclattice/targetGroup:TargetGroup",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    zone: "aws:route53/zone:Zone",
    ecsCluster: "aws:ecs/cluster:Cluster",
    eksCluster: "eks:index:Cluster",
    vpc: "awsx:ec2:Vpc",
    peering: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
    stackReference: "pulumi:pulumi:StackReference",
    resourceShare: "aws:ram/resourceShare:ResourceShare",
} as const;

const COMBINATIONS: readonly Combination[] = [
    { engine: "appmesh", compute: "ecs", role: "owner", dir: "examples/appmesh", stack: "acct1-appmesh", urns: "appmesh-ecs",
        builds: { [T.mesh]: 1, [T.virtualNode]: 4, [T.cloudMapNamespace]: 1, [T.ecsCluster]: 1, [T.vpc]: 1, [T.resourceShare]: 2, [T.stackReference]: 0 } },
    { engine: "appmesh", compute: "ecs", role: "consumer", dir: "examples/appmesh", stack: "acct2-appmesh", urns: "appmesh-ecs",
        builds: { [T.mesh]: 0, [T.virtualNode]: 2, [T.cloudMapNamespace]: 1, [T.ecsCluster]: 1, [T.vpc]: 0, [T.stackReference]: 1 } },
    { engine: "appmesh", compute: "eks", role: "owner", dir: "examples/appmesh-eks", stack: "acct1-appmesh-eks", urns: "appmesh-eks",
        builds: { [T.mesh]: 1, [T.virtualNodeCr]: 4, [T.virtualNode]: 0, [T.cloudMapNamespace]: 1, [T.eksCluster]: 1, [T.vpc]: 1, [T.resourceShare]: 1 } },
    { engine: "appmesh", compute: "eks", role: "consumer", dir: "examples/appmesh-eks", stack: "acct2-appmesh-eks", urns: "appmesh-eks",
        builds: { [T.mesh]: 0, [T.virtualNodeCr]: 2, [T.cloudMapNamespace]: 1, [T.eksCluster]: 1, [T.vpc]: 1, [T.peering]: 1, [T.stackReference]: 1 } },
    { engine: "lattice", compute: "ecs", role: "owner", dir: ".", stack: "acct1", urns: "lattice-ecs",
        builds: { [T.network]: 1, [T.vpcAssociation]: 1, [T.targetGroup]: 4, [T.zone]: 1, [T.ecsCluster]: 1, [T.vpc]: 1, [T.mesh]: 0, [T.resourceShare]: 1 } },
    { engine: "lattice", compute: "ecs", role: "consumer", dir: ".", stack: "acct2", urns: "lattice-ecs",
        builds: { [T.network]: 0, [T.vpc]: 1, [T.vpcAssociation]: 1, [T.targetGroup]: 2, [T.zone]: 1, [T.ecsCluster]: 1, [T.resourceShare]: 0, [T.stackReference]: 1 } },
    { engine: "lattice", compute: "eks", role: "owner", dir: "examples/lattice-eks", stack: "acct1-lattice-eks", urns: "lattice-eks",
        builds: { [T.network]: 1, [T.vpcAssociation]: 1, [T.serviceAssociation]: 2, [T.httpRoute]: 2, [T.targetGroup]: 0, [T.zone]: 1, [T.eksCluster]: 1, [T.vpc]: 1 } },
    { engine: "lattice", compute: "eks", role: "consumer", dir: "examples/lattice-eks", stack: "acct2-lattice-eks", urns: "lattice-eks",
        builds: { [T.network]: 0, [T.vpcAssociation]: 1, [T.serviceAssociation]: 1, [T.httpRoute]: 1, [T.zone]: 1, [T.eksCluster]: 1, [T.vpc]: 1, [T.peering]: 0 } },
];

const plans = new Map<string, Promise<Plan>>();
function planOf(dir: string): Promise<Plan> {
    if (!plans.has(dir)) plans.set(dir, makePlan(loadProject({ dir: path.join(ROOT, dir) })));
    return plans.get(dir)!;
}

function countOf(stack: StackPlan, type: string): number {
    return stack.resources.filter((r) => r.type === type).length;
}

describe("stacks/program: one program for every engine x compute x role", function () {
    this.timeout(60000);

    it("the table covers all eight combinations", () => {
        const keys = new Set(COMBINATIONS.map((c) => `${c.engine}/${c.compute}/${c.role}`));
        assert.equal(keys.size, 8);
    });

    for (const c of COMBINATIONS) {
        describe(`${c.engine} on ${c.compute}, ${c.role} (${c.dir}, stack ${c.stack})`, () => {
            it("is the combination its config selects, and builds that combination's pieces", async () => {
                const stack = (await planOf(c.dir)).stacks.find((s) => s.stack === c.stack)!;
                assert.deepEqual([stack.engine, stack.role, stack.outputs.compute], [c.engine, c.role, c.compute]);
                const counts = Object.fromEntries(Object.keys(c.builds).map((type) => [type, countOf(stack, type)]));
                assert.deepEqual(counts, c.builds);
            });

            it("keeps every URN a stack deployed before the engine seam has (or aliases it)", async () => {
                const stack = (await planOf(c.dir)).stacks.find((s) => s.stack === c.stack)!;
                const pinned: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "data", "urns", `${c.urns}.json`), "utf8"));
                const previous = [...engineUrns(stack.resources, true).values()].sort();
                assert.deepEqual(previous, pinned[c.stack]);
            });
        });
    }

    it("without the aliases, the renamed components would move (the pins are not vacuous)", async () => {
        const stack = (await planOf("examples/appmesh")).stacks.find((s) => s.stack === "acct1-appmesh")!;
        const pinned: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "data", "urns", "appmesh-ecs.json"), "utf8"));
        const current = new Set(engineUrns(stack.resources, false).values());
        const moved = pinned["acct1-appmesh"].filter((urn) => !current.has(urn));
        assert.ok(moved.length > 50, `expected most URNs under renamed components to differ without aliases, got ${moved.length}`);
        assert.ok(moved.includes("urn:pulumi:acct1-appmesh::cellmesh::cellmesh:mesh:CellService$cellmesh:ecs:FargateMeshService$aws:ecs/service:Service::serviceb-cell1-service"));
    });
});
