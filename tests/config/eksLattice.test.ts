// The config loader for `cellmesh:engine: lattice` with `cellmesh:compute: eks` (examples/lattice-eks):
// the samples parse, the Gateway API Controller's settings and their defaults, and every rejection
// with its exact message (App Mesh-only keys, versions, what the EKS part cannot honour: grpc and the
// idle timeout), and what it accepts since it renders TargetGroupPolicies (http2, health checks).

import * as assert from "node:assert/strict";
import { parseStackConfig } from "../../config/load";
import { ConsumerConfig, OwnerConfig, RawConfig } from "../../config/types";
import { eksDefaults, isLatticeEks } from "../../config/eks";
import { latticeConfig } from "../../engines/lattice/config";
import { rolloutProblems } from "../../config/crossStack";
import { loaderProblems as problems } from "../helpers/configProblems";
import {
    consumerLatticeEksSample, consumerLatticeSample, ownerLatticeEksSample, ownerLatticeSample, rawEksSample, rawLatticeEksSample,
} from "../helpers/fixtures";

const OWNER = rawLatticeEksSample("acct1-lattice-eks");
const CONSUMER = rawLatticeEksSample("acct2-lattice-eks");
const owner = (extra: RawConfig) => problems({ ...OWNER, ...extra }, "acct1-lattice-eks");
const consumer = (extra: RawConfig) => problems({ ...CONSUMER, ...extra }, "acct2-lattice-eks");
const withService = (raw: RawConfig, name: string, service: Record<string, unknown>): RawConfig =>
    ({ ...raw, "cellmesh:services": { ...(raw["cellmesh:services"] as Record<string, unknown>), [name]: service } });

describe("lattice on EKS: config (config/load.ts, config/eks.ts, engines/lattice/config.ts)", () => {
    it("the samples parse: engine lattice on eks, the controller's versions, each cluster's own VPC", () => {
        const o = ownerLatticeEksSample();
        const c = consumerLatticeEksSample() as ConsumerConfig;
        assert.deepEqual([o.engine, o.compute, c.engine, c.compute], ["lattice", "eks", "lattice", "eks"]);
        assert.deepEqual(o.eks, eksDefaults(latticeConfig.eks));
        assert.ok(isLatticeEks(o.eks!));
        assert.deepEqual(eksDefaults(latticeConfig.eks), {
            version: "1.33", instanceType: "t3.medium", nodeCount: 2, maxNodes: 2,
            gatewayControllerChartVersion: "v2.1.3", gatewayApiVersion: "v1.5.0", loadBalancerControllerChartVersion: "3.6.0", appNamespace: "cellmesh",
        });
        assert.equal((o as OwnerConfig).network.vpcCidr, "10.194.0.0/16");
        assert.equal(c.network?.vpcCidr, "10.195.0.0/16");
        assert.equal("controllerChartVersion" in o.eks!, false, "no App Mesh chart version on lattice");
    });

    it("the chart and CRD versions default to v2.1.3 and v1.5.0, the AWS Load Balancer Controller's chart to 3.6.0", () => {
        const o = parseStackConfig({ ...OWNER, "cellmesh:eks": { nodeCount: 3 } }, "acct1-lattice-eks");
        assert.deepEqual(o.eks, { ...eksDefaults(latticeConfig.eks), nodeCount: 3, maxNodes: 3 });
        const pinned = parseStackConfig({ ...OWNER, "cellmesh:eks": { loadBalancerControllerChartVersion: "3.5.0" } }, "acct1-lattice-eks");
        assert.deepEqual(pinned.eks, { ...eksDefaults(latticeConfig.eks), loadBalancerControllerChartVersion: "3.5.0" });
    });

    it("the ALB options apply to the owner's weighted ALB (HTTPS, access logs)", () => {
        const o = parseStackConfig({
            ...OWNER,
            "cellmesh:albCertificateArn": "arn:aws:acm:us-east-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "cellmesh:albAccessLogs": { bucket: "acme-alb-logs", prefix: "cellmesh/acct1" },
        }, "acct1-lattice-eks") as OwnerConfig;
        assert.equal(o.albCertificateArn, "arn:aws:acm:us-east-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assert.deepEqual(o.albAccessLogs, { bucket: "acme-alb-logs", prefix: "cellmesh/acct1" });
    });

    const rejections: [string, () => readonly string[], string[]][] = [
        ["the App Mesh controller's chart version on lattice", () => owner({ "cellmesh:eks": { controllerChartVersion: "1.13.1" } }), [
            'cellmesh:eks.controllerChartVersion = "1.13.1": the App Mesh controller\'s chart version; the VPC Lattice engine installs the AWS Gateway API Controller instead (gatewayControllerChartVersion, default v2.1.3); remove controllerChartVersion for engine lattice',
        ]],
        ["the Gateway API Controller's settings on App Mesh", () => problems({ ...rawEksSample("acct1-appmesh-eks"), "cellmesh:eks": { gatewayControllerChartVersion: "v2.1.3", gatewayApiVersion: "v1.5.0" } }, "acct1-appmesh-eks"), [
            'cellmesh:eks.gatewayControllerChartVersion = "v2.1.3": only the VPC Lattice engine installs the AWS Gateway API Controller; remove it, or set cellmesh:engine: lattice',
            'cellmesh:eks.gatewayApiVersion = "v1.5.0": only the VPC Lattice engine installs the Gateway API CRDs; remove it, or set cellmesh:engine: lattice',
        ]],
        ["a chart version without its v, and a CRD range", () => owner({ "cellmesh:eks": { gatewayControllerChartVersion: "2.1.3", gatewayApiVersion: "^1.5.0" } }), [
            'cellmesh:eks.gatewayControllerChartVersion = "2.1.3": an exact AWS Gateway API Controller chart version with its "v" (no ranges), e.g. v2.1.3',
            'cellmesh:eks.gatewayApiVersion = "^1.5.0": an exact Gateway API v1 release with its "v" (no ranges), e.g. v1.5.0',
        ]],
        ["controller v2.1 with CRDs older than v1.5", () => owner({ "cellmesh:eks": { gatewayApiVersion: "v1.2.1" } }), [
            'cellmesh:eks.gatewayApiVersion = "v1.2.1": controller v2.1.3 is built against Gateway API v1.5 and does not work with older CRDs; use gatewayApiVersion v1.5.0 or later, got v1.2.1',
        ]],
        ["controller v2.0 with the v1.5 CRDs", () => owner({ "cellmesh:eks": { gatewayControllerChartVersion: "v2.0.3" } }), [
            'cellmesh:eks.gatewayApiVersion = "v1.5.0": controller v2.0.3 is built against Gateway API v1.2 and fails on the v1.5 CRDs; use a gatewayApiVersion before v1.5, or chart v2.1 or later',
        ]],
        ["an unknown EKS field lists the Lattice engine's fields", () => owner({ "cellmesh:eks": { nodes: 3 } }), [
            "cellmesh:eks.nodes = 3: not an EKS setting; valid settings are version, instanceType, nodeCount, maxNodes, gatewayControllerChartVersion, gatewayApiVersion, loadBalancerControllerChartVersion, appNamespace",
        ]],
        ["an AWS Load Balancer Controller chart version with a v, of the 1.x line, or a range", () => [
            ...owner({ "cellmesh:eks": { loadBalancerControllerChartVersion: "v3.6.0" } }),
            ...owner({ "cellmesh:eks": { loadBalancerControllerChartVersion: "1.17.1" } }),
            ...owner({ "cellmesh:eks": { loadBalancerControllerChartVersion: "~3.6" } }),
        ], [
            'cellmesh:eks.loadBalancerControllerChartVersion = "v3.6.0": an exact aws-load-balancer-controller chart version of the 3.x line, without a "v" (no ranges), e.g. 3.6.0',
            'cellmesh:eks.loadBalancerControllerChartVersion = "1.17.1": an exact aws-load-balancer-controller chart version of the 3.x line, without a "v" (no ranges), e.g. 3.6.0',
            'cellmesh:eks.loadBalancerControllerChartVersion = "~3.6": an exact aws-load-balancer-controller chart version of the 3.x line, without a "v" (no ranges), e.g. 3.6.0',
        ]],
        ["the AWS Load Balancer Controller's chart on App Mesh", () => problems({ ...rawEksSample("acct1-appmesh-eks"), "cellmesh:eks": { loadBalancerControllerChartVersion: "3.6.0" } }, "acct1-appmesh-eks"), [
            'cellmesh:eks.loadBalancerControllerChartVersion = "3.6.0": only the VPC Lattice engine installs the AWS Load Balancer Controller (for its weighted ALB entry; App Mesh EKS\'s entry is the virtual gateway\'s Network Load Balancer); remove it, or set cellmesh:engine: lattice',
        ]],
        ["more than 5 cells behind the ALB", () => owner(withService(OWNER, "servicec", {
            port: 5001, ingress: true, cells: { c1: 1, c2: 1, c3: 1, c4: 1, c5: 1, c6: 1 },
        })), [
            "cellmesh:services.servicec.ingress = true: the ALB splits traffic over at most 5 target groups (one per cell) and this service has 6 cells; use at most 5 cells or put the service behind another with ingress",
        ]],
        ["the controller's namespace for the apps", () => owner({ "cellmesh:eks": { appNamespace: "aws-application-networking-system" } }), [
            'cellmesh:eks.appNamespace = "aws-application-networking-system": a Kubernetes namespace name (a DNS label) other than default, aws-application-networking-system and kube-*',
        ]],
        ["an EKS consumer without a VPC CIDR (no peering: overlap allowed)", () => consumer({ "cellmesh:vpcCidr": undefined }), [
            "cellmesh:vpcCidr = (not set): an EKS consumer runs in a VPC of its own, associated with the service network: set a CIDR from /16 to /24, e.g. 10.195.0.0/16 (on VPC Lattice it may overlap other stacks' VPCs)",
        ]],
        ["a placeholder VPC CIDR on an EKS consumer", () => consumer({ "cellmesh:placeholderVpcCidr": "192.168.0.0/28" }), [
            'cellmesh:placeholderVpcCidr = "192.168.0.0/28": on EKS the consumer\'s namespace is anchored on the consumer\'s own VPC (cellmesh:vpcCidr), so there is no placeholder VPC; remove it from this EKS stack',
        ]],
        ["ingress on an EKS consumer", () => consumer({ "cellmesh:services": { servicex: { port: 5001, ingress: true, cells: { cell1: 1 } } } }), [
            "cellmesh:services.servicex.ingress = true: only the owner stack can have ingress (on EKS with VPC Lattice the weighted public ALB and the AWS Load Balancer Controller that fills it are built in the owner's VPC and cluster only); set ingress on an owner service",
        ]],
        ["a KMS key for log groups (there are none on EKS)", () => owner({ "cellmesh:logKmsKeyArn": "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666" }), [
            'cellmesh:logKmsKeyArn = "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666": applies to the CloudWatch log groups of ECS tasks; on EKS cellmesh creates no log groups; remove it from this EKS stack',
        ]],
        ["App Mesh-only settings, as on ECS", () => owner({ "cellmesh:envoyImage": "envoy:v1.29.12.1-prod", "cellmesh:egressFilter": "DROP_ALL" }), [
            'cellmesh:egressFilter = "DROP_ALL": VPC Lattice has no mesh egress filter (App Mesh\'s DROP_ALL/ALLOW_ALL for Envoy); a task\'s security group decides where it may send; remove egressFilter for engine lattice',
            'cellmesh:envoyImage = "envoy:v1.29.12.1-prod": VPC Lattice runs no Envoy sidecar; remove envoyImage for engine lattice',
        ]],
        ["grpc and an idle timeout, which the EKS part cannot render (a health check it can)", () => owner(withService(OWNER, "servicec", {
            port: 6001, image: "example.com/grpc:1.0", protocol: "grpc", healthCheck: { intervalMs: 10000 }, timeout: { idleMs: 120000 }, cells: { cell1: 1 },
        })), [
            'cellmesh:services.servicec.protocol = "grpc": on EKS a gRPC service needs a GRPCRoute, which the AWS Gateway API Controller attaches only to an HTTPS Gateway listener; for the name clients dial (<service>.<namespace>) that listener needs an ACM certificate of that name and clients that speak TLS, which cellmesh does not build: use protocol http or http2, or compute ecs',
            "cellmesh:services.servicec.timeout.idleMs = 120000: on EKS the AWS Gateway API Controller creates the Lattice service and offers no setting for its idle timeout (no route annotation or policy: it sets the name, custom domain name and certificate only), so cellmesh cannot set it: remove idleMs, or use compute ecs",
        ]],
        ["an idle timeout outside Lattice's range: both reasons", () => owner(withService(OWNER, "servicec", { port: 5001, timeout: { idleMs: 30000 }, cells: { cell1: 1 } })), [
            "cellmesh:services.servicec.timeout.idleMs = 30000: VPC Lattice's idle timeout is whole seconds from 60 to 600 (60000 to 600000 ms in steps of 1000)",
            "cellmesh:services.servicec.timeout.idleMs = 30000: on EKS the AWS Gateway API Controller creates the Lattice service and offers no setting for its idle timeout (no route annotation or policy: it sets the name, custom domain name and certificate only), so cellmesh cannot set it: remove idleMs, or use compute ecs",
        ]],
        ["pins that fit a Lattice listener on ECS but not an HTTPRoute (the weighted rule counts)", () => owner(withService(OWNER, "servicec", {
            port: 5001, cells: { c1: 1, c2: 1, c3: 1, c4: 1, c5: 1 },
            cellPinning: { header: "x-cell", paths: { c1: "/c1", c2: "/c2", c3: "/c3", c4: "/c4", c5: "/c5" } },
        })), [
            'cellmesh:services.servicec.cellPinning = "x-cell": pinning 5 cells needs 11 HTTPRoute rules (one header rule per cell, the path pins and the weighted rule); the AWS Gateway API Controller makes each a VPC Lattice listener rule and a listener has at most 10: use fewer cells or path pins',
        ]],
        ["two services whose Lattice names the controller cuts to the same one", () => owner({
            "cellmesh:services": { "inventoryservicealpha-one": { port: 5001, cells: { c1: 1 } }, "inventoryservicealpha-two": { port: 5001, cells: { c1: 1 } } },
        }), [
            'cellmesh:services.inventoryservicealpha-two = "inventoryservicealpha-two": the AWS Gateway API Controller names its Lattice service "inventoryservicealph-cellmesh" (route name cut to 20 characters, namespace to 18), as it names service inventoryservicealpha-one\'s; make the first 20 characters of the two names differ',
        ]],
    ];
    for (const [what, run, expected] of rejections) {
        it(`rejects ${what}`, () => assert.deepEqual(run(), expected));
    }

    it("accepts http2 and a health check (rendered as TargetGroupPolicies)", () => {
        const raw = withService(OWNER, "servicec", {
            port: 6001, image: "example.com/h2:1.0", protocol: "http2", cells: { cell1: 1 },
            healthCheck: { path: "/ready", intervalMs: 10000, timeoutMs: 3000, healthyThreshold: 3, unhealthyThreshold: 4 },
        });
        assert.deepEqual(problems(raw, "acct1-lattice-eks"), []);
        const servicec = parseStackConfig(raw, "acct1-lattice-eks").services.find((svc) => svc.name === "servicec")!;
        assert.deepEqual([servicec.traffic.protocol, servicec.traffic.healthCheck], ["http2", { path: "/ready", intervalMillis: 10000, timeoutMillis: 3000, healthyThreshold: 3, unhealthyThreshold: 4 }]);
    });

    it("the same pins fit on ECS (no weighted rule there)", () => {
        const { "cellmesh:eks": _eks, ...ecs } = OWNER;
        assert.equal(ownerLatticeSample().compute, "ecs");
        assert.deepEqual(problems(withService({ ...ecs, "cellmesh:compute": "ecs" }, "servicec", {
            port: 5001, cells: { c1: 1, c2: 1, c3: 1, c4: 1, c5: 1 },
            cellPinning: { header: "x-cell", paths: { c1: "/c1", c2: "/c2", c3: "/c3", c4: "/c4", c5: "/c5" } },
        }), "acct1"), []);
    });
});

describe("lattice on EKS: checks across the stacks (config/crossStack.ts)", () => {
    const o = { name: "acct1-lattice-eks", config: ownerLatticeEksSample() };
    it("the samples pass", () => assert.deepEqual(rolloutProblems(o, [{ name: "acct2-lattice-eks", config: consumerLatticeEksSample() }]), []));

    it("overlapping VPC CIDRs are allowed: the VPCs are joined by the service network, not peered", () => {
        const same = consumerLatticeEksSample({ "cellmesh:vpcCidr": "10.194.0.0/16" });
        assert.deepEqual(rolloutProblems(o, [{ name: "acct2-lattice-eks", config: same }]), []);
    });

    it("a Lattice ECS consumer of a Lattice EKS owner is refused", () => {
        assert.deepEqual(rolloutProblems(o, [{ name: "acct2", config: consumerLatticeSample() }]), [
            'stack acct2: cellmesh:compute = "ecs" but the owner stack acct1-lattice-eks uses eks; every stack of a mesh uses the same compute variant',
        ]);
    });
});
