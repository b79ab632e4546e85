import * as assert from "node:assert/strict";
import { cellmeshProgram } from "../../../stacks/program";
import { OWNER_OUTPUTS, OWNER_SAMPLE_COUNTS, OWNER_WORLD, SECURED_OWNER, ownerSample } from "../../helpers/fixtures";
import { changed, Recording, runOnMocks } from "../../helpers/harness";

const T = {
    mesh: "aws:appmesh/mesh:Mesh",
    node: "aws:appmesh/virtualNode:VirtualNode",
    router: "aws:appmesh/virtualRouter:VirtualRouter",
    route: "aws:appmesh/route:Route",
    vs: "aws:appmesh/virtualService:VirtualService",
    share: "aws:ram/resourceShare:ResourceShare",
    resAssoc: "aws:ram/resourceAssociation:ResourceAssociation",
    principal: "aws:ram/principalAssociation:PrincipalAssociation",
    taskdef: "aws:ecs/taskDefinition:TaskDefinition",
    ecsService: "aws:ecs/service:Service",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    sgOut: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    listener: "aws:lb/listener:Listener",
    tg: "aws:lb/targetGroup:TargetGroup",
    cloudMap: "aws:servicediscovery/service:Service",
    instance: "aws:servicediscovery/instance:Instance",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
};

describe("owner stack (ECS, sample config)", function () {
    let rec: Recording;
    let outputs: any;
    before(async () => {
        ({ recording: rec, outputs } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample())));
    });

    it("creates exactly the reference topology's resources", () => {
        assert.deepEqual(rec.countsByType(), OWNER_SAMPLE_COUNTS);
    });

    it("VPC: awsx, two AZs, public and private subnets, one NAT gateway", () => {
        const vpc = rec.get("awsx:ec2:Vpc", "network");
        assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
        assert.equal(vpc.inputs.numberOfAvailabilityZones, 2);
        assert.deepEqual(vpc.inputs.natGateways, { strategy: "Single" });
        assert.deepEqual(vpc.inputs.subnetSpecs, [{ type: "Public" }, { type: "Private" }]);
    });

    it("shares the mesh and the private subnets with the consumer, inside the organization only", () => {
        const mesh = rec.get(T.mesh, "mesh-mesh");
        assert.equal(mesh.inputs.name, "multiaccountmeshdemo");
        assert.deepEqual(mesh.inputs.spec, { egressFilter: { type: "DROP_ALL" } });

        const meshShare = rec.get(T.share, "mesh-share");
        assert.deepEqual(meshShare.inputs, { name: "mesh-share", allowExternalPrincipals: false });
        assert.equal(rec.get(T.resAssoc, "mesh-share-mesh").inputs.resourceArn, "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo");
        assert.equal(rec.get(T.principal, "mesh-share-222222222222").inputs.principal, "222222222222");

        assert.equal(rec.get(T.share, "subnets").inputs.allowExternalPrincipals, false);
        assert.deepEqual(
            ["subnets-private-0", "subnets-private-1"].map((n) => rec.get(T.resAssoc, n).inputs.resourceArn),
            ["arn:aws:ec2:us-east-1:111111111111:subnet/subnet-private-a", "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-private-b"],
        );
        assert.equal(rec.get(T.principal, "subnets-222222222222").inputs.principal, "222222222222");
    });

    it("external sharing is explicit: both shares then allow external principals", async () => {
        const { recording } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample({ "cellmesh:sharing": "external" })));
        assert.equal(recording.get(T.share, "mesh-share").inputs.allowExternalPrincipals, true);
        assert.equal(recording.get(T.share, "subnets").inputs.allowExternalPrincipals, true);
    });

    it("the owner's namespace is created against the owner's VPC, without a placeholder", () => {
        const ns = rec.get("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "namespace-namespace");
        assert.equal(ns.inputs.name, "internal-domain1.com");
        assert.equal(ns.inputs.vpc, "vpc-0123456789abcdef0");
        assert.equal(rec.ofType("aws:ec2/vpc:Vpc").length, 0);
        assert.equal(rec.ofType("aws:route53/zoneAssociation:ZoneAssociation").length, 0);
    });

    it("serviceb: one virtual node per cell, discovered in Cloud Map, calling servicex in the other account", () => {
        const node = rec.get(T.node, "serviceb-cell1-node");
        assert.equal(node.inputs.name, "serviceb-cell1");
        assert.equal(node.inputs.meshName, "multiaccountmeshdemo");
        assert.equal(node.inputs.meshOwner, undefined, "the owner's own resources carry no meshOwner");
        assert.deepEqual(node.inputs.spec, {
            listeners: [{
                portMapping: { port: 5001, protocol: "http" },
                healthCheck: { protocol: "http", path: "/health", healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
            }],
            serviceDiscovery: { awsCloudMap: { namespaceName: "internal-domain1.com", serviceName: "serviceb-cell1" } },
            backends: [{ virtualService: { virtualServiceName: "servicex.internal-domain2.com" } }],
            logging: { accessLog: { file: { path: "/dev/stdout" } } },
        });
        const discovery = rec.get(T.cloudMap, "serviceb-cell1-discovery");
        assert.equal(discovery.inputs.name, "serviceb-cell1");
        assert.equal(discovery.inputs.namespaceId, "ns-internal-domain1.com");
        assert.deepEqual(discovery.inputs.dnsConfig, { namespaceId: "ns-internal-domain1.com", dnsRecords: [{ type: "A", ttl: 30 }], routingPolicy: "MULTIVALUE" });
        assert.deepEqual(discovery.inputs.healthCheckCustomConfig, { failureThreshold: 1 });
    });

    it("serviceb: router, weighted route over the cells, and the virtual service clients dial", () => {
        assert.deepEqual(rec.get(T.router, "serviceb-router").inputs.spec, { listeners: [{ portMapping: { port: 5001, protocol: "http" } }] });
        const route = rec.get(T.route, "serviceb-route");
        assert.equal(route.inputs.virtualRouterName, "serviceb-router");
        assert.deepEqual(route.inputs.spec, {
            httpRoute: {
                match: { prefix: "/" },
                action: { weightedTargets: [{ virtualNode: "serviceb-cell1", weight: 50 }, { virtualNode: "serviceb-cell2", weight: 50 }] },
            },
        });
        const vs = rec.get(T.vs, "serviceb-vs");
        assert.equal(vs.inputs.name, "serviceb.internal-domain1.com");
        assert.deepEqual(vs.inputs.spec, { provider: { virtualRouter: { virtualRouterName: "serviceb-router" } } });
        // The dial name resolves in DNS through a placeholder record (Envoy routes by name).
        assert.equal(rec.get(T.cloudMap, "serviceb-dial-name").inputs.name, "serviceb");
        assert.deepEqual(rec.get(T.instance, "serviceb-dial-record").inputs.attributes, { AWS_INSTANCE_IPV4: "10.10.10.10" });
    });

    it("ECS cell task: app + Envoy + X-Ray with the App Mesh proxy configuration", () => {
        const td = rec.get(T.taskdef, "serviceb-cell1-taskdef");
        assert.equal(td.inputs.family, "acct1-appmesh-serviceb-cell1");
        assert.deepEqual(td.inputs.requiresCompatibilities, ["FARGATE"]);
        assert.equal(td.inputs.networkMode, "awsvpc");
        assert.equal(td.inputs.cpu, "512");
        assert.equal(td.inputs.memory, "1024");
        assert.deepEqual(td.inputs.proxyConfiguration, {
            type: "APPMESH",
            containerName: "envoy",
            properties: {
                IgnoredUID: "1337", ProxyIngressPort: "15000", ProxyEgressPort: "15001", AppPorts: "5001",
                EgressIgnoredIPs: "169.254.170.2,169.254.169.254",
            },
        });
        const [app, envoy, xray] = JSON.parse(td.inputs.containerDefinitions);
        assert.equal(app.name, "app");
        assert.equal(app.image, "public.ecr.aws/docker/library/node:20-alpine");
        assert.deepEqual(app.command.slice(0, 2), ["node", "-e"]);
        assert.match(app.command[2], /require\(['"]node:http['"]\)/);
        assert.deepEqual(app.environment, [
            { name: "SERVICE_NAME", value: "serviceb" },
            { name: "CELL_NAME", value: "cell1" },
            { name: "PORT", value: "5001" },
            { name: "BACKENDS", value: "http://servicex.internal-domain2.com:5001" },
        ]);
        assert.deepEqual(app.dependsOn, [{ containerName: "envoy", condition: "HEALTHY" }]);
        assert.equal(envoy.image, "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod");
        assert.equal(envoy.user, "1337");
        assert.deepEqual(envoy.ulimits, [{ name: "nofile", softLimit: 15000, hardLimit: 15000 }]);
        assert.deepEqual(envoy.portMappings.map((p: any) => p.containerPort), [9901, 15000, 15001]);
        assert.deepEqual(envoy.environment, [
            { name: "APPMESH_RESOURCE_ARN", value: "mesh/multiaccountmeshdemo/virtualNode/serviceb-cell1" },
            { name: "ENABLE_ENVOY_XRAY_TRACING", value: "1" },
        ]);
        assert.deepEqual(envoy.healthCheck, {
            command: ["CMD-SHELL", "curl -s http://localhost:9901/server_info | grep state | grep -q LIVE"],
            interval: 5, timeout: 2, retries: 3, startPeriod: 10,
        });
        assert.equal(xray.user, "1337");
        assert.deepEqual(xray.portMappings, [{ containerPort: 2000, protocol: "udp" }]);
        assert.equal(envoy.logConfiguration.options["awslogs-group"], "/cellmesh/acct1-appmesh-serviceb-cell1");
        assert.equal(rec.get(T.logGroup, "serviceb-cell1-logs").inputs.retentionInDays, 30);
    });

    it("task role: Envoy may connect only as its own virtual node; trust limited to ECS tasks of this account", () => {
        const policy = JSON.parse(rec.get(T.rolePolicy, "serviceb-cell1-task-policy").inputs.policy);
        assert.deepEqual(policy.Statement, [
            { Sid: "EnvoyAsThisNode", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: "arn:aws:appmesh:us-east-1:111111111111:virtualNode/serviceb-cell1" },
            {
                Sid: "XRayDaemon", Effect: "Allow",
                Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
                Resource: "*",
            },
        ]);
        const trust = JSON.parse(rec.get(T.role, "serviceb-cell1-task").inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement, [{
            Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        }]);
        const exec = JSON.parse(rec.get(T.rolePolicy, "serviceb-cell1-execution-policy").inputs.policy);
        assert.deepEqual(exec.Statement, [
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: ["arn:aws:ecr:us-east-1:840364872350:repository/aws-appmesh-envoy"] },
            { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:cloudwatch:us-east-1:111111111111:logGroup//cellmesh/acct1-appmesh-serviceb-cell1:*" },
        ]);
    });

    it("security groups: a cell admits only its port from the VPC; the entry service also from its ALB", () => {
        const sgRules = (prefix: string) => rec.ofType(T.sgIn).filter((r) => r.name.startsWith(prefix))
            .map((r) => ({ name: r.name, port: [r.inputs.fromPort, r.inputs.toPort], proto: r.inputs.ipProtocol, cidr: r.inputs.cidrIpv4, sg: r.inputs.referencedSecurityGroupId }));
        assert.deepEqual(sgRules("serviceb-cell1-"), [
            { name: "serviceb-cell1-in-5001-0", port: [5001, 5001], proto: "tcp", cidr: "10.0.0.0/16", sg: undefined },
        ]);
        assert.deepEqual(sgRules("servicea-cell1-"), [
            { name: "servicea-cell1-in-5001-0", port: [5001, 5001], proto: "tcp", cidr: "10.0.0.0/16", sg: undefined },
            { name: "servicea-cell1-in-5001-from-alb", port: [5001, 5001], proto: "tcp", cidr: undefined, sg: "servicea-ingress-sg-id" },
        ]);
        // Only the ALB listens to the internet, on its listener port.
        const open = rec.ofType(T.sgIn).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0");
        assert.deepEqual(open.map((r) => [r.name, r.inputs.fromPort]), [["servicea-ingress-in-0", 80]]);
        assert.deepEqual(rec.get(T.sgOut, "servicea-ingress-out").inputs,
            { securityGroupId: "servicea-ingress-sg-id", description: "to the targets", ipProtocol: "tcp", fromPort: 5001, toPort: 5001, cidrIpv4: "10.0.0.0/16" });
    });

    it("servicea ingress: an ALB listener that splits over one ip target group per cell by the cell weights", () => {
        const listener = rec.get(T.listener, "servicea-ingress-listener");
        assert.equal(listener.inputs.port, 80);
        assert.deepEqual(listener.inputs.defaultActions, [{
            type: "forward",
            forward: { targetGroups: [
                { arn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell1-mock", weight: 50 },
                { arn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell2-mock", weight: 50 },
            ] },
        }]);
        const tg = rec.get(T.tg, "servicea-ingress-cell1");
        assert.equal(tg.inputs.targetType, "ip");
        assert.equal(tg.inputs.port, 5001);
        assert.equal(tg.inputs.healthCheck.path, "/health");
        // ECS refuses a target group that no load balancer uses yet: the service waits for the listener.
        const svc = rec.get(T.ecsService, "servicea-cell1-service");
        assert.ok(svc.dependencies.includes(listener.urn));
        assert.deepEqual(svc.inputs.loadBalancers, [{ targetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell1-mock", containerName: "app", containerPort: 5001 }]);
    });

    it("ECS services run in private subnets without public IPs and register in their cell's Cloud Map service", () => {
        const svc = rec.get(T.ecsService, "serviceb-cell2-service");
        assert.equal(svc.inputs.launchType, "FARGATE");
        assert.equal(svc.inputs.desiredCount, 1);
        assert.deepEqual(svc.inputs.networkConfiguration, {
            subnets: ["subnet-private-a", "subnet-private-b"], securityGroups: ["serviceb-cell2-sg-id"], assignPublicIp: false,
        });
        assert.deepEqual(svc.inputs.serviceRegistries, { registryArn: "arn:aws:servicediscovery:us-east-1:111111111111:service/serviceb-cell2" });
    });

    it("exports what consumers need and the public URL", () => {
        // The consumer tests' stack-reference fixture is exactly what this program exports.
        assert.deepEqual(outputs, {
            ...OWNER_OUTPUTS,
            virtualServices: { servicea: "servicea.internal-domain1.com", serviceb: "serviceb.internal-domain1.com" },
            virtualServiceArns: {
                servicea: "arn:aws:appmesh:us-east-1:111111111111:virtualService/servicea.internal-domain1.com",
                serviceb: "arn:aws:appmesh:us-east-1:111111111111:virtualService/serviceb.internal-domain1.com",
            },
            ingressUrls: { servicea: "http://servicea-ingress-alb.elb.amazonaws.com" },
            weights: { servicea: { cell1: 50, cell2: 50 }, serviceb: { cell1: 50, cell2: 50 } },
            cellTargets: { servicea: { cell1: { loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", albTargetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell1-mock" }, cell2: { loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", albTargetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell2-mock" } }, serviceb: { cell1: {}, cell2: {} } },
        });
    });
});


describe("owner stack: a weight change", () => {
    const withWeights = (service: "servicea" | "serviceb", cell1: number, cell2: number, extra: Record<string, unknown> = {}) => {
        const sample = ownerSample();
        const services = Object.fromEntries(sample.services.map((s) => [s.name, {
            port: s.port, ingress: s.ingress,
            backends: s.backends.map((b) => (b.kind === "local" ? b.service : b.virtualServiceName)),
            cells: s.name === service ? { cell1, cell2 } : Object.fromEntries(s.cells.map((c) => [c.name, c.weight])),
        }]));
        return runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample({ ...extra, "cellmesh:services": services })));
    };

    it("of serviceb touches only serviceb's route", async () => {
        const base = await withWeights("serviceb", 50, 50);
        const shifted = await withWeights("serviceb", 0, 100);
        assert.deepEqual(changed(base.recording, shifted.recording), ["aws:appmesh/route:Route serviceb-route"]);
        assert.deepEqual(shifted.recording.get(T.route, "serviceb-route").inputs.spec.httpRoute.action.weightedTargets,
            [{ virtualNode: "serviceb-cell1", weight: 0 }, { virtualNode: "serviceb-cell2", weight: 100 }]);
    });

    it("of the entry service touches its route and its ALB listener", async () => {
        const base = await withWeights("servicea", 50, 50);
        const shifted = await withWeights("servicea", 90, 10);
        assert.deepEqual(changed(base.recording, shifted.recording), [
            "aws:appmesh/route:Route servicea-route",
            "aws:lb/listener:Listener servicea-ingress-listener",
        ]);
    });

    it("of the entry service with HTTPS (and every other security option) touches its route and only the HTTPS listener, not the redirect", async () => {
        const base = await withWeights("servicea", 50, 50, SECURED_OWNER);
        const shifted = await withWeights("servicea", 90, 10, SECURED_OWNER);
        assert.deepEqual(changed(base.recording, shifted.recording), [
            "aws:appmesh/route:Route servicea-route",
            "aws:lb/listener:Listener servicea-ingress-https",
        ]);
        assert.deepEqual(shifted.recording.get(T.listener, "servicea-ingress-https").inputs.defaultActions[0].forward.targetGroups.map((g: any) => g.weight), [90, 10]);
        assert.equal(shifted.recording.get(T.listener, "servicea-ingress-listener").inputs.defaultActions[0].type, "redirect");
    });

    it("of serviceb with mesh TLS still touches only serviceb's route (certificates and client policies do not depend on weights)", async () => {
        const base = await withWeights("serviceb", 50, 50, SECURED_OWNER);
        const shifted = await withWeights("serviceb", 0, 100, SECURED_OWNER);
        assert.deepEqual(changed(base.recording, shifted.recording), ["aws:appmesh/route:Route serviceb-route"]);
    });
});
