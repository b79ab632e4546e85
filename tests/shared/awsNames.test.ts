// Every AWS name cellmesh makes from config fits its limit (shared/awsNames.ts): by construction
// (Pulumi's autonames get a short, hashed, stable logical name only when the natural one would
// overflow) or by a loader message naming the key, the value and the limit. Each kind at its limit
// and one over.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ecsDerivedNames } from "../../compute/names";
import { derivedNameProblem } from "../../config/derivedNames";
import { latticeNameProblem } from "../../engines/lattice/limits";
import { loadProject } from "../../plan/load";
import { makePlan } from "../../plan/plan";
import { AUTONAME_SUFFIX, NAME_LIMITS, albTargetGroupName, autonamed, cellOfAlbTargetGroup } from "../../shared/awsNames";
import { loaderProblems as problems } from "../helpers/configProblems";
import { ROOT, SAMPLES, rawLatticeEksSample, rawLatticeSample } from "../helpers/fixtures";

const name = (n: number, c = "a") => c.repeat(n);

describe("AWS name limits: by construction (Pulumi autonames)", () => {
    for (const kind of ["albName", "albTargetGroup", "iamRole"] as const) {
        const max = NAME_LIMITS[kind].max;
        it(`${kind}: a logical name of ${max - AUTONAME_SUFFIX} is kept (its autoname is ${max}), one more gets a stable short form that fits`, () => {
            const atLimit = name(max - AUTONAME_SUFFIX);
            assert.equal(autonamed(kind, atLimit), atLimit);
            const over = name(max - AUTONAME_SUFFIX + 1);
            const short = autonamed(kind, over);
            assert.equal(short.length + AUTONAME_SUFFIX, max);
            assert.equal(autonamed(kind, over), short, "stable");
            assert.notEqual(autonamed(kind, `${over}x`), autonamed(kind, `${over}y`), "two names that start alike stay apart");
            assert.match(short, /^a+-[0-9a-f]{6}$/);
        });
    }

    it("an ALB target group keeps its cell's name at the end when it fits, and the plan finds the cell by rebuilding the names", () => {
        const short = autonamed("albTargetGroup", "payments-authorization-ingress-cell1", "cell1");
        assert.equal(short, "payments-au-2abf9c-cell1");
        assert.equal(albTargetGroupName("payments-authorization-ingress", "cell1"), short);
        assert.equal(cellOfAlbTargetGroup("payments-authorization-ingress", short, ["cell2", "cell1"]), "cell1");
        assert.equal(cellOfAlbTargetGroup("servicea-ingress", "servicea-ingress-cell2", ["cell1", "cell2"]), "cell2");
        assert.equal(cellOfAlbTargetGroup("other-ingress", short, ["cell1", "cell2"]), undefined);
        assert.equal(cellOfAlbTargetGroup("servicea-ingress", "servicea-ingress-cell3", ["cell1", "cell2"]), undefined, "a cell not known");
    });

    it("cells of 16+ characters sharing a prefix: their target group names hold only a hash, and each maps back to its own cell", () => {
        const cells = ["canary-eu-west-1a", "canary-eu-west-1b"];
        const names = cells.map((c) => albTargetGroupName("servicea-ingress", c));
        // No cell in the name (16 + 6 + 3 > 24): reading the part after "servicea-ingress-" would give the hash.
        assert.deepEqual(names, ["servicea-ingress-bfed10", "servicea-ingress-82cb59"]);
        assert.deepEqual(names.map((n) => cellOfAlbTargetGroup("servicea-ingress", n, cells)), cells);
        // A 15-character cell still fits after the hash.
        assert.equal(albTargetGroupName("servicea-ingress", "canary-eu-west1"), "s-ed4129-canary-eu-west1");
        assert.equal(cellOfAlbTargetGroup("servicea-ingress", "s-ed4129-canary-eu-west1", ["canary-eu-west1", ...cells]), "canary-eu-west1");
    });

    it("an ALB name never begins with internal- (CreateLoadBalancer refuses it)", () => {
        assert.equal(autonamed("albName", "internal-api-ingress-alb"), "i-api-ingress-alb-bbd6c6");
        assert.equal(autonamed("albName", "api-ingress-alb"), "api-ingress-alb");
    });
});

describe("AWS name limits: by a loader message", () => {
    for (const kind of ["ecsCluster", "ecsFamily", "logGroup", "eksCluster", "dnsName"] as const) {
        const max = NAME_LIMITS[kind].max;
        it(`${kind}: ${max} characters pass, ${max + 1} are refused with the limit and its source`, () => {
            const d = (n: number) => ({ kind, name: name(n), what: "the thing", key: "k", value: "v" });
            assert.equal(derivedNameProblem(d(max)), undefined);
            assert.equal(derivedNameProblem(d(max + 1)), `the thing made from it, "${name(max + 1)}", has ${max + 1} characters; AWS allows at most ${max} (${NAME_LIMITS[kind].source})`);
        });
    }

    it("a stack name with a period (Pulumi allows it, ECS does not): one message, not one per cell", () => {
        assert.deepEqual(problems(rawLatticeSample("acct1"), "acct1.prod"), [
            'stack name = "acct1.prod": the ECS cluster made from it, "cellmesh-acct1.prod", may hold only letters, digits, hyphens and underscores (ECS CreateCluster clusterName: up to 255 letters, digits, hyphens and underscores): rename Pulumi.acct1.prod.yaml',
        ]);
    });

    it("EKS: the cluster cellmesh-<stack> has at most 100 characters, so a stack name at most 91", () => {
        assert.deepEqual(problems(rawLatticeEksSample("acct1-lattice-eks"), name(91, "s")), []);
        assert.deepEqual(problems(rawLatticeEksSample("acct1-lattice-eks"), name(92, "s")), [
            `stack name = "${name(92, "s")}": the EKS cluster made from it, "cellmesh-${name(92, "s")}", has 101 characters; AWS allows at most 100 (${NAME_LIMITS.eksCluster.source}): rename Pulumi.${name(92, "s")}.yaml`,
        ]);
    });

    it("ECS family, service and log group fit by construction: Pulumi's 100-character stack names and 63-character <service>-<cell>", () => {
        const raw = rawLatticeSample("acct1");
        const services = { servicea: { port: 5001, cells: { [name(63 - "servicea-".length, "c")]: 1 } } };
        assert.deepEqual(problems({ ...raw, "cellmesh:services": services }, name(100, "s")), []);
        // Pulumi refuses longer stack names ("stack names are limited to 100 characters"): these are the
        // longest names ECS makes, the family (also the ECS service's name) 100 + 1 + 63 and its log group 174.
        const longest = ecsDerivedNames(name(100, "s"), [{ name: "servicea", cells: [{ name: name(63 - "servicea-".length, "c") }] }]);
        assert.deepEqual(longest.map((d) => [d.kind, d.name.length, derivedNameProblem(d)]), [["ecsCluster", 109, undefined], ["ecsFamily", 164, undefined], ["logGroup", 174, undefined]]);
    });

    it("a service's DNS name: 253 characters pass, 254 are refused naming the service", () => {
        const raw = rawLatticeSample("acct1");
        // servicea.<namespace> and serviceb.<namespace>: a namespace of 244 makes 253.
        const ns = (n: number) => `${name(n - 4 - 63 - 1 - 63 - 1 - 63 - 1, "d")}.${name(63, "e")}.${name(63, "f")}.${name(63, "g")}.com`;
        assert.equal(ns(244).length, 244);
        const with244 = problems({ ...raw, "cellmesh:namespace": ns(244), "cellmesh:services": { servicea: { port: 5001, cells: { cell1: 1 } } } }, "acct1");
        assert.deepEqual(with244, []);
        const with245 = problems({ ...raw, "cellmesh:namespace": ns(245), "cellmesh:services": { servicea: { port: 5001, cells: { cell1: 1 } } } }, "acct1");
        assert.deepEqual(with245, [
            `cellmesh:services.servicea = "servicea": the DNS name clients dial made from it, "servicea.${ns(245)}", has 254 characters; AWS allows at most 253 (${NAME_LIMITS.dnsName.source}): shorten the service name or cellmesh:namespace`,
        ]);
    });

    it("VPC Lattice: service 40, target group 128, service network 63, listener rule 63 (at the limit, one over)", () => {
        assert.equal(latticeNameProblem("service", name(40)), undefined);
        assert.equal(latticeNameProblem("service", name(41)), "3 to 40 characters");
        assert.equal(latticeNameProblem("targetGroup", name(128)), undefined);
        assert.equal(latticeNameProblem("targetGroup", name(129)), "3 to 128 characters");
        assert.equal(latticeNameProblem("serviceNetwork", name(63)), undefined);
        assert.equal(latticeNameProblem("serviceNetwork", name(64)), "3 to 63 characters");
        assert.equal(latticeNameProblem("rule", name(63)), undefined);
        assert.equal(latticeNameProblem("rule", name(64)), "3 to 63 characters");
    });

    it("VPC Lattice through the loader: a 41-character service, and a cell whose pin rule would have 64 characters", () => {
        const raw = rawLatticeSample("acct1");
        const svc = (n: string, cells: Record<string, number>, extra: Record<string, unknown> = {}) => ({ ...raw, "cellmesh:services": { [n]: { port: 5001, cells, ...extra } } });
        assert.deepEqual(problems(svc(name(40, "s"), { cell1: 1 }), "acct1"), []);
        assert.deepEqual(problems(svc(name(41, "s"), { cell1: 1 }), "acct1"), [
            `cellmesh:services.${name(41, "s")} = "${name(41, "s")}": not a valid VPC Lattice service name (3 to 40 characters); rename the service`,
        ]);
        const pinned = { cellPinning: { header: "x-cell" } };
        // A cell of 59 beside a 3-character service (the shortest Lattice takes; <service>-<cell> is then 63):
        // its header pin pin-<cell> has 63 characters, its path pin path-<cell> 64.
        assert.deepEqual(problems(svc("abc", { [name(59, "c")]: 1 }, pinned), "acct1"), []);
        assert.deepEqual(problems(svc("abc", { [name(59, "c")]: 1 }, { cellPinning: { header: "x-cell", paths: { [name(59, "c")]: "/c" } } }), "acct1"), [
            `cellmesh:services.abc.cells.${name(59, "c")} = "${name(59, "c")}": the listener rule name "path-${name(59, "c")}" made from it is not valid on VPC Lattice (3 to 63 characters); shorten the cell name`,
        ]);
    });
});

describe("a service named payments-authorization with ingress: true plans on every engine and compute", function () {
    this.timeout(60000);
    const LIMIT: Record<string, number> = { "aws:lb/loadBalancer:LoadBalancer": 32, "aws:lb/targetGroup:TargetGroup": 32, "aws:iam/role:Role": 64 };
    for (const sample of Object.keys(SAMPLES) as (keyof typeof SAMPLES)[]) {
        it(`${sample}: every autoname fits, and the plan still shows the ALB's split by cell`, async () => {
            const { dir, owner } = SAMPLES[sample];
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-names-"));
            try {
                const file = path.join(tmp, `Pulumi.${owner}.yaml`);
                fs.writeFileSync(file, fs.readFileSync(path.join(ROOT, dir, `Pulumi.${owner}.yaml`), "utf8").replaceAll("servicea", "payments-authorization"));
                const plan = await makePlan(loadProject({ dir: path.join(ROOT, dir), configFiles: [file], stack: owner }));
                const named = plan.stacks[0].resources.filter((r) => LIMIT[r.type] !== undefined);
                assert.ok(named.length > 0);
                for (const r of named) assert.ok(r.name.length + AUTONAME_SUFFIX <= LIMIT[r.type], `${r.type} ${r.name}: ${r.name.length + AUTONAME_SUFFIX} > ${LIMIT[r.type]}`);
                const alb = plan.weights.find((w) => w.service.startsWith("payments-authorization."))?.alb;
                if (sample === "appmesh-eks") {
                    assert.equal(alb, undefined); // its entry is the virtual gateway's load balancer, not an ALB
                } else {
                    assert.deepEqual(alb?.targets.map((t) => t.cell), ["cell1", "cell2"]);
                    assert.ok(named.some((r) => r.name === "payments-authoriz-c1600c"), named.map((r) => r.name).join(", "));
                }
            } finally {
                fs.rmSync(tmp, { recursive: true, force: true });
            }
        });
    }
});
