// Names unique per AWS account across every stack of the project (stacks/sharedNames.ts): the
// service network (or App Mesh mesh) names and the stack names of every sample folder, checked by
// the driver's and the plan's discovery before anything runs.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { discoverProject, projectSampleDirs, readStackFile, stackFiles } from "../automation/discovery";
import { DriverError } from "../automation/errors";
import { runPlanCli } from "../plan/cli";
import { CellmeshConfig, parseStackConfig } from "../stacks/config";
import { ProjectStack, sharedNameProblems } from "../stacks/sharedNames";
import { consumerYaml, OWNER_YAML, Sandbox } from "./automation/helpers";
import { ROOT, ownerLatticeEksSample, ownerLatticeSample, ownerSample } from "./fixtures";

const at = (name: string, dir: string, config: CellmeshConfig): ProjectStack => ({ name, dir, config });

describe("names unique per account across the project's stacks (stacks/sharedNames.ts)", () => {
    it("refuses two owners that would create the same service network name in one account and region, naming both stacks and their folders", () => {
        const a = ownerLatticeSample();
        const b = ownerLatticeEksSample({ "cellmesh:meshName": "multiaccountmeshdemo" });
        assert.deepEqual(sharedNameProblems([at("acct1", ".", a), at("acct1-lattice-eks", "examples/lattice-eks", b)]), [
            'stacks acct1 (.) and acct1-lattice-eks (examples/lattice-eks) would both create the VPC Lattice service network "multiaccountmeshdemo" in account 111111111111 (us-east-1); its name must be unique in the account (CreateServiceNetwork): give one of them another cellmesh:meshName',
        ]);
    });

    it("the same for App Mesh meshes, and for three stacks at once", () => {
        const mesh = ownerSample();
        assert.deepEqual(sharedNameProblems([at("a", "x", mesh), at("b", "y", mesh), at("c", "z", mesh)]), [
            'stacks a (x), b (y) and c (z) would each create the App Mesh mesh "multiaccountmeshdemo" in account 111111111111 (us-east-1); its name must be unique in the account (CreateMesh): give one of them another cellmesh:meshName',
        ]);
    });

    it("accepts the same name in another account or region, a mesh and a network of one name, and consumers (they create no network)", () => {
        const network = ownerLatticeSample();
        assert.deepEqual(sharedNameProblems([
            at("acct1", ".", network),
            at("other-account", "x", ownerLatticeSample({ "aws:allowedAccountIds": ["333333333333"] })),
            at("other-region", "y", ownerLatticeSample({ "aws:region": "eu-west-1" })),
            at("mesh", "z", ownerSample()),
        ]), []);
    });

    it("refuses two stacks of one name in one account (their clusters, task families and log groups would collide)", () => {
        const a = ownerLatticeSample();
        assert.deepEqual(sharedNameProblems([at("acct1", ".", a), at("acct1", "examples/twin", ownerLatticeSample({ "cellmesh:meshName": "twin" }))]), [
            "stacks acct1 (.) and acct1 (examples/twin) have the same name in account 111111111111 (us-east-1); cellmesh names a stack's cluster (cellmesh-acct1), task families and log groups after it, so they would collide: rename one of the stack files",
        ]);
    });

    it("with a focus folder, reports only clashes that involve it", () => {
        const mesh = ownerSample();
        assert.deepEqual(sharedNameProblems([at("a", "x", mesh), at("b", "y", mesh), at("c", "z", ownerLatticeSample())], "z"), []);
        assert.equal(sharedNameProblems([at("a", "x", mesh), at("b", "y", mesh)], "y").length, 1);
    });
});

describe("the repository's samples can run side by side in the same accounts", () => {
    it("the project's sample folders are the root and each examples/ folder", () => {
        assert.deepEqual(projectSampleDirs(ROOT).map((d) => path.relative(ROOT, d) || "."),
            [".", "examples/appmesh", "examples/appmesh-eks", "examples/lattice-eks", "examples/yelb"]);
        assert.deepEqual(projectSampleDirs(path.join(ROOT, "examples", "lattice-eks")), projectSampleDirs(ROOT));
    });

    it("no two stacks of any samples create the same network or mesh name, or carry the same stack name, in one account", () => {
        const all: ProjectStack[] = projectSampleDirs(ROOT).flatMap((dir) => stackFiles(dir).map((f) =>
            at(f.name, path.relative(ROOT, dir) || ".", parseStackConfig(readStackFile(f.file, "cellmesh"), f.name))));
        assert.equal(all.length, 10);
        assert.deepEqual(sharedNameProblems(all), []);
        // Each owner's network or mesh, by account: all different.
        assert.deepEqual(all.filter((s) => s.config.role === "owner").map((s) => `${s.config.accountId} ${s.config.engine} ${s.config.role === "owner" ? s.config.meshName : ""}`).sort(), [
            "111111111111 appmesh multiaccountmeshdemo",
            "111111111111 appmesh multiaccountmeshdemo-eks",
            "111111111111 appmesh yelb",
            "111111111111 lattice multiaccountmeshdemo",
            "111111111111 lattice multiaccountmeshdemo-eks",
        ]);
        for (const dir of projectSampleDirs(ROOT)) assert.ok(discoverProject(dir).owner, dir);
    });
});

describe("the driver and the plan refuse a clash with another folder of the project", function () {
    this.timeout(60000);
    let sb: Sandbox;
    const twin = (owner: string) => {
        const dir = path.join(sb.projectDir, "examples", "twin");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: cellmesh\nruntime: nodejs\nmain: ../../stacks/\n");
        fs.writeFileSync(path.join(dir, "Pulumi.twin1.yaml"), owner);
        fs.writeFileSync(path.join(dir, "Pulumi.twin2.yaml"), consumerYaml("222222222222", "acct2").replace("organization/cellmesh/acct1", "organization/cellmesh/twin1"));
        return dir;
    };
    const CLASH = 'stacks acct1 (.) and twin1 (examples/twin) would both create the App Mesh mesh "cellmesh" in account 111111111111 (us-east-1); its name must be unique in the account (CreateMesh): give one of them another cellmesh:meshName';
    beforeEach(() => { sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") }); });
    afterEach(() => sb.dispose());

    it("discovery (the driver) refuses, in either folder, with one message naming both stacks, the account and the name", () => {
        const dir = twin(OWNER_YAML);
        assert.throws(() => discoverProject(sb.projectDir), new DriverError(CLASH));
        assert.throws(() => discoverProject(dir), new DriverError(CLASH.replace("stacks acct1 (.) and twin1 (examples/twin)", "stacks twin1 (examples/twin) and acct1 (.)")));
    });

    it("the plan refuses with the same message, with --config too (a scratch copy of the folder)", async () => {
        twin(OWNER_YAML);
        await assert.rejects(runPlanCli(["--dir", sb.projectDir, "--no-diagram", "--out", path.join(sb.root, "out")]), new DriverError(CLASH));
        const edited = path.join(sb.root, "Pulumi.acct2.yaml");
        fs.writeFileSync(edited, consumerYaml("222222222222", "acct2"));
        await assert.rejects(runPlanCli(["--dir", sb.projectDir, "--config", edited, "--no-diagram", "--out", path.join(sb.root, "out")]), new DriverError(CLASH));
    });

    it("another mesh name in the other folder is accepted", () => {
        twin(OWNER_YAML.replace("cellmesh:meshName: cellmesh", "cellmesh:meshName: twin"));
        assert.equal(discoverProject(sb.projectDir).owner?.name, "acct1");
    });
});
