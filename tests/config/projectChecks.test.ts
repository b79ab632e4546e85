// The checks across a project's stacks that need no AWS (config/projectChecks.ts), run by the
// driver's and the plan's discovery: one message per root cause, exact texts.

import * as assert from "node:assert/strict";
import { DriverError } from "../../automation/errors";
import { runPlanCli } from "../../plan/cli";
import { consumerYaml, OWNER_YAML, Sandbox } from "../automation/helpers";

const lattice = (yaml: string) => yaml.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");

/** The one error discovery throws for these stack files (or "ok"). */
function refusal(stacks: Record<string, string>): string {
    const sb = new Sandbox(stacks);
    try {
        sb.project();
        return "ok";
    } catch (err) {
        assert.ok(err instanceof DriverError, String(err));
        return err.message;
    } finally {
        sb.dispose();
    }
}

const ROUTE53 = "every account's namespace is a private zone associated with the owner's VPC, and Route 53 does not associate one VPC with two private zones of the same name (ConflictingDomainExists)";

describe("checks across stacks, before AWS (config/projectChecks.ts)", () => {
    it("two owners: one message naming both, not the second file's role-dependent problems", () => {
        const acct2AsOwner = consumerYaml("222222222222", "acct2").replace("cellmesh:role: consumer", "cellmesh:role: owner");
        assert.equal(refusal({ acct1: OWNER_YAML, acct2: acct2AsOwner }),
            "two owners: stacks acct1 and acct2 both have cellmesh:role: owner, and a mesh has exactly one owner; Pulumi.acct2.yaml is otherwise a valid consumer config: set cellmesh:role: consumer there");
        const secondOwner = OWNER_YAML.replace('["111111111111"]', '["222222222222"]').replace('["222222222222", "333333333333"]', '["111111111111"]');
        assert.equal(refusal({ acct1: OWNER_YAML, acct2: secondOwner }),
            "two owners: stacks acct1 and acct2 both have cellmesh:role: owner, and a mesh has exactly one owner; keep cellmesh:role: owner in one file and make the others consumers (cellmesh:role: consumer, with cellmesh:ownerStack and cellmesh:ownerAccess)");
    });

    it("a consumer on another engine: one message, not the keys that engine refuses", () => {
        assert.equal(refusal({ acct1: lattice(OWNER_YAML), acct2: consumerYaml("222222222222", "acct2") }),
            'stack acct2: cellmesh:engine = "appmesh" but the owner stack acct1 uses lattice; every stack of a mesh uses the same engine (to move from App Mesh to VPC Lattice, deploy new lattice stacks beside the App Mesh ones)');
    });

    it("a consumer invalid on any engine keeps its own problems", () => {
        const broken = consumerYaml("222222222222", "acct2").replace("port: 5001", "port: 70000");
        assert.match(refusal({ acct1: lattice(OWNER_YAML), acct2: broken }), /^Invalid cellmesh config for stack "acct2":\n {2}- cellmesh:services\.servicex\.port = 70000: an integer port from 1 to 65535/);
    });

    it("one region for every stack (also with --skip-preflight: it is no longer a preflight check)", () => {
        assert.equal(refusal({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2", "eu-west-1") }),
            "stack acct2 (account 222222222222) uses region eu-west-1 but acct1 uses us-east-1; App Mesh is regional and a mesh is shared only within its region: set aws:region: us-east-1 in Pulumi.acct2.yaml");
        assert.equal(refusal({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2", "eu-west-1")) }),
            "stack acct2 (account 222222222222) uses region eu-west-1 but acct1 uses us-east-1; VPC Lattice is regional and a service network is shared only within its region: set aws:region: us-east-1 in Pulumi.acct2.yaml");
    });

    it("namespaces: unique across the consumers, and not the owner's", () => {
        assert.equal(refusal({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2"), acct3: consumerYaml("333333333333", "acct3", "us-east-1", "internal-domain2.com") }),
            `stacks acct2 and acct3 both have cellmesh:namespace: internal-domain2.com; ${ROUTE53}: give each stack a namespace of its own`);
        assert.equal(refusal({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2", "us-east-1", "internal-domain1.com") }),
            `stack acct2: cellmesh:namespace = "internal-domain1.com" is the owner stack acct1's namespace; ${ROUTE53}: give acct2 a namespace of its own`);
    });

    it("remote backends: served by some stack, on the port it listens on", () => {
        const owner = OWNER_YAML.replace("backends: [serviceb]", "backends: [serviceb, servicey.internal-domain2.com, servicex.internal-domain9.com, servicex.internal-domain2.com:5002]");
        assert.equal(refusal({ acct1: owner, acct2: consumerYaml("222222222222", "acct2") }), [
            'stack acct1: backend "servicey.internal-domain2.com" (of servicea) is served by no stack: stack acct2 (namespace internal-domain2.com) has no service servicey; its services are servicex',
            'stack acct1: backend "servicex.internal-domain9.com" (of servicea) is in no stack\'s namespace: no stack of this project has cellmesh:namespace internal-domain9.com; the namespaces are internal-domain1.com (acct1), internal-domain2.com (acct2)',
            'stack acct1: backend "servicex.internal-domain2.com" (of servicea) dials port 5002, but servicex of stack acct2 listens on 5001; write it as servicex.internal-domain2.com:5001',
        ].join("\n"));
        // Two services calling the same missing backend: one message naming both.
        const twice = OWNER_YAML.replace("backends: [serviceb]", "backends: [serviceb, servicey.internal-domain2.com]")
            .replace(/(serviceb:\n {6}port: 5001\n)/, "$1      backends: [servicey.internal-domain2.com]\n");
        assert.equal(refusal({ acct1: twice, acct2: consumerYaml("222222222222", "acct2") }),
            'stack acct1: backend "servicey.internal-domain2.com" (of servicea, serviceb) is served by no stack: stack acct2 (namespace internal-domain2.com) has no service servicey; its services are servicex');
    });

    it("the offline plan refuses the same, with the same words", async () => {
        const sb = new Sandbox({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2", "eu-west-1")) });
        try {
            await assert.rejects(runPlanCli(["--dir", sb.projectDir, "--out", `${sb.root}/out`]), new DriverError(
                "stack acct2 (account 222222222222) uses region eu-west-1 but acct1 uses us-east-1; VPC Lattice is regional and a service network is shared only within its region: set aws:region: us-east-1 in Pulumi.acct2.yaml"));
        } finally {
            sb.dispose();
        }
    });
});
