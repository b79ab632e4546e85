// A version per cell: a cell is a weight or `{ weight, image?, environment?, desiredCount? }`. The
// loader's exact messages for every field, and on every engine x compute a cell with its own image
// changes that cell's task definition or Deployment and nothing else.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { parseStackConfig } from "../../config/load";
import { RawConfig } from "../../config/types";
import { loadProject } from "../../plan/load";
import { Plan } from "../../plan/model";
import { makePlan } from "../../plan/plan";
import { loaderProblems } from "../helpers/configProblems";
import { ROOT, rawLatticeSample, rawSample } from "../helpers/fixtures";

const problems = (raw: RawConfig, stack = "acct1") => loaderProblems(raw, stack);

/** The App Mesh owner sample with serviceb's cells replaced. */
const appMesh = (cells: unknown, extra: Record<string, unknown> = {}): RawConfig => ({
    ...rawSample("acct1-appmesh"),
    "cellmesh:services": {
        servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
        serviceb: { port: 5001, cells, ...extra },
    },
});
/** The VPC Lattice owner sample (root) with serviceb's cells replaced. */
const lattice = (cells: unknown): RawConfig => ({
    ...rawLatticeSample("acct1"),
    "cellmesh:services": {
        servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
        serviceb: { port: 5001, cells },
    },
});

describe("config: a version per cell (cells as objects)", () => {
    it("reads plain weights as before and objects with their overrides", () => {
        const c = parseStackConfig(appMesh({ cell1: 50, cell2: { weight: 50, image: "ghcr.io/acme/b:2.0.1", environment: { FEATURE: "on", LEVEL: 2 }, desiredCount: 3 } }), "acct1");
        assert.deepEqual(c.services[1].cells, [
            { name: "cell1", weight: 50 },
            { name: "cell2", weight: 50, overrides: { image: "ghcr.io/acme/b:2.0.1", environment: { FEATURE: "on", LEVEL: "2" }, desiredCount: 3 } },
        ]);
        // A cell object with only a weight has no overrides (it plans like a plain weight).
        assert.deepEqual(parseStackConfig(appMesh({ cell1: { weight: 100 } }), "acct1").services[1].cells, [{ name: "cell1", weight: 100 }]);
    });

    it("accepts what `pulumi config set --path` writes: strings for numbers, JSON text for objects", () => {
        const raw = { ...appMesh({}), "cellmesh:services": JSON.stringify({ serviceb: { port: "5001", cells: { cell1: "20", cell2: { weight: "80", desiredCount: "2" } } } }) };
        assert.deepEqual(parseStackConfig(raw, "acct1").services[0].cells, [{ name: "cell1", weight: 20 }, { name: "cell2", weight: 80, overrides: { desiredCount: 2 } }]);
    });

    const cases: Array<[string, RawConfig, string[]]> = [
        ["an image without a pinned tag", appMesh({ cell1: 50, cell2: { weight: 50, image: "nginx:latest" } }),
            ['cellmesh:services.serviceb.cells.cell2.image = "nginx:latest": an image reference with an explicit tag other than latest (or a digest)']],
        ["an untagged image", appMesh({ cell1: 50, cell2: { weight: 50, image: "ghcr.io/acme/b" } }),
            ['cellmesh:services.serviceb.cells.cell2.image = "ghcr.io/acme/b": an image reference with an explicit tag other than latest (or a digest)']],
        ["a variable cellmesh sets", appMesh({ cell1: 50, cell2: { weight: 50, environment: { CELL_NAME: "x" } } }),
            ['cellmesh:services.serviceb.cells.cell2.environment.CELL_NAME = "x": SERVICE_NAME, CELL_NAME, PORT, BACKENDS are set by cellmesh; use another name']],
        ["an environment that is not a map", appMesh({ cell1: 50, cell2: { weight: 50, environment: ["A=1"] } }),
            ['cellmesh:services.serviceb.cells.cell2.environment = ["A=1"]: a map of environment variable names to string values, e.g. { REDIS_SERVER_ENDPOINT: redis-server.backend.yelb.local }']],
        ["a desired count out of range", appMesh({ cell1: 50, cell2: { weight: 50, desiredCount: 101 } }),
            ["cellmesh:services.serviceb.cells.cell2.desiredCount = 101: an integer from 0 to 100 (tasks per cell)"]],
        ["a cell that takes traffic with no tasks of its own", appMesh({ cell1: 50, cell2: { weight: 50, desiredCount: 0 } }),
            ["cellmesh:services.serviceb.cells.cell2.desiredCount = 0: cell cell2 has weight 50, so it takes traffic and needs tasks: an integer from 1 to 100, or weight 0 to take the cell out of traffic first"]],
        ["cells that take traffic inheriting the service's desiredCount 0", appMesh({ cell1: 40, cell2: { weight: 50, desiredCount: 2 }, cell3: 10, cell4: 0 }, { desiredCount: 0 }),
            ["cellmesh:services.serviceb.desiredCount = 0: cells cell1, cell3 take traffic (weight above 0) and would have no tasks: an integer from 1 to 100, or give those cells weight 0 or a desiredCount of their own"]],
        ["one cell that takes traffic inheriting the service's desiredCount 0", appMesh({ cell1: 100, cell2: 0 }, { desiredCount: 0 }),
            ["cellmesh:services.serviceb.desiredCount = 0: cell cell1 takes traffic (weight above 0) and would have no tasks: an integer from 1 to 100, or give that cell weight 0 or a desiredCount of its own"]],
        ["a drained cell (weight 0) with no tasks is accepted", appMesh({ cell1: 100, cell2: { weight: 0, desiredCount: 0 } }), []],
        ["an unknown cell setting", appMesh({ cell1: 50, cell2: { weight: 50, cpu: 256 } }),
            ["cellmesh:services.serviceb.cells.cell2.cpu = 256: not a cell setting; valid settings are weight, image, environment, desiredCount"]],
        ["an object without a weight", appMesh({ cell1: 50, cell2: { image: "ghcr.io/acme/b:2.0.1" } }),
            ["cellmesh:services.serviceb.cells.cell2.weight = (not set): a cell written as an object needs its weight: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100"]],
        ["an object's weight out of range (App Mesh)", appMesh({ cell1: 50, cell2: { weight: 150 } }),
            ["cellmesh:services.serviceb.cells.cell2.weight = 150: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100"]],
        ["an object's weight that is not a number", appMesh({ cell1: 50, cell2: { weight: "half" } }),
            ['cellmesh:services.serviceb.cells.cell2.weight = "half": a weight must be an integer from 0 to 100, all of a service\'s weights adding up to at most 100']],
        ["an object's weight above 999 (VPC Lattice)", lattice({ cell1: 50, cell2: { weight: 1000 } }),
            ["cellmesh:services.serviceb.cells.cell2.weight = 1000: a weight must be an integer from 0 to 999 (VPC Lattice weights are relative: 50/50 = 1/1)"]],
        ["objects whose weights are all 0 (the service's rule, as for plain weights)", lattice({ cell1: 0, cell2: { weight: 0, image: "ghcr.io/acme/b:2.0.1" } }),
            ['cellmesh:services.serviceb.cells = "cell1=0 cell2=0": every weight is 0, so the service would get no traffic; give at least one cell a weight above 0']],
        ["a gRPC service: a cell without an image would run the HTTP/1.1 demo app", appMesh({ cell1: 50, cell2: { weight: 50, image: "ghcr.io/acme/b:2.0.1" } }, { protocol: "grpc" }),
            ["cellmesh:services.serviceb.image = (not set): the demo app speaks HTTP/1.1 only; a grpc service needs your own image"]],
    ];
    for (const [title, raw, expected] of cases) it(title, () => assert.deepEqual(problems(raw), expected));

    it("a gRPC service whose every cell has its own image needs no service image", () => {
        assert.deepEqual(problems(appMesh({ cell1: { weight: 50, image: "ghcr.io/acme/b:1.0.0" }, cell2: { weight: 50, image: "ghcr.io/acme/b:2.0.1" } }, { protocol: "grpc" })), []);
    });
});

/** Every engine x compute: the owner stack of a sample, and the service and cell given an image of its own. */
const SAMPLES = [
    { title: "VPC Lattice on ECS", dir: ".", stack: "acct1", workload: "aws:ecs/taskDefinition:TaskDefinition" },
    { title: "VPC Lattice on EKS", dir: "examples/lattice-eks", stack: "acct1-lattice-eks", workload: "kubernetes:apps/v1:Deployment" },
    { title: "App Mesh on ECS", dir: "examples/appmesh", stack: "acct1-appmesh", workload: "aws:ecs/taskDefinition:TaskDefinition" },
    { title: "App Mesh on EKS", dir: "examples/appmesh-eks", stack: "acct1-appmesh-eks", workload: "kubernetes:apps/v1:Deployment" },
] as const;
const IMAGE = "ghcr.io/acme/serviceb:2.0.1";

/** The image of the app container of a task definition or Deployment's inputs. */
function imageOf(r: { type: string; inputs: Record<string, unknown> }): string {
    const containers = r.type.startsWith("kubernetes:") ? (r.inputs.spec as any).template.spec.containers : JSON.parse(r.inputs.containerDefinitions as string);
    return containers.find((c: { name: string }) => c.name === "app").image;
}

describe("a cell with an image of its own, on every engine x compute (planned)", function () {
    this.timeout(60000);
    for (const s of SAMPLES) {
        it(`${s.title}: only that cell's ${s.workload.split(":").pop()} changes, and the plan shows each cell's image`, async () => {
            const dir = path.join(ROOT, s.dir);
            const file = path.join(dir, `Pulumi.${s.stack}.yaml`);
            const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config: Record<string, any> };
            const services = doc.config["cellmesh:services"];
            const service = Object.keys(services).pop()!;
            const cell = Object.keys(services[service].cells).pop()!;
            services[service].cells[cell] = { weight: services[service].cells[cell], image: IMAGE };
            const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-cell-image-"));
            try {
                fs.writeFileSync(path.join(scratch, `Pulumi.${s.stack}.yaml`), stringify(doc));
                const before: Plan = await makePlan(loadProject({ dir, stack: s.stack }));
                const after: Plan = await makePlan(loadProject({ dir, stack: s.stack, configFiles: [path.join(scratch, `Pulumi.${s.stack}.yaml`)] }));
                const old = new Map(before.stacks.find((p) => p.stack === s.stack)!.resources.map((r) => [r.urn, JSON.stringify(r.inputs)]));
                const stack = after.stacks.find((p) => p.stack === s.stack)!;
                const changed = stack.resources.filter((r) => old.get(r.urn) !== JSON.stringify(r.inputs));
                assert.deepEqual(changed.map((r) => [r.type, r.name]), [[s.workload, s.workload.startsWith("kubernetes:") ? `${service}-${cell}` : `${service}-${cell}-taskdef`]]);
                assert.equal(imageOf(changed[0]), IMAGE);
                assert.equal(stack.resources.length, old.size);
                const weights = after.weights.find((w) => w.stack === s.stack && w.service.startsWith(`${service}.`))!;
                assert.equal(weights.images?.[cell], IMAGE);
                assert.equal(new Set(Object.values(weights.images ?? {})).size, 2);
                assert.equal(before.weights.find((w) => w.stack === s.stack && w.service.startsWith(`${service}.`))!.images, undefined);
            } finally {
                fs.rmSync(scratch, { recursive: true, force: true });
            }
        });
    }
});
