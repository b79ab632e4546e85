// Both stack programs with `cellmesh:engine: lattice` on ECS (the repository root: Pulumi.acct1.yaml, Pulumi.acct2.yaml), on the mock runtime:
// exact resources, sharing, the service network and its one VPC association, DNS, the ECS cells
// registered in Lattice target groups, outputs, engine checks, and the blast radius of a weight change.

import * as assert from "node:assert/strict";
import { ConfigError, ConsumerConfig, RawConfig } from "../../../config/types";
import { parseStackConfig } from "../../../config/load";
import { cellmeshProgram } from "../../../stacks/program";
import { rejectedProblems } from "../../helpers/configProblems";
import {
    CONSUMER_LATTICE_SAMPLE_COUNTS, CONSUMER_LATTICE_WORLD, CONSUMER_WORLD, OWNER_LATTICE_OUTPUTS, OWNER_LATTICE_SAMPLE_COUNTS,
    OWNER_LATTICE_WORLD, OWNER_OUTPUTS, SECURITY, consumerLatticeSample, consumerSample, ownerLatticeSample, rawLatticeSample,
} from "../../helpers/fixtures";
import { changed, MockWorld, Recording, runOnMocks } from "../../helpers/harness";

const T = {
    network: "aws:vpclattice/serviceNetwork:ServiceNetwork",
    vpcAssoc: "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
    svcAssoc: "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
    service: "aws:vpclattice/service:Service",
    auth: "aws:vpclattice/authPolicy:AuthPolicy",
    tg: "aws:vpclattice/targetGroup:TargetGroup",
    listener: "aws:vpclattice/listener:Listener",
    albListener: "aws:lb/listener:Listener",
    share: "aws:ram/resourceShare:ResourceShare",
    resAssoc: "aws:ram/resourceAssociation:ResourceAssociation",
    principal: "aws:ram/principalAssociation:PrincipalAssociation",
    accepter: "aws:ram/resourceShareAccepter:ResourceShareAccepter",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    taskdef: "aws:ecs/taskDefinition:TaskDefinition",
    ecsService: "aws:ecs/service:Service",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

const NETWORK_ARN = OWNER_LATTICE_OUTPUTS.serviceNetworkArn;
const OWNER_REF = "organization/cellmesh/acct1";

/** Only the App Mesh engine creates these; a Lattice stack has none of them. */
function appMeshOrCloudMap(rec: Recording): string[] {
    return rec.resources.filter((r) => /^aws:(appmesh|servicediscovery)\//.test(r.type)).map((r) => `${r.type} ${r.name}`);
}

describe("Lattice owner stack (Pulumi.acct1.yaml at the repository root)", () => {
    let rec: Recording;
    let outputs: any;
    before(async () => ({ recording: rec, outputs } = await runOnMocks(OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample()))));

    it("creates exactly the owner's resources, none of App Mesh or Cloud Map", () => {
        assert.deepEqual(rec.countsByType(), OWNER_LATTICE_SAMPLE_COUNTS);
        assert.deepEqual(appMeshOrCloudMap(rec), []);
    });

    it("shares only the service network with the consumer, inside the organization only: no subnets (each account has a VPC of its own)", () => {
        assert.deepEqual(rec.ofType(T.share).map((r) => r.inputs), [{ name: "mesh-share", allowExternalPrincipals: false }]);
        assert.deepEqual(rec.ofType(T.resAssoc).map((r) => [r.name, r.inputs.resourceArn]), [["mesh-share-network", NETWORK_ARN]]);
        assert.deepEqual(rec.ofType(T.principal).map((r) => [r.name, r.inputs.principal]), [["mesh-share-222222222222", "222222222222"]]);
    });

    it("with cellmesh:vpcLayout: SharedSubnets it also shares its private subnets, and says so in its outputs", async () => {
        const { recording, outputs: shared } = await runOnMocks(OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample({ "cellmesh:vpcLayout": "SharedSubnets" })));
        assert.deepEqual(recording.ofType(T.share).map((r) => r.inputs), [
            { name: "subnets", allowExternalPrincipals: false },
            { name: "mesh-share", allowExternalPrincipals: false },
        ]);
        assert.deepEqual(["subnets-private-0", "subnets-private-1"].map((n) => recording.get(T.resAssoc, n).inputs.resourceArn),
            ["arn:aws:ec2:us-east-1:111111111111:subnet/subnet-private-a", "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-private-b"]);
        assert.deepEqual(recording.ofType(T.principal).map((r) => [r.name, r.inputs.principal]), [["subnets-222222222222", "222222222222"], ["mesh-share-222222222222", "222222222222"]]);
        assert.deepEqual([(shared as any).vpcLayout, (shared as any).subnetShareArn], ["SharedSubnets", "arn:aws:ram:us-east-1:111111111111:resource-share/subnets"]);
    });

    it("the service network: AWS_IAM, an auth policy for unsigned callers from the mesh's accounts' VPCs, and the owner VPC's one association", () => {
        assert.deepEqual(rec.get(T.network, "mesh-network").inputs, { name: "multiaccountmeshdemo", authType: "AWS_IAM" });
        const auth = rec.get(T.auth, "mesh-auth");
        assert.equal(auth.inputs.resourceIdentifier, NETWORK_ARN);
        assert.deepEqual(JSON.parse(auth.inputs.policy), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "CallersFromVpcsOfListedAccounts", Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*",
                Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111111111111", "222222222222"] } },
            }],
        });
        assert.deepEqual(rec.ofType(T.vpcAssoc).map((r) => [r.name, r.inputs]), [
            ["mesh-owner-vpc", { serviceNetworkIdentifier: NETWORK_ARN, vpcIdentifier: "vpc-0123456789abcdef0" }],
        ]);
    });

    it("the namespace is a private hosted zone on the owner's VPC, without a placeholder; each service's name is an alias to its Lattice DNS name", () => {
        assert.deepEqual(rec.get(T.zone, "namespace-zone").inputs, {
            name: "internal-domain1.com", comment: "cellmesh: custom domain names of VPC Lattice services", vpcs: [{ vpcId: "vpc-0123456789abcdef0" }],
        });
        assert.deepEqual(rec.get(T.zone, "namespace-zone").ignoreChanges, ["vpcs"]);
        assert.equal(rec.ofType("aws:ec2/vpc:Vpc").length, 0);
        assert.deepEqual(rec.get(T.record, "serviceb-dns").inputs, {
            zoneId: "Z-namespace-zone", name: "serviceb.internal-domain1.com", type: "A",
            aliases: [{ name: "serviceb-svc-serviceb-service.7d67968.vpc-lattice-svcs.us-east-1.on.aws", zoneId: "Z-LATTICE-SVCS", evaluateTargetHealth: false }],
        });
    });

    it("serviceb: a Lattice service named as clients dial it, one IP target group per cell in the owner's VPC, weights on the listener", () => {
        assert.deepEqual(rec.get(T.service, "serviceb-service").inputs, { name: "serviceb", customDomainName: "serviceb.internal-domain1.com", authType: "AWS_IAM" });
        assert.deepEqual(rec.ofType(T.tg).filter((r) => r.name.startsWith("serviceb-")).map((r) => [r.inputs.name, r.inputs.type, r.inputs.config.vpcIdentifier, r.inputs.config.port]), [
            ["serviceb-cell1", "IP", "vpc-0123456789abcdef0", 5001],
            ["serviceb-cell2", "IP", "vpc-0123456789abcdef0", 5001],
        ]);
        assert.deepEqual(rec.get(T.listener, "serviceb-listener").inputs, {
            name: "http-5001", serviceIdentifier: "svc-serviceb-service", protocol: "HTTP", port: 5001,
            defaultAction: { forwards: [{ targetGroups: [{ targetGroupIdentifier: "tg-serviceb-cell1-tg", weight: 50 }, { targetGroupIdentifier: "tg-serviceb-cell2-tg", weight: 50 }] }] },
        });
        assert.deepEqual(rec.get(T.svcAssoc, "serviceb-association").inputs, { serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-serviceb-service", serviceNetworkIdentifier: NETWORK_ARN });
    });

    it("ECS cell task: the app alone (no Envoy, no X-Ray, no proxy configuration), calling servicex by the same name as on App Mesh", () => {
        const td = rec.get(T.taskdef, "serviceb-cell1-taskdef");
        assert.equal(td.inputs.family, "acct1-serviceb-cell1");
        assert.equal(td.inputs.proxyConfiguration, undefined);
        assert.deepEqual([td.inputs.cpu, td.inputs.memory], ["256", "512"]);
        const containers = JSON.parse(td.inputs.containerDefinitions);
        assert.deepEqual(containers.map((c: any) => c.name), ["app"]);
        assert.deepEqual(containers[0].portMappings, [{ name: "app", containerPort: 5001, protocol: "tcp" }]);
        assert.deepEqual(containers[0].environment, [
            { name: "SERVICE_NAME", value: "serviceb" },
            { name: "CELL_NAME", value: "cell1" },
            { name: "PORT", value: "5001" },
            { name: "BACKENDS", value: "http://servicex.internal-domain2.com:5001" },
        ]);
        assert.equal(containers[0].dependsOn, undefined);
    });

    it("ECS services register in their cell's Lattice target group through the infrastructure role; the entry service in its ALB target group too", () => {
        const svc = rec.get(T.ecsService, "serviceb-cell2-service");
        assert.deepEqual(svc.inputs.vpcLatticeConfigurations, [{
            roleArn: "arn:aws:iam:us-east-1:111111111111:role/ecs-lattice-role-mock",
            targetGroupArn: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell2-tg",
            portName: "app",
        }]);
        assert.deepEqual(svc.inputs.networkConfiguration, { subnets: ["subnet-private-a", "subnet-private-b"], securityGroups: ["serviceb-cell2-sg-id"], assignPublicIp: false });
        assert.equal(svc.inputs.serviceRegistries, undefined);
        assert.ok(svc.dependencies.includes(rec.get(T.listener, "serviceb-listener").urn), "the cell waits for the listener that forwards to it");
        const entry = rec.get(T.ecsService, "servicea-cell1-service");
        assert.deepEqual(entry.inputs.loadBalancers, [{ targetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell1-mock", containerName: "app", containerPort: 5001 }]);
        assert.equal(entry.inputs.vpcLatticeConfigurations[0].targetGroupArn, "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-servicea-cell1-tg");
    });

    it("the infrastructure role: trusted by ECS, with the AWS managed policy for Lattice and nothing else", () => {
        assert.deepEqual(JSON.parse(rec.get("aws:iam/role:Role", "ecs-lattice-role").inputs.assumeRolePolicy).Statement, [
            { Sid: "AllowAccessToECSForInfrastructureManagement", Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
        assert.deepEqual(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => r.inputs.policyArn),
            ["arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice"]);
    });

    it("security groups: a cell admits its port only from the Lattice prefix list; the entry service also from its ALB; only the ALB faces the internet", () => {
        const rules = (prefix: string) => rec.ofType(T.sgIn).filter((r) => r.name.startsWith(prefix))
            .map((r) => [r.name, r.inputs.fromPort, r.inputs.prefixListId ?? r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4]);
        assert.deepEqual(rules("serviceb-cell1-"), [["serviceb-cell1-in-lattice", 5001, "pl-vpc-lattice"]]);
        assert.deepEqual(rules("servicea-cell1-"), [["servicea-cell1-in-lattice", 5001, "pl-vpc-lattice"], ["servicea-cell1-in-alb", 5001, "servicea-ingress-sg-id"]]);
        assert.deepEqual(rec.ofType(T.sgIn).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0").map((r) => [r.name, r.inputs.fromPort]), [["servicea-ingress-in-0", 80]]);
    });

    it("servicea ingress: the ALB listener splits by the same cell weights", () => {
        assert.deepEqual(rec.get(T.albListener, "servicea-ingress-listener").inputs.defaultActions[0].forward.targetGroups.map((g: any) => g.weight), [50, 50]);
    });

    it("exports what consumers read (the consumer tests' fixture is exactly this), the names to dial and the public URL", () => {
        assert.deepEqual(outputs, {
            ...OWNER_LATTICE_OUTPUTS,
            customDomainNames: { servicea: "servicea.internal-domain1.com", serviceb: "serviceb.internal-domain1.com" },
            latticeDnsNames: {
                servicea: "servicea-svc-servicea-service.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
                serviceb: "serviceb-svc-serviceb-service.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
            },
            serviceArns: {
                servicea: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-servicea-service",
                serviceb: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-serviceb-service",
            },
            ingressUrls: { servicea: "http://servicea-ingress-alb.elb.amazonaws.com" },
            clusterName: "cellmesh-acct1",
            weights: { servicea: { cell1: 50, cell2: 50 }, serviceb: { cell1: 50, cell2: 50 } },
            cellTargets: { servicea: { cell1: { latticeTargetGroupArn: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-servicea-cell1-tg", loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", albTargetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell1-mock" }, cell2: { latticeTargetGroupArn: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-servicea-cell2-tg", loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", albTargetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell2-mock" } }, serviceb: { cell1: { latticeTargetGroupArn: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell1-tg" }, cell2: { latticeTargetGroupArn: "arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-serviceb-cell2-tg" } } },
        });
    });

    it("external sharing: the shares allow external principals and carry the marker tag", async () => {
        const { recording } = await runOnMocks(OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample({ "cellmesh:sharing": "external" })));
        assert.deepEqual(recording.ofType(T.share).map((r) => [r.name, r.inputs.allowExternalPrincipals, r.inputs.tags]), [
            ["mesh-share", true, { "cellmesh:sharing": "external" }],
        ]);
        const { recording: shared } = await runOnMocks(OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample({ "cellmesh:sharing": "external", "cellmesh:vpcLayout": "SharedSubnets" })));
        assert.deepEqual(shared.ofType(T.share).map((r) => [r.name, r.inputs.allowExternalPrincipals, r.inputs.tags]), [
            ["subnets", true, { "cellmesh:sharing": "external" }],
            ["mesh-share", true, { "cellmesh:sharing": "external" }],
        ]);
    });

    it("the security options that apply on Lattice: HTTPS and access logs on the ALB, a KMS key on every log group", async () => {
        const { recording } = await runOnMocks(OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample({
            "cellmesh:albCertificateArn": SECURITY.albCertificate, "cellmesh:albAccessLogs": SECURITY.accessLogs, "cellmesh:logKmsKeyArn": SECURITY.ownerKmsKey,
        })));
        const https = recording.get(T.albListener, "servicea-ingress-https").inputs;
        assert.deepEqual([https.port, https.protocol, https.certificateArn, https.sslPolicy], [443, "HTTPS", SECURITY.albCertificate, "ELBSecurityPolicy-TLS13-1-2-2021-06"]);
        assert.equal(recording.get(T.albListener, "servicea-ingress-listener").inputs.defaultActions[0].type, "redirect");
        assert.deepEqual(recording.get("aws:lb/loadBalancer:LoadBalancer", "servicea-ingress-alb").inputs.accessLogs, { bucket: "acme-alb-logs", enabled: true, prefix: "cellmesh/acct1" });
        assert.deepEqual(recording.ofType(T.logGroup).map((r) => r.inputs.kmsKeyId), Array(4).fill(SECURITY.ownerKmsKey));
    });
});

/** The consumer sample with the shared-subnets layout (its own VPC's keys removed). */
function sharedSubnetsConsumer() {
    const { "cellmesh:vpcCidr": _cidr, ...raw } = rawLatticeSample("acct2");
    return parseStackConfig({ ...raw, "cellmesh:vpcLayout": "SharedSubnets" }, "acct2") as ConsumerConfig;
}
/** What an owner with `cellmesh:vpcLayout: SharedSubnets` exports: the subnet share too. */
const SHARED_SUBNETS_OWNER = { ...OWNER_LATTICE_OUTPUTS, vpcLayout: "SharedSubnets", subnetShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/subnets" };

describe("Lattice consumer stack (Pulumi.acct2.yaml at the repository root): a VPC of its own, the default", () => {
    // The owner's VPC, subnets and zone differ from the mock's own-VPC values, so each assertion can tell them apart.
    const OWNER = { ...OWNER_LATTICE_OUTPUTS, vpcId: "vpc-owner0000000000000", privateSubnetIds: ["subnet-owner-a", "subnet-owner-b"], hostedZoneId: "Z-owner-zone" };
    const WORLD: MockWorld = { ...CONSUMER_LATTICE_WORLD, stackOutputs: { [OWNER_REF]: OWNER } };
    let rec: Recording;
    let outputs: any;
    before(async () => ({ recording: rec, outputs } = await runOnMocks(WORLD, () => cellmeshProgram(consumerLatticeSample()))));

    it("creates exactly the consumer's resources: its own VPC and its association, no network, no placeholder VPC, no App Mesh or Cloud Map", () => {
        assert.deepEqual(rec.countsByType(), CONSUMER_LATTICE_SAMPLE_COUNTS);
        assert.deepEqual(rec.ofType(T.network), [], "the owner's network is adopted, not created");
        assert.deepEqual(appMeshOrCloudMap(rec), []);
        assert.equal(rec.get("pulumi:pulumi:StackReference", "owner").inputs.name, OWNER_REF);
    });

    it("creates its own VPC (no placeholder VPC) and associates it with the owner's network by ARN", () => {
        assert.deepEqual(rec.ofType("awsx:ec2:Vpc").map((r) => [r.name, r.inputs.cidrBlock]), [["network", "10.2.0.0/16"]]);
        assert.deepEqual(rec.ofType("aws:ec2/vpc:Vpc"), [], "no placeholder VPC");
        assert.deepEqual(rec.ofType(T.vpcAssoc).map((r) => [r.name, r.inputs]), [
            ["mesh-tasks-vpc", { vpcIdentifier: "vpc-0123456789abcdef0", serviceNetworkIdentifier: NETWORK_ARN }],
        ]);
        assert.deepEqual(rec.ofType(T.accepter), [], "inside the organization nothing is accepted");
    });

    it("its service joins the owner's network by ARN; its target groups and tasks live in its own VPC and private subnets, not the owner's", () => {
        assert.deepEqual(rec.get(T.svcAssoc, "servicex-association").inputs, {
            serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-servicex-service", serviceNetworkIdentifier: NETWORK_ARN,
        });
        assert.deepEqual(rec.ofType(T.tg).map((r) => [r.inputs.name, r.inputs.config.vpcIdentifier]), [["servicex-cell1", "vpc-0123456789abcdef0"], ["servicex-cell2", "vpc-0123456789abcdef0"]]);
        for (const svc of rec.ofType(T.ecsService)) {
            assert.deepEqual(svc.inputs.networkConfiguration.subnets, ["subnet-private-a", "subnet-private-b"], svc.name);
        }
        for (const sg of rec.ofType("aws:ec2/securityGroup:SecurityGroup")) assert.equal(sg.inputs.vpcId, "vpc-0123456789abcdef0", sg.name);
        assert.equal(rec.get(T.ecsService, "servicex-cell1-service").inputs.vpcLatticeConfigurations[0].targetGroupArn, "arn:aws:vpc-lattice:us-east-1:222222222222:targetgroup/tg-servicex-cell1-tg");
        // Callers come from the owner's VPC and from ours.
        assert.deepEqual(JSON.parse(rec.get(T.auth, "servicex-auth").inputs.policy).Statement[0].Condition,
            { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111111111111", "222222222222"] } });
    });

    it("its zone is anchored on its own VPC and associated with the owner's; the owner's zone with its VPC; the services wait for both", () => {
        assert.deepEqual(rec.get(T.zone, "namespace-zone").inputs.vpcs, [{ vpcId: "vpc-0123456789abcdef0" }]);
        const ours = rec.get("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", "namespace-owner-vpc-authorization");
        assert.deepEqual(ours.inputs, { zoneId: "Z-namespace-zone", vpcId: "vpc-owner0000000000000", vpcRegion: "us-east-1" });
        assert.equal(ours.provider, undefined, "our zone's account authorizes");
        const ourAssociation = rec.get("aws:route53/zoneAssociation:ZoneAssociation", "namespace-owner-vpc-association");
        assert.ok(ourAssociation.dependencies.includes(ours.urn));
        const provider = rec.providerOf(ourAssociation)!;
        assert.equal(provider.name, "owner-account", "the owner's VPC's account associates");
        assert.deepEqual(JSON.parse(provider.inputs.allowedAccountIds), ["111111111111"], "the owner account, from the owner's ownerAccountId output");
        assert.equal(provider.inputs.profile, "acct1");

        const theirs = rec.get("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", "owner-namespace-authorization");
        assert.deepEqual(theirs.inputs, { zoneId: "Z-owner-zone", vpcId: "vpc-0123456789abcdef0", vpcRegion: "us-east-1" });
        assert.equal(rec.providerOf(theirs)?.name, "owner-account", "the owner's zone's account authorizes");
        const theirAssociation = rec.get("aws:route53/zoneAssociation:ZoneAssociation", "owner-namespace-association");
        assert.equal(theirAssociation.provider, undefined, "our VPC's account associates");
        assert.ok(theirAssociation.dependencies.includes(theirs.urn));

        const service = rec.get("cellmesh:lattice:CellService", "servicex");
        for (const association of [ourAssociation, theirAssociation]) assert.ok(service.dependencies.includes(association.urn), association.name);
    });

    it("exports its layout, names, Lattice DNS names, service ARNs and weights", () => {
        assert.deepEqual(outputs, {
            engine: "lattice",
            compute: "ecs",
            namespace: "internal-domain2.com",
            hostedZoneId: "Z-namespace-zone",
            vpcLayout: "VpcPerAccount",
            vpcId: "vpc-0123456789abcdef0",
            customDomainNames: { servicex: "servicex.internal-domain2.com" },
            latticeDnsNames: { servicex: "servicex-svc-servicex-service.7d67968.vpc-lattice-svcs.us-east-1.on.aws" },
            serviceArns: { servicex: "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-servicex-service" },
            clusterName: "cellmesh-acct2",
            weights: { servicex: { cell1: 50, cell2: 50 } },
            cellTargets: { servicex: { cell1: { latticeTargetGroupArn: "arn:aws:vpc-lattice:us-east-1:222222222222:targetgroup/tg-servicex-cell1-tg" }, cell2: { latticeTargetGroupArn: "arn:aws:vpc-lattice:us-east-1:222222222222:targetgroup/tg-servicex-cell2-tg" } } },
        });
    });

    it("without cellmesh:vpcCidr it still gets a VPC of its own, 10.0.0.0/16, and its target groups live there", async () => {
        const { "cellmesh:vpcCidr": _cidr, ...raw } = rawLatticeSample("acct2");
        const { recording } = await runOnMocks(WORLD, () => cellmeshProgram(parseStackConfig(raw, "acct2")));
        assert.deepEqual(recording.ofType("awsx:ec2:Vpc").map((r) => [r.name, r.inputs.cidrBlock]), [["network", "10.0.0.0/16"]]);
        assert.deepEqual(recording.ofType(T.tg).map((r) => r.inputs.config.vpcIdentifier), ["vpc-0123456789abcdef0", "vpc-0123456789abcdef0"]);
        assert.deepEqual(recording.ofType(T.accepter), []);
        assert.ok(!JSON.stringify(recording.resources.map((r) => r.inputs)).includes("vpc-owner0000000000000\"}]"), "no target group or task in the owner's VPC");
    });

    it("of an external share accepts only the network's share (no subnets are used)", async () => {
        const world: MockWorld = { ...WORLD, stackOutputs: { [OWNER_REF]: { ...OWNER, sharing: "external" } } };
        const { recording } = await runOnMocks(world, () => cellmeshProgram(consumerLatticeSample()));
        assert.deepEqual(recording.ofType(T.accepter).map((r) => [r.name, r.inputs.shareArn]), [["mesh-accept", OWNER_LATTICE_OUTPUTS.shareArn]]);
        assert.ok(recording.get(T.vpcAssoc, "mesh-tasks-vpc").dependencies.includes(recording.get(T.accepter, "mesh-accept").urn));
    });
});

describe("Lattice consumer stack on ECS with cellmesh:vpcLayout: SharedSubnets (the owner's subnets; unverified on AWS)", () => {
    const WORLD: MockWorld = { ...CONSUMER_LATTICE_WORLD, stackOutputs: { [OWNER_REF]: SHARED_SUBNETS_OWNER } };
    let rec: Recording;
    let outputs: any;
    before(async () => ({ recording: rec, outputs } = await runOnMocks(WORLD, () => cellmeshProgram(sharedSubnetsConsumer()))));

    it("creates no network, no VPC and no VPC association: the owner's VPC is in the network already", () => {
        assert.equal(rec.ofType(T.network).length + rec.ofType(T.vpcAssoc).length + rec.ofType("awsx:ec2:Vpc").length, 0);
        assert.deepEqual(appMeshOrCloudMap(rec), []);
    });

    it("its service joins the owner's network by ARN; its target groups live in the owner's VPC, where its tasks run", () => {
        assert.deepEqual(rec.get(T.svcAssoc, "servicex-association").inputs, {
            serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-servicex-service", serviceNetworkIdentifier: NETWORK_ARN,
        });
        assert.deepEqual(rec.ofType(T.tg).map((r) => [r.inputs.name, r.inputs.config.vpcIdentifier]), [["servicex-cell1", "vpc-0123456789abcdef0"], ["servicex-cell2", "vpc-0123456789abcdef0"]]);
        assert.deepEqual(rec.get(T.ecsService, "servicex-cell1-service").inputs.networkConfiguration.subnets, ["subnet-private-a", "subnet-private-b"]);
    });

    it("its zone is anchored on a placeholder VPC of its own and associated with the owner's VPC in two steps, with two providers", () => {
        assert.deepEqual(rec.get(T.zone, "namespace-zone").inputs.vpcs, [{ vpcId: "vpc-namespace-placeholder-vpc" }]);
        const auth = rec.get("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", "namespace-owner-vpc-authorization");
        assert.deepEqual(auth.inputs, { zoneId: "Z-namespace-zone", vpcId: "vpc-0123456789abcdef0", vpcRegion: "us-east-1" });
        const association = rec.get("aws:route53/zoneAssociation:ZoneAssociation", "namespace-owner-vpc-association");
        assert.ok(association.dependencies.includes(auth.urn));
        assert.equal(rec.providerOf(association)?.name, "owner-account");
        assert.ok(rec.get("cellmesh:lattice:CellService", "servicex").dependencies.includes(association.urn));
    });

    it("exports the layout and the owner's VPC as where its cells run", () => {
        assert.deepEqual([outputs.vpcLayout, outputs.vpcId], ["SharedSubnets", "vpc-0123456789abcdef0"]);
    });

    it("of an external share accepts both shares (subnets and network) before anything joins", async () => {
        const world: MockWorld = { ...CONSUMER_LATTICE_WORLD, stackOutputs: { [OWNER_REF]: { ...SHARED_SUBNETS_OWNER, sharing: "external" } } };
        const { recording } = await runOnMocks(world, () => cellmeshProgram(sharedSubnetsConsumer()));
        assert.deepEqual(recording.ofType(T.accepter).map((r) => [r.name, r.inputs.shareArn]), [
            ["subnets-accept", SHARED_SUBNETS_OWNER.subnetShareArn],
            ["mesh-accept", OWNER_LATTICE_OUTPUTS.shareArn],
        ]);
        const association = recording.get(T.svcAssoc, "servicex-association");
        for (const accepter of recording.ofType(T.accepter)) assert.ok(association.dependencies.includes(accepter.urn), `${accepter.name} before the association`);
    });

    it("refuses an owner whose layout differs (it shares no subnets), and the owner refuses the reverse", async () => {
        await assert.rejects(runOnMocks(CONSUMER_LATTICE_WORLD, () => cellmeshProgram(sharedSubnetsConsumer())), (err: Error) => err instanceof ConfigError &&
            err.problems[0] === 'cellmesh:vpcLayout = "SharedSubnets": the owner stack organization/cellmesh/acct1 uses VpcPerAccount; every stack of a mesh uses the same layout');
        await assert.rejects(runOnMocks(WORLD, () => cellmeshProgram(consumerLatticeSample())), (err: Error) => err instanceof ConfigError &&
            err.problems[0] === 'cellmesh:vpcLayout = "VpcPerAccount": the owner stack organization/cellmesh/acct1 uses SharedSubnets; every stack of a mesh uses the same layout');
    });

    it("works with a Lattice owner deployed before cellmesh:vpcLayout (no vpcLayout output; it shared its subnets)", async () => {
        const { vpcLayout: _layout, ...legacy } = SHARED_SUBNETS_OWNER;
        const { recording } = await runOnMocks({ ...CONSUMER_LATTICE_WORLD, stackOutputs: { [OWNER_REF]: legacy } }, () => cellmeshProgram(sharedSubnetsConsumer()));
        assert.equal(recording.ofType(T.tg).length, 2);
    });
});

describe("Lattice stacks: one engine per mesh (the consumer checks the owner's engine output)", () => {
    const failure = (world: MockWorld, program: () => Promise<unknown>) => rejectedProblems(() => runOnMocks(world, program));

    it("an App Mesh consumer refuses a Lattice owner", async () => {
        const world: MockWorld = { ...CONSUMER_WORLD, stackOutputs: { "organization/cellmesh/acct1-appmesh": OWNER_LATTICE_OUTPUTS } };
        assert.deepEqual(await failure(world, () => cellmeshProgram(consumerSample())), [
            'cellmesh:engine = "appmesh": the owner stack organization/cellmesh/acct1-appmesh runs the lattice engine; every stack of a mesh uses the same engine',
        ]);
    });

    it("a Lattice consumer refuses an owner without an engine output (deployed before engines existed: App Mesh)", async () => {
        const { engine: _engine, ...legacy } = OWNER_OUTPUTS;
        const world: MockWorld = { ...CONSUMER_LATTICE_WORLD, stackOutputs: { [OWNER_REF]: legacy } };
        assert.deepEqual(await failure(world, () => cellmeshProgram(consumerLatticeSample())), [
            `cellmesh:engine = "lattice": the owner stack ${OWNER_REF} runs the appmesh engine; every stack of a mesh uses the same engine`,
        ]);
    });
});

/** The Lattice sample's raw config with one service's cells replaced. */
function withCells(stack: "acct1" | "acct2", service: string, cells: Record<string, number>, extra: RawConfig = {}): RawConfig {
    const raw = rawLatticeSample(stack);
    const services = JSON.parse(JSON.stringify(raw["cellmesh:services"])) as Record<string, Record<string, unknown>>;
    services[service].cells = cells;
    return { ...raw, ...extra, "cellmesh:services": services };
}

describe("Lattice stacks: a weight change", () => {
    const owner = (service: string, cells: Record<string, number>, extra: RawConfig = {}) =>
        runOnMocks(OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample(withCells("acct1", service, cells, extra))));

    it("of serviceb touches only serviceb's Lattice listener", async () => {
        const base = await owner("serviceb", { cell1: 50, cell2: 50 });
        const shifted = await owner("serviceb", { cell1: 0, cell2: 999 });
        assert.deepEqual(changed(base.recording, shifted.recording), ["aws:vpclattice/listener:Listener serviceb-listener"]);
        assert.deepEqual(shifted.recording.get(T.listener, "serviceb-listener").inputs.defaultAction.forwards[0].targetGroups.map((g: any) => g.weight), [0, 999]);
    });

    it("of the entry service touches its Lattice listener and its ALB listener", async () => {
        const base = await owner("servicea", { cell1: 50, cell2: 50 });
        const shifted = await owner("servicea", { cell1: 90, cell2: 10 });
        assert.deepEqual(changed(base.recording, shifted.recording), [
            "aws:lb/listener:Listener servicea-ingress-listener",
            "aws:vpclattice/listener:Listener servicea-listener",
        ]);
    });

    it("of the entry service with HTTPS touches its Lattice listener and only the HTTPS listener, not the redirect", async () => {
        const https = { "cellmesh:albCertificateArn": SECURITY.albCertificate };
        const base = await owner("servicea", { cell1: 50, cell2: 50 }, https);
        const shifted = await owner("servicea", { cell1: 90, cell2: 10 }, https);
        assert.deepEqual(changed(base.recording, shifted.recording), [
            "aws:lb/listener:Listener servicea-ingress-https",
            "aws:vpclattice/listener:Listener servicea-listener",
        ]);
    });

    it("of the consumer's servicex touches only its listener", async () => {
        const consumer = (cells: Record<string, number>) =>
            runOnMocks(CONSUMER_LATTICE_WORLD, () => cellmeshProgram(consumerLatticeSample(withCells("acct2", "servicex", cells))));
        const base = await consumer({ cell1: 50, cell2: 50 });
        const shifted = await consumer({ cell1: 100, cell2: 0 });
        assert.deepEqual(changed(base.recording, shifted.recording), ["aws:vpclattice/listener:Listener servicex-listener"]);
    });
});
