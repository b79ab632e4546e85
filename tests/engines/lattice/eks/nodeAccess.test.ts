// allowLatticeToNodes on the mock runtime: one ingress rule per service port on the node security
// group, from the region's VPC Lattice managed prefix list only.

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { allowLatticeToNodes, latticePrefixListName, nodeAccessProblem } from "../../../../engines/lattice/eks/nodeAccess";
import { runOnMocks } from "../../../helpers/harness";
import { runCellmeshPack } from "../../../policy/helpers";
import { WORLD } from "./fixtures";

const RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("Lattice EKS: allowLatticeToNodes", () => {
    it("one TCP rule per port on the node security group, source the VPC Lattice prefix list of the region", async () => {
        const { recording } = await runOnMocks(WORLD, () => {
            allowLatticeToNodes("lattice-nodes", { region: "us-east-1", nodeSecurityGroupId: pulumi.output("sg-nodes-111111111111"), ports: [5001, 8080] });
        });
        assert.deepEqual(recording.countsByType(), { [RULE]: 2 });
        for (const port of [5001, 8080]) {
            assert.deepEqual(recording.get(RULE, `lattice-nodes-${port}`).inputs, {
                securityGroupId: "sg-nodes-111111111111",
                // The harness answers the look-up of `com.amazonaws.us-east-1.vpc-lattice` with `pl-vpc-lattice`.
                prefixListId: "pl-vpc-lattice",
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                description: `VPC Lattice to pods on TCP ${port}`,
            });
        }
        assert.equal(latticePrefixListName("eu-west-1"), "com.amazonaws.eu-west-1.vpc-lattice");
        assert.deepEqual(runCellmeshPack(recording.resources), [], "no open ingress");
    });

    it("the rules take the parent given in opts", async () => {
        const { recording } = await runOnMocks(WORLD, () => {
            const parent = new pulumi.ComponentResource("cellmesh:test:Parent", "p");
            allowLatticeToNodes("lattice-nodes", { region: "us-east-1", nodeSecurityGroupId: "sg-1", ports: [80] }, { parent });
        });
        assert.equal(recording.get(RULE, "lattice-nodes-80").parent, recording.get("cellmesh:test:Parent", "p").urn);
    });

    const cases: [string, number[], string][] = [
        ["no ports", [], "ports is empty; list the services' ports"],
        ["a port out of range", [0], "port 0 is not an integer from 1 to 65535"],
        ["a fractional port", [80.5], "port 80.5 is not an integer from 1 to 65535"],
        ["a port listed twice", [80, 80], "port 80 is listed twice"],
    ];
    for (const [label, ports, message] of cases) {
        it(`refuses ${label} (exact message)`, async () => {
            assert.equal(nodeAccessProblem(ports), message);
            await runOnMocks(WORLD, () => assert.throws(
                () => allowLatticeToNodes("lattice-nodes", { region: "us-east-1", nodeSecurityGroupId: "sg-1", ports }),
                { message: `allowLatticeToNodes lattice-nodes: ${message}` },
            ));
        });
    }
});
