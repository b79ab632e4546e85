import * as assert from "node:assert/strict";
import { cellmeshProgram } from "../../../stacks/program";
import { parseStackConfig } from "../../../config/load";
import { ConsumerConfig } from "../../../config/types";
import { CONSUMER_WORLD, OWNER_OUTPUTS, consumerSample, rawSample } from "../../helpers/fixtures";
import { Recording, runOnMocks } from "../../helpers/harness";

const APPMESH_TYPES = [
    "aws:appmesh/virtualNode:VirtualNode", "aws:appmesh/virtualRouter:VirtualRouter",
    "aws:appmesh/route:Route", "aws:appmesh/virtualService:VirtualService",
];

describe("consumer stack (ECS, sample config)", () => {
    let rec: Recording;
    let outputs: any;
    before(async () => {
        ({ recording: rec, outputs } = await runOnMocks(CONSUMER_WORLD, () => cellmeshProgram(consumerSample())));
    });

    it("creates exactly the consumer's resources (no mesh, no VPC of its own but the DNS placeholder)", () => {
        assert.deepEqual(rec.countsByType(), {
            "aws:appmesh/route:Route": 1,
            "aws:appmesh/virtualNode:VirtualNode": 2,
            "aws:appmesh/virtualRouter:VirtualRouter": 1,
            "aws:appmesh/virtualService:VirtualService": 1,
            "aws:cloudwatch/logGroup:LogGroup": 2,
            "aws:ec2/securityGroup:SecurityGroup": 2,
            "aws:ec2/vpc:Vpc": 1,
            "aws:ecs/cluster:Cluster": 1,
            "aws:ecs/service:Service": 2,
            "aws:ecs/taskDefinition:TaskDefinition": 2,
            "aws:iam/role:Role": 4,
            "aws:iam/rolePolicy:RolePolicy": 4,
            "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 1,
            "aws:route53/zoneAssociation:ZoneAssociation": 1,
            "aws:servicediscovery/instance:Instance": 1,
            "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": 1,
            "aws:servicediscovery/service:Service": 3,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
            "cellmesh:appmesh:Namespace": 1,
            "cellmesh:ecs:FargateService": 2,
            "cellmesh:appmesh:CellService": 1,
            "cellmesh:appmesh:SharedMesh": 1,
            "pulumi:providers:aws": 1,
            "pulumi:pulumi:StackReference": 1,
        });
    });

    it("reads the owner through a stack reference (no ids copied by hand)", () => {
        assert.equal(rec.get("pulumi:pulumi:StackReference", "owner").inputs.name, "organization/cellmesh/acct1-appmesh");
    });

    it("every App Mesh resource it creates carries meshOwner = the owner's account", () => {
        const appMesh = rec.resources.filter((r) => APPMESH_TYPES.includes(r.type));
        assert.equal(appMesh.length, 5);
        for (const r of appMesh) {
            assert.equal(r.inputs.meshOwner, "111111111111", `${r.type} ${r.name}`);
            assert.equal(r.inputs.meshName, "multiaccountmeshdemo", `${r.type} ${r.name}`);
        }
        assert.equal(rec.ofType("aws:appmesh/mesh:Mesh").length, 0, "the mesh itself is the owner's");
    });

    it("Envoy announces its node with the owner's account (mesh/<mesh>@<owner>/virtualNode/<node>)", () => {
        const td = rec.get("aws:ecs/taskDefinition:TaskDefinition", "servicex-cell2-taskdef");
        const envoy = JSON.parse(td.inputs.containerDefinitions).find((c: any) => c.name === "envoy");
        assert.deepEqual(envoy.environment[0], { name: "APPMESH_RESOURCE_ARN", value: "mesh/multiaccountmeshdemo@111111111111/virtualNode/servicex-cell2" });
        assert.equal(td.inputs.family, "acct2-appmesh-servicex-cell2");
    });

    it("its namespace is anchored on a placeholder VPC of its own and associated with the owner's VPC in two steps", () => {
        const placeholder = rec.get("aws:ec2/vpc:Vpc", "namespace-placeholder-vpc");
        assert.equal(placeholder.inputs.cidrBlock, "192.168.0.0/28");
        assert.equal(placeholder.provider, undefined, "created with the consumer's own (default) provider");
        const ns = rec.get("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "namespace-namespace");
        assert.equal(ns.inputs.name, "internal-domain2.com");
        assert.equal(ns.inputs.vpc, "vpc-namespace-placeholder-vpc");

        const auth = rec.get("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", "namespace-owner-vpc-authorization");
        assert.deepEqual(auth.inputs, { zoneId: "Z-internal-domain2.com", vpcId: "vpc-0123456789abcdef0", vpcRegion: "us-east-1" });
        assert.equal(auth.provider, undefined, "the zone's account (this stack) authorizes");

        const assoc = rec.get("aws:route53/zoneAssociation:ZoneAssociation", "namespace-owner-vpc-association");
        assert.deepEqual(assoc.inputs, { zoneId: "Z-internal-domain2.com", vpcId: "vpc-0123456789abcdef0", vpcRegion: "us-east-1" });
        const provider = rec.providerOf(assoc)!;
        assert.equal(provider.name, "owner-account", "the VPC's account (the owner) associates");
        assert.ok(assoc.dependencies.includes(auth.urn), "association after authorization");
    });

    it("the owner-account provider uses the configured access and is pinned to the owner's account", () => {
        const provider = rec.get("pulumi:providers:aws", "owner-account");
        assert.equal(provider.inputs.profile, "acct1");
        assert.equal(provider.inputs.region, "us-east-1");
        assert.deepEqual(JSON.parse(provider.inputs.allowedAccountIds), ["111111111111"]);
    });

    it("runs its tasks in the owner's shared private subnets and admits the mesh port from the owner's VPC only", () => {
        const svc = rec.get("aws:ecs/service:Service", "servicex-cell1-service");
        assert.deepEqual(svc.inputs.networkConfiguration.subnets, ["subnet-private-a", "subnet-private-b"]);
        assert.equal(rec.get("aws:ec2/securityGroup:SecurityGroup", "servicex-cell1-sg").inputs.vpcId, "vpc-0123456789abcdef0");
        const rule = rec.get("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "servicex-cell1-in-5001-0");
        assert.equal(rule.inputs.cidrIpv4, "10.0.0.0/16");
        assert.equal(rule.inputs.fromPort, 5001);
    });

    it("services wait until the namespace resolves in the owner's VPC", () => {
        const service = rec.get("cellmesh:appmesh:CellService", "servicex");
        const assoc = rec.get("aws:route53/zoneAssociation:ZoneAssociation", "namespace-owner-vpc-association");
        assert.ok(service.dependencies.includes(assoc.urn));
    });

    it("the virtual service servicex.internal-domain2.com routes 50/50 over its cells", () => {
        assert.equal(rec.get("aws:appmesh/virtualService:VirtualService", "servicex-vs").inputs.name, "servicex.internal-domain2.com");
        assert.deepEqual(rec.get("aws:appmesh/route:Route", "servicex-route").inputs.spec.httpRoute.action.weightedTargets,
            [{ virtualNode: "servicex-cell1", weight: 50 }, { virtualNode: "servicex-cell2", weight: 50 }]);
    });

    it("creates no service-linked role unless asked", () => {
        assert.equal(rec.ofType("aws:iam/serviceLinkedRole:ServiceLinkedRole").length, 0);
        assert.equal(rec.ofType("aws:ram/resourceShareAccepter:ResourceShareAccepter").length, 0);
    });

    it("exports its virtual services and weights", () => {
        assert.deepEqual(outputs, {
            engine: "appmesh",
            compute: "ecs",
            namespace: "internal-domain2.com",
            namespaceId: "ns-internal-domain2.com",
            virtualServices: { servicex: "servicex.internal-domain2.com" },
            virtualServiceArns: { servicex: "arn:aws:appmesh:us-east-1:222222222222:virtualService/servicex.internal-domain2.com" },
            clusterName: "cellmesh-acct2-appmesh",
            weights: { servicex: { cell1: 50, cell2: 50 } },
            // App Mesh: no target group per cell (Cloud Map), no ALB for a consumer.
            cellTargets: { servicex: { cell1: {}, cell2: {} } },
        });
    });
});

describe("consumer stack options", () => {
    it("createServiceLinkedRole: the AppMesh role exists before any virtual node", async () => {
        const { recording } = await runOnMocks(CONSUMER_WORLD, () => cellmeshProgram(consumerSample({ "cellmesh:createServiceLinkedRole": true })));
        const slr = recording.get("aws:iam/serviceLinkedRole:ServiceLinkedRole", "appmesh-service-linked-role");
        assert.equal(slr.inputs.awsServiceName, "appmesh.amazonaws.com");
        for (const node of recording.ofType("aws:appmesh/virtualNode:VirtualNode")) assert.ok(node.dependencies.includes(slr.urn), node.name);
    });

    it("an owner that shares externally: the consumer accepts both shares before creating anything in the mesh", async () => {
        const world = { ...CONSUMER_WORLD, stackOutputs: { "organization/cellmesh/acct1-appmesh": { ...OWNER_OUTPUTS, sharing: "external" } } };
        const { recording } = await runOnMocks(world, () => cellmeshProgram(consumerSample()));
        const accepters = recording.ofType("aws:ram/resourceShareAccepter:ResourceShareAccepter");
        assert.deepEqual(accepters.map((a) => [a.name, a.inputs.shareArn]).sort(), [
            ["mesh-accept", OWNER_OUTPUTS.meshShareArn],
            ["subnets-accept", OWNER_OUTPUTS.subnetShareArn],
        ]);
        for (const r of recording.resources.filter((x) => APPMESH_TYPES.includes(x.type))) {
            for (const a of accepters) assert.ok(r.dependencies.includes(a.urn), `${r.name} waits for ${a.name}`);
        }
    });

    it("ownerAccess as a role ARN: the owner-account provider assumes it", async () => {
        const { recording } = await runOnMocks(CONSUMER_WORLD, () =>
            cellmeshProgram(consumerSample({ "cellmesh:ownerAccess": { roleArn: "arn:aws:iam::111111111111:role/cellmesh-dns" } })));
        const provider = recording.get("pulumi:providers:aws", "owner-account");
        assert.equal(provider.inputs.profile, undefined);
        assert.deepEqual(JSON.parse(provider.inputs.assumeRoles), [{ roleArn: "arn:aws:iam::111111111111:role/cellmesh-dns", sessionName: "cellmesh-dns-association" }]);
    });

    it("several consumers side by side: a second consumer stack with its own namespace and account", async () => {
        const world = { ...CONSUMER_WORLD, accountId: "333333333333", stack: "acct3" };
        const config = parseStackConfig({
            ...rawSample("acct2-appmesh"),
            "aws:allowedAccountIds": ["333333333333"],
            "cellmesh:namespace": "internal-domain3.com",
            "cellmesh:services": { servicey: { port: 6000, backends: ["servicex.internal-domain2.com:5001"], cells: { a: 70, b: 30 } } },
        }, "acct3") as ConsumerConfig;
        const { recording, outputs } = await runOnMocks(world, () => cellmeshProgram(config));
        assert.equal(outputs.clusterName, "cellmesh-acct3");
        assert.equal(recording.get("aws:ecs/taskDefinition:TaskDefinition", "servicey-a-taskdef").inputs.family, "acct3-servicey-a");
        assert.deepEqual(recording.get("aws:appmesh/route:Route", "servicey-route").inputs.spec.httpRoute.action.weightedTargets,
            [{ virtualNode: "servicey-a", weight: 70 }, { virtualNode: "servicey-b", weight: 30 }]);
        assert.deepEqual(recording.get("aws:appmesh/virtualNode:VirtualNode", "servicey-a-node").inputs.spec.backends,
            [{ virtualService: { virtualServiceName: "servicex.internal-domain2.com" } }]);
        assert.equal(recording.get("aws:route53/zoneAssociation:ZoneAssociation", "namespace-owner-vpc-association").inputs.zoneId, "Z-internal-domain3.com");
    });
});
