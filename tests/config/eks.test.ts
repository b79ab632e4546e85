import * as assert from "node:assert/strict";
import { RawConfig } from "../../config/types";
import { eksDefaults } from "../../config/eks";
import { appMeshConfig } from "../../engines/appmesh/config";
import { rolloutProblems } from "../../config/crossStack";
import { loaderProblems as problems } from "../helpers/configProblems";
import { consumerEksSample, consumerSample, ownerEksSample, rawEksSample, rawSample } from "../helpers/fixtures";

describe("EKS config", () => {
    it("the samples parse: eks settings, the owner's and the consumer's own VPC", () => {
        const owner = ownerEksSample();
        assert.equal(owner.compute, "eks");
        assert.deepEqual(owner.eks, { ...eksDefaults(appMeshConfig.eks), version: "1.33", instanceType: "t3.medium", nodeCount: 2, maxNodes: 2, controllerChartVersion: "1.13.1" });
        assert.deepEqual(owner.network, { vpcCidr: "10.192.0.0/16", natGateways: "Single", availabilityZones: 2 });
        assert.deepEqual(consumerEksSample().network, { vpcCidr: "10.193.0.0/16", natGateways: "Single", availabilityZones: 2 });
    });

    const owner = rawEksSample("acct1-appmesh-eks");
    const consumer = rawEksSample("acct2-appmesh-eks");
    const cases: [string, RawConfig, string, string[]][] = [
        ["EKS settings on an ECS stack", { ...rawSample("acct1-appmesh"), "cellmesh:eks": { nodeCount: 3 } }, "acct1",
            ['cellmesh:eks = {"nodeCount":3}: EKS settings apply only with cellmesh:compute: eks (this stack\'s compute is ecs); remove the key or set cellmesh:compute: eks']],
        ["a VPC CIDR on an ECS consumer", { ...rawSample("acct2-appmesh"), "cellmesh:vpcCidr": "10.1.0.0/16" }, "acct2",
            ['cellmesh:vpcCidr = "10.1.0.0/16": on ECS with App Mesh consumers run in the owner\'s shared VPC, so only the owner stack takes this key (an EKS or VPC Lattice consumer can have a VPC of its own); remove it from the consumer stack']],
        ["an EKS consumer without a VPC CIDR", { ...consumer, "cellmesh:vpcCidr": undefined }, "acct2-appmesh-eks",
            ["cellmesh:vpcCidr = (not set): an EKS consumer runs in a VPC of its own, peered with the owner's: set a CIDR from /16 to /24 that overlaps no other stack's, e.g. 10.193.0.0/16"]],
        ["an unsupported Kubernetes version", { ...owner, "cellmesh:eks": { version: "1.20" } }, "acct1-appmesh-eks",
            ['cellmesh:eks.version = "1.20": one of the Kubernetes versions cellmesh supports: 1.31, 1.32, 1.33, 1.34, 1.35 (quote it in YAML: "1.33")']],
        ["a version YAML read as a number (1.30 -> 1.3)", { ...owner, "cellmesh:eks": { version: 1.3 } }, "acct1-appmesh-eks",
            ['cellmesh:eks.version = 1.3: one of the Kubernetes versions cellmesh supports: 1.31, 1.32, 1.33, 1.34, 1.35 (quote it in YAML: "1.33")']],
        ["a chart version range", { ...owner, "cellmesh:eks": { controllerChartVersion: "^1.13.0" } }, "acct1-appmesh-eks",
            ['cellmesh:eks.controllerChartVersion = "^1.13.0": an exact appmesh-controller chart version (no ranges), e.g. 1.13.1']],
        ["fewer max nodes than nodes, and an unknown field", { ...owner, "cellmesh:eks": { nodeCount: 3, maxNodes: 2, nodes: 3 } }, "acct1-appmesh-eks", [
            "cellmesh:eks.nodes = 3: not an EKS setting; valid settings are version, instanceType, nodeCount, maxNodes, controllerChartVersion, appNamespace",
            "cellmesh:eks.maxNodes = 2: an integer from nodeCount (3) to 100",
        ]],
        ["a system namespace for the apps", { ...owner, "cellmesh:eks": { appNamespace: "kube-system" } }, "acct1-appmesh-eks",
            ['cellmesh:eks.appNamespace = "kube-system": a Kubernetes namespace name (a DNS label) other than default, appmesh-system and kube-*']],
        ["the ECS-only shared gateway on EKS", { ...owner, "cellmesh:virtualGateway": { enabled: true } }, "acct1-appmesh-eks",
            ['cellmesh:virtualGateway = {"enabled":true}: the shared /<service> gateway is built for ECS only; on EKS each service with ingress: true gets a virtual gateway of its own, so remove this key']],
        ["ECS-only security options on EKS", { ...owner, "cellmesh:logKmsKeyArn": "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666" }, "acct1-appmesh-eks",
            ['cellmesh:logKmsKeyArn = "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666": applies to the CloudWatch log groups of ECS tasks; on EKS cellmesh creates no log groups; remove it from this EKS stack']],
        ["the ALB options on App Mesh EKS (no ALB: the entry is the virtual gateway's NLB)", {
            ...owner,
            "cellmesh:albCertificateArn": "arn:aws:acm:us-east-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "cellmesh:albAccessLogs": { bucket: "acme-alb-logs" },
        }, "acct1-appmesh-eks", [
            'cellmesh:albCertificateArn = "arn:aws:acm:us-east-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee": applies to the public ALBs of ECS and of VPC Lattice on EKS; App Mesh on EKS has none (its entry is a virtual gateway behind a Network Load Balancer); remove it from this EKS stack',
            'cellmesh:albAccessLogs = {"bucket":"acme-alb-logs"}: applies to the public ALBs of ECS and of VPC Lattice on EKS; App Mesh on EKS has none (its entry is a virtual gateway behind a Network Load Balancer); remove it from this EKS stack',
        ]],
        ["ingress on an EKS consumer", { ...consumer, "cellmesh:services": { servicex: { port: 5001, ingress: true, cells: { cell1: 100 } } } }, "acct2-appmesh-eks",
            ["cellmesh:services.servicex.ingress = true: only the owner stack can have ingress (on EKS it is a virtual gateway, and virtual gateways live in the mesh owner's account); set ingress on an owner service"]],
    ];
    for (const [title, raw, stack, expected] of cases) {
        it(`rejects ${title}`, () => assert.deepEqual(problems(raw, stack), expected));
    }

    it("an EKS entry service may have more cells than an ALB has target groups (ingress is a virtual gateway)", () => {
        const cells = { c1: 20, c2: 20, c3: 20, c4: 20, c5: 10, c6: 10 };
        assert.deepEqual(problems({ ...owner, "cellmesh:services": { servicea: { port: 5001, ingress: true, cells } } }, "acct1-appmesh-eks"), []);
        assert.equal(problems({ ...rawSample("acct1-appmesh"), "cellmesh:services": { servicea: { port: 5001, ingress: true, cells } } }, "acct1").length, 1);
    });
});

describe("rollout checks across stacks", () => {
    const owner = { name: "acct1-appmesh-eks", config: ownerEksSample() };
    it("the EKS samples pass", () => assert.deepEqual(rolloutProblems(owner, [{ name: "acct2-appmesh-eks", config: consumerEksSample() }]), []));
    it("rejects a consumer whose VPC overlaps the owner's or another consumer's", () => {
        const c2 = { name: "acct2-appmesh-eks", config: consumerEksSample() };
        const c3 = { name: "acct3-eks", config: consumerEksSample({ "aws:allowedAccountIds": ["333333333333"], "cellmesh:vpcCidr": "10.193.128.0/17" }) };
        const c4 = { name: "acct4-eks", config: consumerEksSample({ "aws:allowedAccountIds": ["444444444444"], "cellmesh:vpcCidr": "10.192.0.0/24" }) };
        assert.deepEqual(rolloutProblems(owner, [c2, c3, c4]), [
            'stack acct4-eks: cellmesh:vpcCidr = "10.192.0.0/24" overlaps 10.192.0.0/16 of stack acct1-appmesh-eks; peered VPCs need CIDRs that do not overlap',
            'stack acct3-eks: cellmesh:vpcCidr = "10.193.128.0/17" overlaps 10.193.0.0/16 of stack acct2-appmesh-eks; peered VPCs need CIDRs that do not overlap',
        ]);
    });
    it("rejects a consumer on another compute variant", () => {
        assert.deepEqual(rolloutProblems(owner, [{ name: "acct2", config: consumerSample() }]), [
            'stack acct2: cellmesh:compute = "ecs" but the owner stack acct1-appmesh-eks uses eks; every stack of a mesh uses the same compute variant',
        ]);
    });
});
