import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { LatticeAccess } from "../../../engines/lattice/authPolicy";
import { EcsLatticeInfrastructureRole } from "../../../engines/lattice/ecs/infrastructureRole";
import { EcsCompute } from "../../../compute/ecs/fargateCells";
import { LatticeRegistration } from "../../../engines/lattice/registration";
import { LatticeCellService, LatticeCellServiceArgs, LatticeIngress } from "../../../engines/lattice/cellService";
import { CellWeight } from "../../../shared/cellWeight";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../../../engines/lattice/serviceNetwork";
import { DEFAULT_HEALTH_CHECK, TrafficPolicy } from "../../../shared/trafficPolicy";
import { OWNER_WORLD } from "../../helpers/fixtures";
import { Recording, runOnMocks } from "../../helpers/harness";

const NETWORK_ARN = "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0";
const TWO_CELLS: CellWeight[] = [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }];
const PINNED: TrafficPolicy = { protocol: "http", healthCheck: DEFAULT_HEALTH_CHECK, pinning: { header: "x-cell", paths: { cell2: "/canary" } } };

type Overrides = Partial<Omit<LatticeCellServiceArgs, "network" | "compute" | "registrar" | "namespace" | "vpcId" | "access">>;

/** One service of the reference topology (serviceb, two cells) in a consumer-adopted network, on ECS. */
function serviceb(overrides: Overrides = {}) {
    return () => {
        const network = new LatticeServiceNetwork("mesh", {
            name: "multiaccountmeshdemo",
            ownership: LatticeNetworkOwnership.adopt({ serviceNetworkArn: NETWORK_ARN }),
        });
        const infrastructureRole = new EcsLatticeInfrastructureRole("ecs-lattice", { partition: "aws" });
        const compute = EcsCompute.fargate({
            prefix: "acct1", region: "us-east-1", accountId: "111111111111", partition: "aws",
            clusterArn: "arn:aws:ecs:us-east-1:111111111111:cluster/c", vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"],
        });
        const registrar = LatticeRegistration.ecsTargets({ region: "us-east-1", infrastructureRole });
        const svc = new LatticeCellService("serviceb", {
            service: "serviceb", port: 5001, cells: TWO_CELLS,
            backends: [{ name: "servicex.internal-domain2.com", port: 5001 }],
            network, compute, registrar, vpcId: "vpc-1",
            namespace: { name: "internal-domain1.com", zoneId: "Z-NS1" },
            access: LatticeAccess.vpcOwners(["111111111111", "222222222222"]),
            ...overrides,
        });
        return { fqdn: svc.customDomainName, arn: svc.serviceArn, dns: svc.latticeDnsName, tgs: svc.targetGroupArns, url: svc.url };
    };
}

const LISTENER = "aws:vpclattice/listener:Listener";
const RULE = "aws:vpclattice/listenerRule:ListenerRule";
const TG = "aws:vpclattice/targetGroup:TargetGroup";

describe("lattice: LatticeCellService", () => {
    let rec: Recording;
    let outputs: any;
    before(async () => ({ recording: rec, outputs } = await runOnMocks(OWNER_WORLD, serviceb({ traffic: PINNED }))));

    it("creates exactly the Lattice resources of the service and one target group per cell", () => {
        const lattice = rec.resources.filter((r) => r.type.startsWith("aws:vpclattice/") || r.type.startsWith("aws:route53/")).map((r) => `${r.type} ${r.name}`).sort();
        assert.deepEqual(lattice, [
            "aws:route53/record:Record serviceb-dns",
            "aws:vpclattice/authPolicy:AuthPolicy serviceb-auth",
            "aws:vpclattice/listener:Listener serviceb-listener",
            "aws:vpclattice/listenerRule:ListenerRule serviceb-path-cell2",
            "aws:vpclattice/listenerRule:ListenerRule serviceb-pin-cell1",
            "aws:vpclattice/listenerRule:ListenerRule serviceb-pin-cell2",
            "aws:vpclattice/service:Service serviceb-service",
            "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation serviceb-association",
            "aws:vpclattice/targetGroup:TargetGroup serviceb-cell1-tg",
            "aws:vpclattice/targetGroup:TargetGroup serviceb-cell2-tg",
        ]);
        assert.equal(rec.ofType("aws:appmesh/virtualNode:VirtualNode").length + rec.ofType("aws:servicediscovery/service:Service").length, 0);
    });

    it("the service: custom domain <service>.<namespace>, AWS_IAM, its own auth policy", () => {
        assert.deepEqual(rec.get("aws:vpclattice/service:Service", "serviceb-service").inputs,
            { name: "serviceb", customDomainName: "serviceb.internal-domain1.com", authType: "AWS_IAM" });
        const auth = rec.get("aws:vpclattice/authPolicy:AuthPolicy", "serviceb-auth");
        assert.equal(auth.inputs.resourceIdentifier, "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-serviceb-service");
        assert.deepEqual(JSON.parse(auth.inputs.policy).Statement[0].Condition,
            { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111111111111", "222222222222"] } });
        assert.equal(outputs.fqdn, "serviceb.internal-domain1.com");
    });

    it("target groups: type IP, app port, HTTP1, the cells' VPC and the health check", () => {
        const tg = rec.get(TG, "serviceb-cell1-tg");
        assert.deepEqual(tg.inputs, {
            name: "serviceb-cell1", type: "IP",
            config: {
                port: 5001, protocol: "HTTP", protocolVersion: "HTTP1", vpcIdentifier: "vpc-1", ipAddressType: "IPV4",
                healthCheck: {
                    enabled: true, protocol: "HTTP", protocolVersion: "HTTP1", path: "/health",
                    healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 2, healthyThresholdCount: 2, unhealthyThresholdCount: 2,
                    matcher: { value: "200" },
                },
            },
        });
        assert.deepEqual(outputs.tgs, {
            cell1: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell1-tg",
            cell2: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell2-tg",
        });
    });

    it("the listener: HTTP on the app port, weights in forwards[0].targetGroups", () => {
        const listener = rec.get(LISTENER, "serviceb-listener");
        assert.deepEqual(listener.inputs, {
            name: "http-5001", serviceIdentifier: "svc-serviceb-service", protocol: "HTTP", port: 5001,
            defaultAction: {
                forwards: [{
                    targetGroups: [
                        { targetGroupIdentifier: "tg-serviceb-cell1-tg", weight: 50 },
                        { targetGroupIdentifier: "tg-serviceb-cell2-tg", weight: 50 },
                    ],
                }],
            },
        });
    });

    it("pin rules: listenerIdentifier from listenerId, path pins first, then one exact header rule per cell", () => {
        const rules = rec.ofType(RULE).map((r) => r.inputs).sort((a, b) => a.priority - b.priority);
        assert.deepEqual(rules.map((r) => [r.name, r.priority, r.listenerIdentifier, r.serviceIdentifier]), [
            ["path-cell2", 1, "listener-serviceb-listener", "svc-serviceb-service"],
            ["pin-cell1", 2, "listener-serviceb-listener", "svc-serviceb-service"],
            ["pin-cell2", 3, "listener-serviceb-listener", "svc-serviceb-service"],
        ]);
        assert.deepEqual(rules[0].match, { httpMatch: { pathMatch: { caseSensitive: true, match: { prefix: "/canary" } } } });
        assert.deepEqual(rules[1].match, { httpMatch: { headerMatches: [{ name: "x-cell", caseSensitive: true, match: { exact: "cell1" } }] } });
        assert.deepEqual(rules[1].action, { forward: { targetGroups: [{ targetGroupIdentifier: "tg-serviceb-cell1-tg", weight: 100 }] } });
        assert.deepEqual(rules[2].action, { forward: { targetGroups: [{ targetGroupIdentifier: "tg-serviceb-cell2-tg", weight: 100 }] } });
    });

    it("joins the shared network by ARN and publishes an alias to Lattice's name in the namespace zone", () => {
        assert.deepEqual(rec.get("aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation", "serviceb-association").inputs, {
            serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-serviceb-service",
            serviceNetworkIdentifier: NETWORK_ARN,
        });
        assert.deepEqual(rec.get("aws:route53/record:Record", "serviceb-dns").inputs, {
            zoneId: "Z-NS1", name: "serviceb.internal-domain1.com", type: "A",
            aliases: [{ name: "serviceb-svc-serviceb-service.7d67968.vpc-lattice-svcs.us-east-1.on.aws", zoneId: "Z-LATTICE-SVCS", evaluateTargetHealth: false }],
        });
        assert.equal(outputs.dns, "serviceb-svc-serviceb-service.7d67968.vpc-lattice-svcs.us-east-1.on.aws");
    });

    it("ECS cell: the app alone, a named port mapping, no proxy configuration, log retention", () => {
        const td = rec.get("aws:ecs/taskDefinition:TaskDefinition", "serviceb-cell1-taskdef");
        assert.equal(td.inputs.proxyConfiguration, undefined);
        assert.equal(td.inputs.taskRoleArn, undefined, "the app needs no AWS permissions to be called through Lattice");
        assert.deepEqual([td.inputs.family, td.inputs.cpu, td.inputs.memory, td.inputs.networkMode], ["acct1-serviceb-cell1", "256", "512", "awsvpc"]);
        const containers = JSON.parse(td.inputs.containerDefinitions);
        assert.deepEqual(containers.map((c: any) => c.name), ["app"]);
        assert.deepEqual(containers[0].portMappings, [{ name: "app", containerPort: 5001, protocol: "tcp" }]);
        assert.equal(containers[0].dependsOn, undefined);
        assert.deepEqual(containers[0].environment.filter((e: any) => e.name !== "PORT"), [
            { name: "SERVICE_NAME", value: "serviceb" },
            { name: "CELL_NAME", value: "cell1" },
            { name: "BACKENDS", value: "http://servicex.internal-domain2.com:5001" },
        ]);
        assert.deepEqual(rec.get("aws:cloudwatch/logGroup:LogGroup", "serviceb-cell1-logs").inputs, { name: "/cellmesh/acct1-serviceb-cell1", retentionInDays: 30 });
    });

    it("ECS service: vpcLatticeConfigurations with the infrastructure role, the cell's target group and the port name", () => {
        const svc = rec.get("aws:ecs/service:Service", "serviceb-cell2-service");
        assert.deepEqual(svc.inputs.vpcLatticeConfigurations, [{
            roleArn: "arn:aws:iam:us-east-1:111111111111:role/ecs-lattice-role-mock",
            targetGroupArn: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell2-tg",
            portName: "app",
        }]);
        assert.equal(svc.inputs.loadBalancers, undefined);
        assert.equal(svc.inputs.serviceRegistries, undefined);
        // It waits for the listener, the service association and the role's policy attachment
        // (depending on the role component expands to its children).
        for (const [type, name] of [
            [LISTENER, "serviceb-listener"],
            ["aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation", "serviceb-association"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ecs-lattice-lattice"],
        ]) assert.ok(svc.dependencies.includes(rec.get(type, name).urn), `the ECS service waits for ${name}`);
    });

    it("the infrastructure role trusts ECS and carries only the Lattice managed policy", () => {
        const role = rec.get("aws:iam/role:Role", "ecs-lattice-role");
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowAccessToECSForInfrastructureManagement", Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.deepEqual(rec.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ecs-lattice-lattice").inputs, {
            role: "ecs-lattice-role-mock",
            policyArn: "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice",
        });
        assert.equal(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 1);
    });

    it("the task security group admits the app port only from the Lattice prefix list", () => {
        const ingress = rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("serviceb-cell1-"));
        assert.deepEqual(ingress.map((r) => r.inputs), [{
            securityGroupId: "serviceb-cell1-sg-id", description: "port 5001 from VPC Lattice",
            ipProtocol: "tcp", fromPort: 5001, toPort: 5001, prefixListId: "pl-vpc-lattice",
        }]);
        // Execution role: ECR login and this cell's logs only.
        const exec = JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "serviceb-cell1-execution-policy").inputs.policy);
        assert.deepEqual(exec.Statement.map((s: any) => s.Sid), ["EcrLogin", "Logs"]);
    });
});

describe("lattice: LatticeCellService options", () => {
    it("ALB ingress: the ECS service registers in both the ALB and the Lattice target group; the ALB group is admitted too", async () => {
        const { recording: rec, outputs } = await runOnMocks(OWNER_WORLD, serviceb({
            ingress: LatticeIngress.publicAlb({ vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", publicSubnetIds: ["subnet-pa", "subnet-pb"] }),
        }));
        const svc = rec.get("aws:ecs/service:Service", "serviceb-cell1-service");
        assert.deepEqual(svc.inputs.loadBalancers, [{ targetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/serviceb-ingress-cell1-mock", containerName: "app", containerPort: 5001 }]);
        assert.equal(svc.inputs.vpcLatticeConfigurations[0].targetGroupArn, "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell1-tg");
        const ingress = rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("serviceb-cell1-"));
        assert.deepEqual(ingress.map((r) => [r.name, r.inputs.prefixListId, r.inputs.referencedSecurityGroupId]), [
            ["serviceb-cell1-in-lattice", "pl-vpc-lattice", undefined],
            ["serviceb-cell1-in-alb", undefined, "serviceb-ingress-sg-id"],
        ]);
        const alb = rec.get("aws:lb/listener:Listener", "serviceb-ingress-listener");
        assert.deepEqual(alb.inputs.defaultActions[0].forward.targetGroups.map((g: any) => g.weight), [50, 50]);
        assert.equal(outputs.url, "http://serviceb-ingress-alb.elb.amazonaws.com");
    });

    it("grpc with an idle timeout: GRPC target groups, idleTimeoutSeconds on the service, no rules without pinning", async () => {
        const { recording: rec } = await runOnMocks(OWNER_WORLD, serviceb({
            image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/team/orders:1.4.2",
            traffic: { protocol: "grpc", healthCheck: { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 }, timeout: { idleMillis: 120000 } },
        }));
        assert.equal(rec.get("aws:vpclattice/service:Service", "serviceb-service").inputs.idleTimeoutSeconds, 120);
        assert.equal(rec.get(TG, "serviceb-cell1-tg").inputs.config.protocolVersion, "GRPC");
        assert.equal(rec.ofType(RULE).length, 0);
        const exec = JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "serviceb-cell1-execution-policy").inputs.policy);
        assert.deepEqual(exec.Statement[1], { Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: ["arn:aws:ecr:us-east-1:111111111111:repository/team/orders"] });
    });

    it("waits for an external share's accepter before joining the network", async () => {
        const { recording: rec } = await runOnMocks(OWNER_WORLD, () => {
            const network = new LatticeServiceNetwork("mesh", {
                name: "m", ownership: LatticeNetworkOwnership.adopt({ serviceNetworkArn: NETWORK_ARN, externalShareArn: "arn:share" }),
            });
            return new LatticeCellService("servicex", {
                service: "servicex", port: 5001, cells: [{ name: "cell1", weight: 1 }], network, vpcId: "vpc-1",
                namespace: { name: "internal-domain2.com", zoneId: "Z2" }, access: LatticeAccess.vpcOwners(["111111111111"]),
                compute: { kind: "ecs", deployCell: (name, _w, _r, opts) => new pulumi.ComponentResource("test:Cell", name, {}, opts) },
                registrar: () => ({}),
            });
        });
        const association = rec.get("aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation", "servicex-association");
        assert.ok(association.dependencies.includes(rec.get("aws:ram/resourceShareAccepter:ResourceShareAccepter", "mesh-accept").urn));
    });
});

describe("lattice: weight changes", () => {
    /** Inputs per resource, keyed by type and name. */
    const inputsOf = (rec: Recording) => new Map(rec.resources.map((r) => [`${r.type} ${r.name}`, JSON.stringify(r.inputs)]));
    const changed = async (overrides: Overrides, before: CellWeight[], after: CellWeight[]) => {
        const a = inputsOf((await runOnMocks(OWNER_WORLD, serviceb({ ...overrides, cells: before }))).recording);
        const b = inputsOf((await runOnMocks(OWNER_WORLD, serviceb({ ...overrides, cells: after }))).recording);
        assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), "a weight change adds or removes nothing");
        return [...a.keys()].filter((k) => a.get(k) !== b.get(k)).sort();
    };

    it("touch only the Lattice listener (pinned service, 50/50 -> 90/10)", async () => {
        assert.deepEqual(await changed({ traffic: PINNED }, TWO_CELLS, [{ name: "cell1", weight: 90 }, { name: "cell2", weight: 10 }]),
            ["aws:vpclattice/listener:Listener serviceb-listener"]);
    });

    it("touch the Lattice listener and the ALB listener when the service has ingress", async () => {
        const ingress = LatticeIngress.publicAlb({ vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", publicSubnetIds: ["subnet-pa"] });
        assert.deepEqual(await changed({ ingress }, TWO_CELLS, [{ name: "cell1", weight: 0 }, { name: "cell2", weight: 999 }]), [
            "aws:lb/listener:Listener serviceb-ingress-listener",
            "aws:vpclattice/listener:Listener serviceb-listener",
        ]);
    });
});

describe("lattice: LatticeCellService guards", () => {
    const fails = (overrides: Overrides, message: string) => assert.rejects(runOnMocks(OWNER_WORLD, serviceb(overrides)), { message });
    const cells = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, weight: 1 }));



    it("at most 10 listener rules", async () => {
        await fails({ cells: cells(10), traffic: { ...PINNED, pinning: { header: "x-cell", paths: { c0: "/zero" } } } },
            "LatticeCellService serviceb: cell pinning needs 11 listener rules (one header rule per cell plus the path pins); a Lattice listener has at most 10");
    });

    it("traffic settings Lattice lacks, all in one message", async () => {
        await fails({ traffic: { protocol: "http", healthCheck: DEFAULT_HEALTH_CHECK, retry: { maxRetries: 2, perRetryTimeoutMillis: 2000, events: ["server-error"] }, timeout: { perRequestMillis: 15000 } } },
            "LatticeCellService serviceb: traffic.retry: VPC Lattice has no retries; retry in the client, or remove retry; " +
            "traffic.timeout.perRequestMs: VPC Lattice has no per-request timeout (only a connection idle timeout); remove perRequestMs");
        await fails({ traffic: { protocol: "tcp", healthCheck: { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 } } },
            "LatticeCellService serviceb: traffic.protocol: VPC Lattice has no plain TCP listeners (TCP target groups work only behind TLS passthrough listeners); use http, http2 or grpc");
    });

    it("names Lattice refuses, and ingress on a non-http service", async () => {
        await fails({ latticeName: "svc-b" }, 'LatticeCellService serviceb: "svc-b" is not a valid Lattice service name (must not start with "svc-")');
        await fails({ cells: [{ name: "-x", weight: 1 }] }, 'LatticeCellService serviceb: "serviceb--x" is not a valid Lattice target group name (no two hyphens in a row)');
        await fails({
            traffic: { protocol: "http2", healthCheck: DEFAULT_HEALTH_CHECK },
            ingress: LatticeIngress.publicAlb({ vpcId: "v", vpcCidr: "10.0.0.0/16", publicSubnetIds: [] }),
        }, "LatticeCellService serviceb: ALB ingress needs protocol http, not http2");
    });
});
