import * as assert from "node:assert/strict";
import { LatticeAccess } from "../../../engines/lattice/authPolicy";
import { LatticeNamespace } from "../../../engines/lattice/namespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../../../engines/lattice/serviceNetwork";
import { OWNER_WORLD } from "../../helpers/fixtures";
import { runOnMocks } from "../../helpers/harness";

const CONSUMER = { accountId: "222222222222", region: "us-east-1" };
const NETWORK_ARN = "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0";

describe("lattice: LatticeServiceNetwork (owner)", () => {
    it("creates the network with AWS_IAM, its auth policy, the RAM share and the VPC association", async () => {
        const { recording: rec, outputs } = await runOnMocks(OWNER_WORLD, () => {
            const n = new LatticeServiceNetwork("mesh", {
                name: "multiaccountmeshdemo",
                ownership: LatticeNetworkOwnership.create({ consumerAccountIds: ["222222222222", "333333333333"] }),
                vpcs: [{ key: "main", vpcId: "vpc-1", securityGroupIds: ["sg-1"] }],
            });
            return { arn: n.serviceNetworkArn, id: n.serviceNetworkId, owner: n.ownerAccountId, share: n.shareArn, ready: n.ready.length };
        });
        // Exactly these resources (registration order is not part of the contract).
        assert.deepEqual(rec.resources.map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:ram/principalAssociation:PrincipalAssociation mesh-share-222222222222",
            "aws:ram/principalAssociation:PrincipalAssociation mesh-share-333333333333",
            "aws:ram/resourceAssociation:ResourceAssociation mesh-share-network",
            "aws:ram/resourceShare:ResourceShare mesh-share",
            "aws:vpclattice/authPolicy:AuthPolicy mesh-auth",
            "aws:vpclattice/serviceNetwork:ServiceNetwork mesh-network",
            "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation mesh-main-vpc",
            "cellmesh:lattice:ServiceNetwork mesh",
            "cellmesh:shared:RamShare mesh-share",
        ]);

        const network = rec.get("aws:vpclattice/serviceNetwork:ServiceNetwork", "mesh-network");
        assert.deepEqual(network.inputs, { name: "multiaccountmeshdemo", authType: "AWS_IAM" });
        assert.deepEqual(outputs, {
            arn: "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-mesh-network",
            id: "sn-mesh-network",
            owner: "111111111111",
            share: "arn:aws:ram:us-east-1:111111111111:resource-share/mesh-share",
            ready: 1,
        });

        // Default access: unsigned callers from the owner's and the consumers' VPCs, nobody else.
        const auth = rec.get("aws:vpclattice/authPolicy:AuthPolicy", "mesh-auth");
        assert.equal(auth.inputs.resourceIdentifier, outputs.arn);
        assert.equal(auth.inputs.policy,
            '{"Version":"2012-10-17","Statement":[{"Sid":"CallersFromVpcsOfListedAccounts","Effect":"Allow","Principal":"*",' +
            '"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpcOwnerAccount":["111111111111","222222222222","333333333333"]}}}]}');

        // Organization-only RAM share of the network ARN, one principal association per consumer.
        assert.deepEqual(rec.get("aws:ram/resourceShare:ResourceShare", "mesh-share").inputs, { name: "mesh-share", allowExternalPrincipals: false });
        assert.deepEqual(rec.get("aws:ram/resourceAssociation:ResourceAssociation", "mesh-share-network").inputs,
            { resourceArn: outputs.arn, resourceShareArn: outputs.share });
        assert.deepEqual(rec.ofType("aws:ram/principalAssociation:PrincipalAssociation").map((r) => r.inputs.principal), ["222222222222", "333333333333"]);

        assert.deepEqual(rec.get("aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation", "mesh-main-vpc").inputs,
            { serviceNetworkIdentifier: outputs.arn, vpcIdentifier: "vpc-1", securityGroupIds: ["sg-1"] });
    });

    it("external sharing is explicit and tagged; an explicit access replaces the default policy", async () => {
        const { recording: rec } = await runOnMocks(OWNER_WORLD, () => new LatticeServiceNetwork("mesh", {
            name: "m",
            ownership: LatticeNetworkOwnership.create({
                consumerAccountIds: ["222222222222"], allowExternalPrincipals: true, access: LatticeAccess.organization("o-abcdef1234"),
            }),
        }));
        assert.deepEqual(rec.get("aws:ram/resourceShare:ResourceShare", "mesh-share").inputs,
            { name: "mesh-share", allowExternalPrincipals: true, tags: { "cellmesh:sharing": "external" } });
        const policy = JSON.parse(rec.get("aws:vpclattice/authPolicy:AuthPolicy", "mesh-auth").inputs.policy);
        assert.deepEqual(policy.Statement.map((s: any) => s.Condition), [{ StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } }]);
        assert.equal(rec.ofType("aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation").length, 0);
    });

    it("guards: consumers, VPC keys, security groups per association, access", async () => {
        const create = (o: object, vpcs: any[] = []) => runOnMocks(OWNER_WORLD, () => new LatticeServiceNetwork("mesh", {
            name: "m", ownership: LatticeNetworkOwnership.create({ consumerAccountIds: ["222222222222"], ...o }), vpcs,
        }));
        await assert.rejects(create({ consumerAccountIds: [] }), { message: "LatticeServiceNetwork mesh: the owner must share the network with at least one consumer account" });
        await assert.rejects(create({}, [{ key: "a", vpcId: "1" }, { key: "a", vpcId: "2" }]),
            { message: 'LatticeServiceNetwork mesh: VPC key "a" is used twice; keys name child resources and must be unique' });
        await assert.rejects(create({}, [{ key: "a", vpcId: "1", securityGroupIds: ["1", "2", "3", "4", "5", "6"] }]),
            { message: 'LatticeServiceNetwork mesh: VPC "a" has 6 security groups; a VPC association takes at most 5' });
        await assert.rejects(create({ consumerAccountIds: ["2222"] }),
            { message: 'LatticeServiceNetwork mesh: Lattice access: "2222" is not a 12-digit AWS account id' });
        await assert.rejects(create({ access: {} }),
            { message: "LatticeServiceNetwork mesh: Lattice access admits nobody: give an organizationId (signed callers) or sourceVpcOwnerAccounts (unsigned callers from those accounts' VPCs)" });
    });
});

describe("lattice: LatticeServiceNetwork (consumer)", () => {
    it("adopts the owner's network by ARN, creates only its own VPC association", async () => {
        const { recording: rec, outputs } = await runOnMocks(CONSUMER, () => {
            const n = new LatticeServiceNetwork("mesh", {
                name: "ignored",
                ownership: LatticeNetworkOwnership.adopt({ serviceNetworkArn: NETWORK_ARN }),
                vpcs: [{ key: "eks", vpcId: "vpc-2" }],
            });
            return { arn: n.serviceNetworkArn, id: n.serviceNetworkId, owner: n.ownerAccountId, share: n.shareArn, ready: n.ready.length };
        });
        assert.deepEqual(rec.resources.map((r) => r.type), [
            "cellmesh:lattice:ServiceNetwork", "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
        ]);
        assert.deepEqual(outputs, { arn: NETWORK_ARN, id: "sn-0123456789abcdef0", owner: "111111111111", share: undefined, ready: 0 });
        assert.deepEqual(rec.get("aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation", "mesh-eks-vpc").inputs,
            { serviceNetworkIdentifier: NETWORK_ARN, vpcIdentifier: "vpc-2" });
    });

    it("accepts an external share first; the VPC association waits for the accepter", async () => {
        const { recording: rec } = await runOnMocks(CONSUMER, () => new LatticeServiceNetwork("mesh", {
            name: "ignored",
            ownership: LatticeNetworkOwnership.adopt({ serviceNetworkArn: NETWORK_ARN, externalShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/x" }),
            vpcs: [{ key: "eks", vpcId: "vpc-2" }],
        }));
        const accepter = rec.get("aws:ram/resourceShareAccepter:ResourceShareAccepter", "mesh-accept");
        assert.equal(accepter.inputs.shareArn, "arn:aws:ram:us-east-1:111111111111:resource-share/x");
        assert.ok(rec.get("aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation", "mesh-eks-vpc").dependencies.includes(accepter.urn));
    });
});

describe("lattice: LatticeNamespace", () => {
    it("a private zone on a placeholder VPC, then authorization (zone account) before association (VPC account)", async () => {
        const { recording: rec } = await runOnMocks(CONSUMER, async () => {
            const aws = await import("@pulumi/aws");
            const owner = new aws.Provider("owner-account", { region: "us-east-1" });
            const self = new aws.Provider("self", { region: "us-east-1" });
            return new LatticeNamespace("ns", {
                namespaceName: "internal-domain2.com",
                provider: self,
                remoteVpcs: [{ key: "owner-vpc", vpcId: "vpc-owner", vpcRegion: "us-east-1", provider: owner }],
            });
        });
        const vpc = rec.get("aws:ec2/vpc:Vpc", "ns-placeholder-vpc");
        assert.equal(vpc.inputs.cidrBlock, "192.168.0.0/28");
        const zone = rec.get("aws:route53/zone:Zone", "ns-zone");
        assert.equal(zone.inputs.name, "internal-domain2.com");
        assert.deepEqual(zone.inputs.vpcs, [{ vpcId: "vpc-ns-placeholder-vpc" }]);
        // The separate associations would otherwise be removed by the zone's next update.
        assert.deepEqual(zone.ignoreChanges, ["vpcs"]);
        assert.equal(rec.providerOf(zone)?.name, "self");

        const authorization = rec.get("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", "ns-owner-vpc-authorization");
        const association = rec.get("aws:route53/zoneAssociation:ZoneAssociation", "ns-owner-vpc-association");
        assert.deepEqual(authorization.inputs, { zoneId: "Z-ns-zone", vpcId: "vpc-owner", vpcRegion: "us-east-1" });
        assert.deepEqual(association.inputs, { zoneId: "Z-ns-zone", vpcId: "vpc-owner", vpcRegion: "us-east-1" });
        assert.equal(rec.providerOf(authorization)?.name, "self");
        assert.equal(rec.providerOf(association)?.name, "owner-account");
        assert.ok(association.dependencies.includes(authorization.urn), "the association waits for the authorization");
    });

    it("uses the account's own VPC when given, and refuses duplicate keys", async () => {
        const { recording: rec } = await runOnMocks(OWNER_WORLD, () => new LatticeNamespace("ns", { namespaceName: "internal-domain1.com", homeVpcId: "vpc-main" }));
        assert.equal(rec.ofType("aws:ec2/vpc:Vpc").length, 0);
        assert.deepEqual(rec.get("aws:route53/zone:Zone", "ns-zone").inputs.vpcs, [{ vpcId: "vpc-main" }]);
        await assert.rejects(runOnMocks(OWNER_WORLD, async () => {
            const aws = await import("@pulumi/aws");
            const p = new aws.Provider("p", {});
            return new LatticeNamespace("ns", { namespaceName: "x.com", remoteVpcs: [{ key: "a", vpcId: "1", vpcRegion: "r", provider: p }, { key: "a", vpcId: "2", vpcRegion: "r", provider: p }] });
        }), { message: 'LatticeNamespace ns: remote VPC key "a" is used twice; keys name child resources and must be unique' });
    });
});
