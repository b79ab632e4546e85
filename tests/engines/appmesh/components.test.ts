import * as assert from "node:assert/strict";
import { CellService } from "../../../engines/appmesh/cellService";
import { CrossAccountNamespace } from "../../../engines/appmesh/namespace";
import { ecrRepositoryArn } from "../../../compute/demoApp";
import { EcsCompute } from "../../../compute/ecs/fargateCells";
import { AppMeshRegistration } from "../../../engines/appmesh/registration";
import { MeshGateway } from "../../../engines/appmesh/ecs/virtualGateway";
import { WeightedAlb } from "../../../shared/weightedAlb";
import { RamShare } from "../../../shared/ramShare";
import { MeshOwnership, SharedMesh } from "../../../engines/appmesh/sharedMesh";
import { cellmeshProgram } from "../../../stacks/program";
import { OWNER_WORLD, ownerSample } from "../../helpers/fixtures";
import { runOnMocks } from "../../helpers/harness";

const ECS = {
    prefix: "t", region: "us-east-1", accountId: "111111111111", partition: "aws", clusterArn: "arn:cluster",
    vpcId: "vpc-1", subnetIds: ["subnet-1"], meshCidrs: ["10.0.0.0/16"], envoyImage: "envoy:v1",
};

describe("components on their own", () => {
    it("SharedMesh (adopt) creates nothing and hands children the owner's account as meshOwner", async () => {
        const { recording, outputs } = await runOnMocks({ accountId: "222222222222", region: "us-east-1" }, () => {
            const mesh = new SharedMesh("mesh", {
                meshName: "m",
                ownership: MeshOwnership.adopt({ ownerAccountId: "111111111111", meshArn: "arn:aws:appmesh:us-east-1:111111111111:mesh/m" }),
            });
            return { owner: mesh.childMeshOwner, arn: mesh.meshArn, share: mesh.shareArn, ready: mesh.ready.length };
        });
        assert.deepEqual(recording.resources.map((r) => r.type), ["cellmesh:appmesh:SharedMesh"]);
        assert.deepEqual(outputs, { owner: "111111111111", arn: "arn:aws:appmesh:us-east-1:111111111111:mesh/m", share: undefined, ready: 0 });
    });

    it("SharedMesh (create) refuses an owner without consumers", async () => {
        await assert.rejects(runOnMocks(OWNER_WORLD, () => new SharedMesh("mesh", {
            meshName: "m", ownership: MeshOwnership.create({ consumerAccountIds: [], allowExternalPrincipals: false, egressFilter: "DROP_ALL" }),
        })), { message: "SharedMesh mesh: the owner must share the mesh with at least one consumer account" });
    });

    it("RamShare needs resources and principals", async () => {
        await assert.rejects(runOnMocks(OWNER_WORLD, () => new RamShare("s", { resources: {}, principals: ["222222222222"] })),
            { message: "RamShare s: at least one resource ARN is required" });
        await assert.rejects(runOnMocks(OWNER_WORLD, () => new RamShare("s", { resources: { a: "arn" }, principals: [] })),
            { message: "RamShare s: at least one principal account is required" });
    });

    it("CrossAccountNamespace: one authorization/association pair per remote VPC, unique keys", async () => {
        const { recording } = await runOnMocks(OWNER_WORLD, async () => {
            const aws = await import("@pulumi/aws");
            const peer = new aws.Provider("peer", { region: "us-east-1" });
            return new CrossAccountNamespace("ns", {
                namespaceName: "internal-domain9.com",
                remoteVpcs: [
                    { key: "a", vpcId: "vpc-a", vpcRegion: "us-east-1", provider: peer },
                    { key: "b", vpcId: "vpc-b", vpcRegion: "us-east-1", provider: peer },
                ],
            });
        });
        assert.deepEqual(recording.ofType("aws:route53/zoneAssociation:ZoneAssociation").map((r) => [r.name, r.inputs.vpcId, recording.providerOf(r)?.name]),
            [["ns-a-association", "vpc-a", "peer"], ["ns-b-association", "vpc-b", "peer"]]);
        assert.equal(recording.get("aws:ec2/vpc:Vpc", "ns-placeholder-vpc").inputs.cidrBlock, "192.168.0.0/28");
        await assert.rejects(runOnMocks(OWNER_WORLD, async () => {
            const aws = await import("@pulumi/aws");
            const p = new aws.Provider("p", {});
            return new CrossAccountNamespace("ns", { namespaceName: "x.com", remoteVpcs: [{ key: "a", vpcId: "1", vpcRegion: "r", provider: p }, { key: "a", vpcId: "2", vpcRegion: "r", provider: p }] });
        }), { message: 'CrossAccountNamespace ns: remote VPC key "a" is used twice; keys name child resources and must be unique' });
    });

    it("CellService with a user image: no demo command, and the execution role may pull exactly that ECR repository", async () => {
        const image = "111111111111.dkr.ecr.us-east-1.amazonaws.com/team/orders:1.4.2";
        const { recording } = await runOnMocks(OWNER_WORLD, () => {
            const mesh = new SharedMesh("mesh", { meshName: "m", ownership: MeshOwnership.adopt({ ownerAccountId: "999999999999", meshArn: "arn" }) });
            return new CellService("orders", {
                service: "orders", port: 8080, cells: [{ name: "one", weight: 100 }], image, mesh,
                namespace: { name: "corp.internal", id: "ns-1" }, compute: EcsCompute.fargate(ECS),
                registrar: AppMeshRegistration.sidecars({ envoyImage: ECS.envoyImage, region: ECS.region, meshCidrs: ECS.meshCidrs }),
            });
        });
        const [app] = JSON.parse(recording.get("aws:ecs/taskDefinition:TaskDefinition", "orders-one-taskdef").inputs.containerDefinitions);
        assert.equal(app.image, image);
        assert.equal(app.command, undefined);
        const policy = JSON.parse(recording.get("aws:iam/rolePolicy:RolePolicy", "orders-one-execution-policy").inputs.policy);
        assert.deepEqual(policy.Statement[1].Resource, ["arn:aws:ecr:us-east-1:111111111111:repository/team/orders"]);
        assert.equal(ecrRepositoryArn("public.ecr.aws/docker/library/node:20-alpine", "aws"), undefined);
    });

    it("WeightedAlb with HTTPS on its own port: redirect to that port, SG rules for both, url with the port, a custom TLS policy", async () => {
        const { recording, outputs } = await runOnMocks(OWNER_WORLD, () => {
            const alb = new WeightedAlb("web", {
                vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", publicSubnetIds: ["s1", "s2"], targetPort: 8080,
                targets: [{ name: "blue", weight: 3 }, { name: "green", weight: 1 }],
                allowedCidrs: ["203.0.113.0/24"],
                https: { certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/x", port: 8443, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" },
            });
            return { url: alb.url, forwarding: alb.listener.urn };
        });
        const listeners = recording.ofType("aws:lb/listener:Listener");
        assert.deepEqual(listeners.map((l) => [l.name, l.inputs.port, l.inputs.protocol, l.inputs.sslPolicy, l.inputs.defaultActions[0].type]), [
            ["web-https", 8443, "HTTPS", "ELBSecurityPolicy-TLS13-1-3-2021-06", "forward"],
            ["web-listener", 80, "HTTP", undefined, "redirect"],
        ]);
        assert.deepEqual(listeners[1].inputs.defaultActions[0].redirect, { protocol: "HTTPS", port: "8443", statusCode: "HTTP_301" });
        assert.equal(outputs.forwarding, listeners[0].urn);
        assert.deepEqual(recording.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => [r.name, r.inputs.fromPort, r.inputs.cidrIpv4]),
            [["web-in-0", 80, "203.0.113.0/24"], ["web-in-https-0", 8443, "203.0.113.0/24"]]);
        assert.equal(outputs.url, "https://web-alb.elb.amazonaws.com:8443");
        await assert.rejects(runOnMocks(OWNER_WORLD, () => new WeightedAlb("web", {
            vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", publicSubnetIds: ["s1"], targetPort: 8080, targets: [{ name: "a", weight: 1 }],
            listenerPort: 443, https: { certificateArn: "arn" },
        })), { message: "WeightedAlb web: the HTTPS listener and the redirecting listener both use port 443; give them different ports" });
    });

    it("MeshGateway refuses a mesh this account does not own", async () => {
        await assert.rejects(runOnMocks(OWNER_WORLD, () => {
            const mesh = new SharedMesh("mesh", { meshName: "m", ownership: MeshOwnership.adopt({ ownerAccountId: "999999999999", meshArn: "arn" }) });
            return new MeshGateway("gw", { mesh, routes: [], ecs: ECS, vpcCidr: "10.0.0.0/16", publicSubnetIds: ["s"] });
        }), { message: "MeshGateway gw: virtual gateways must live in the mesh owner's account; create it in the owner stack" });
    });
});

describe("virtual gateway (owner option)", () => {
    it("Envoy alone behind its own ALB, with a /<service> route for every local and listed remote service", async () => {
        const { recording: rec, outputs } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample({
            "cellmesh:virtualGateway": { enabled: true, remoteServices: ["servicex.internal-domain2.com"] },
        })));
        const gw = rec.get("aws:appmesh/virtualGateway:VirtualGateway", "ingress-gateway");
        assert.equal(gw.inputs.name, "ingress-gateway");
        assert.equal(gw.inputs.meshOwner, undefined);
        assert.deepEqual(gw.inputs.spec.listeners, [{ portMapping: { port: 8080, protocol: "http" } }]);

        const routes = rec.ofType("aws:appmesh/gatewayRoute:GatewayRoute").map((r) => [r.name, r.inputs.spec.httpRoute.match.prefix, r.inputs.spec.httpRoute.action.target.virtualService.virtualServiceName]).sort();
        assert.deepEqual(routes, [
            ["ingress-servicea", "/servicea", "servicea.internal-domain1.com"],
            ["ingress-serviceb", "/serviceb", "serviceb.internal-domain1.com"],
            ["ingress-servicex", "/servicex", "servicex.internal-domain2.com"],
        ]);

        const td = rec.get("aws:ecs/taskDefinition:TaskDefinition", "ingress-envoy-taskdef");
        assert.equal(td.inputs.proxyConfiguration, undefined, "a gateway task has no proxy configuration");
        const containers = JSON.parse(td.inputs.containerDefinitions);
        assert.deepEqual(containers.map((c: any) => c.name), ["envoy", "xray-daemon"]);
        assert.deepEqual(containers[0].environment[0], { name: "APPMESH_RESOURCE_ARN", value: "mesh/multiaccountmeshdemo/virtualGateway/ingress-gateway" });
        assert.deepEqual(containers[0].portMappings.map((p: any) => p.containerPort), [9901, 15000, 15001, 8080]);

        const tg = rec.get("aws:lb/targetGroup:TargetGroup", "ingress-ingress-envoy");
        assert.equal(tg.inputs.port, 8080);
        assert.equal(tg.inputs.healthCheck.port, "9901");
        assert.equal(tg.inputs.healthCheck.path, "/server_info");

        const taskPolicy = JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "ingress-envoy-task-policy").inputs.policy);
        assert.deepEqual(taskPolicy.Statement[0], { Sid: "EnvoyAsThisGateway", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: "arn:aws:appmesh:us-east-1:111111111111:virtualGateway/ingress-gateway" });
        // The gateway's tasks admit only the ALB, on the listener and Envoy's admin port.
        assert.deepEqual(rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("ingress-envoy-"))
            .map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId, r.inputs.cidrIpv4]),
        [[8080, "ingress-ingress-sg-id", undefined], [9901, "ingress-ingress-sg-id", undefined]]);
        assert.equal(outputs.gatewayUrl, "http://ingress-ingress-alb.elb.amazonaws.com");
    });
});
