import * as assert from "node:assert/strict";
import { CellmeshConfig, ConsumerConfig, OwnerConfig, RawConfig, ServiceConfig } from "../../../config/types";
import { parseStackConfig } from "../../../config/load";
import { LATTICE_MAX_RULES, LATTICE_MAX_TARGET_GROUPS, LATTICE_MAX_WEIGHT } from "../../../engines/lattice/limits";
import { latticeProblems } from "../../../engines/lattice/config";
import { Problems } from "../../../config/problems";
import { rolloutProblems } from "../../../config/crossStack";
import { loaderProblems } from "../../helpers/configProblems";
import { SECURITY, consumerLatticeSample, consumerSample, ownerLatticeEksSample, ownerLatticeSample, ownerSample, rawEksSample, rawLatticeEksSample, rawLatticeSample, rawSample } from "../../helpers/fixtures";

/** What the Lattice engine reports for a parsed config, as the config loader will call it. */
function problems(config: CellmeshConfig): string[] {
    const p = new Problems();
    latticeProblems(p, config.services, config);
    return p.list;
}

/** The owner sample with extra services (parsed by the real loader, so App Mesh-valid). */
function ownerWith(services: Record<string, unknown>, extra: Record<string, unknown> = {}): OwnerConfig {
    return parseStackConfig({
        ...rawSample("acct1-appmesh"),
        "cellmesh:services": {
            servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
            serviceb: { port: 5001, cells: { cell1: 50, cell2: 50 } },
            ...services,
        },
        ...extra,
    }, "acct1") as OwnerConfig;
}

describe("lattice: config validation (engines/lattice/config.ts)", () => {
    it("exports the Lattice limits", () => {
        assert.deepEqual([LATTICE_MAX_TARGET_GROUPS, LATTICE_MAX_RULES, LATTICE_MAX_WEIGHT], [10, 10, 999]);
    });

    it("the sample stacks need no change for Lattice", () => {
        assert.deepEqual(problems(ownerSample()), []);
        assert.deepEqual(problems(consumerSample()), []);
    });

    it("keeps what Lattice can do: header and path pinning, an idle timeout of 60..600 s, http2 and grpc", () => {
        assert.deepEqual(problems(ownerWith({
            servicec: { port: 5002, image: "example/app:1.0", protocol: "grpc", timeout: { idleMs: 300000 }, cells: { cell1: 1 } },
            serviced: { port: 5003, image: "example/app:1.0", protocol: "http2", cellPinning: { header: "x-cell", paths: { cell2: "/canary" } }, cells: { cell1: 50, cell2: 50 } },
        })), []);
    });

    it("rejects retries, per-request timeouts, outlier detection and connection pools, naming each setting", () => {
        assert.deepEqual(problems(ownerWith({
            servicec: {
                port: 5002, cells: { cell1: 100 },
                retry: { maxRetries: 2, perRetryTimeoutMs: 2000, events: ["server-error"] },
                timeout: { perRequestMs: 15000, idleMs: 30000 },
                outlierDetection: { maxServerErrors: 5, intervalMs: 10000, baseEjectionDurationMs: 30000, maxEjectionPercent: 50 },
                connectionPool: { maxConnections: 100, maxPendingRequests: 10 },
            },
        })), [
            'cellmesh:services.servicec.retry = {"maxRetries":2,"perRetryTimeoutMs":2000,"events":["server-error"]}: VPC Lattice has no retries; retry in the client, or remove retry',
            "cellmesh:services.servicec.timeout.perRequestMs = 15000: VPC Lattice has no per-request timeout (only a connection idle timeout); remove perRequestMs",
            "cellmesh:services.servicec.timeout.idleMs = 30000: VPC Lattice's idle timeout is whole seconds from 60 to 600 (60000 to 600000 ms in steps of 1000)",
            'cellmesh:services.servicec.outlierDetection = {"maxServerErrors":5,"intervalMs":10000,"baseEjectionDurationMs":30000,"maxEjectionPercent":50}: VPC Lattice has no outlier detection (only active target group health checks); remove outlierDetection',
            'cellmesh:services.servicec.connectionPool = {"maxConnections":100,"maxPendingRequests":10}: VPC Lattice has no connection pool limits; remove connectionPool',
        ]);
    });

    it("rejects tcp and health check times that are not whole seconds", () => {
        assert.deepEqual(problems(ownerWith({
            servicet: { port: 6379, image: "redis:7.2", protocol: "tcp", cells: { cell1: 100 } },
            serviceh: { port: 5002, healthCheck: { intervalMs: 5500, timeoutMs: 2500 }, cells: { cell1: 100 } },
        })), [
            "cellmesh:services.servicet.protocol = \"tcp\": VPC Lattice has no plain TCP listeners (TCP target groups work only behind TLS passthrough listeners); use http, http2 or grpc",
            "cellmesh:services.serviceh.healthCheck.intervalMs = 5500: VPC Lattice health checks count whole seconds; use a multiple of 1000",
            "cellmesh:services.serviceh.healthCheck.timeoutMs = 2500: VPC Lattice health checks count whole seconds; use a multiple of 1000",
        ]);
    });

    it("rejects the App Mesh virtual gateway and Envoy image, as configured", () => {
        const p = new Problems();
        latticeProblems(p, ownerSample().services, {
            virtualGateway: { enabled: true, port: 8080 },
            envoyImage: "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod",
        });
        assert.deepEqual(p.list, [
            'cellmesh:envoyImage = "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod": VPC Lattice runs no Envoy sidecar; remove envoyImage for engine lattice',
            'cellmesh:virtualGateway = {"enabled":true,"port":8080}: VPC Lattice has no virtual gateway; remove virtualGateway for engine lattice (a service\'s ingress ALB still works)',
        ]);
    });

    it("rejects names Lattice refuses that App Mesh accepts", () => {
        assert.deepEqual(problems(ownerWith({
            "svc-orders": { port: 5002, cells: { cell1: 100 } },
            "tg-x": { port: 5003, cells: { "a--b": 100 } },
            ab: { port: 5004, cells: { one: 100 } },
        })), [
            'cellmesh:services.svc-orders = "svc-orders": not a valid VPC Lattice service name (must not start with "svc-"); rename the service',
            'cellmesh:services.tg-x.cells.a--b = "a--b": the cell\'s target group name "tg-x-a--b" is not valid on VPC Lattice (no two hyphens in a row); rename the cell or the service',
            'cellmesh:services.ab = "ab": not a valid VPC Lattice service name (3 to 40 characters); rename the service',
        ]);
    });

    // The cell count and weights are the loader's alone (LATTICE_WEIGHTS, tests below): checked once.
    it("rules beyond Lattice's quotas; the cell count and weights are left to the loader", () => {
        const base = ownerSample().services[1];
        const cells = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, weight: i === 0 ? 1000 : 1 }));
        const svc: ServiceConfig = {
            ...base, name: "big", cells,
            traffic: { ...base.traffic, pinning: { header: "x-cell", paths: {} } },
        };
        assert.deepEqual(problems({ ...ownerSample(), services: [svc] }), [
            'cellmesh:services.big.cellPinning = "x-cell": pinning 11 cells needs 11 listener rules (one header rule per cell plus the path pins); a VPC Lattice listener has at most 10: use fewer cells or path pins',
        ]);
    });
});

const OWNER = rawLatticeSample("acct1");
const CONSUMER = rawLatticeSample("acct2");
const owner = (extra: RawConfig) => loaderProblems({ ...OWNER, ...extra }, "acct1");
const consumer = (extra: RawConfig) => loaderProblems({ ...CONSUMER, ...extra }, "acct2");
/** The owner sample with serviceb replaced by `svc`. */
const withServiceb = (svc: Record<string, unknown>) => owner({
    "cellmesh:services": { servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } }, serviceb: svc },
});

describe("lattice: cellmesh:engine in the config loader (config/load.ts)", () => {
    it("an unset cellmesh:engine means lattice; the App Mesh samples name appmesh", () => {
        const { "cellmesh:engine": _engine, ...raw } = rawLatticeSample("acct1");
        assert.equal(parseStackConfig(raw, "acct1").engine, "lattice");
        assert.equal(rawSample("acct1-appmesh")["cellmesh:engine"], "appmesh");
        assert.equal(rawSample("acct2-appmesh")["cellmesh:engine"], "appmesh");
    });

    it("parses the samples (the repository root: Pulumi.acct1.yaml, Pulumi.acct2.yaml) with engine lattice", () => {
        const o = ownerLatticeSample();
        assert.deepEqual([o.engine, o.compute, o.meshName, o.namespace, o.network.vpcCidr], ["lattice", "ecs", "multiaccountmeshdemo", "internal-domain1.com", "10.1.0.0/16"]);
        assert.deepEqual(o.services.map((s) => [s.name, s.cells.map((c) => `${c.name}=${c.weight}`).join(" ")]), [["servicea", "cell1=50 cell2=50"], ["serviceb", "cell1=50 cell2=50"]]);
        const c = consumerLatticeSample();
        assert.deepEqual([c.engine, c.compute, c.ownerStack, c.createServiceLinkedRole], ["lattice", "ecs", "organization/cellmesh/acct1", false]);
        assert.equal(ownerSample().engine, "appmesh");
        assert.equal(consumerSample().engine, "appmesh");
    });

    it("rejects an unknown engine", () => {
        assert.deepEqual(owner({ "cellmesh:engine": "istio" }), [
            'cellmesh:engine = "istio": one of lattice, appmesh (lattice, the default: Amazon VPC Lattice; appmesh: AWS App Mesh, end of support 2026-09-30)',
        ]);
    });

    it("accepts compute eks; the App Mesh EKS sample switched to lattice fails only on the App Mesh controller's chart version", () => {
        const problems = loaderProblems({ ...rawEksSample("acct1-appmesh-eks"), "cellmesh:engine": "lattice" }, "acct1-appmesh-eks");
        assert.deepEqual(problems, [
            'cellmesh:eks.controllerChartVersion = "1.13.1": the App Mesh controller\'s chart version; the VPC Lattice engine installs the AWS Gateway API Controller instead (gatewayControllerChartVersion, default v2.1.3); remove controllerChartVersion for engine lattice',
        ]);
    });

    it("rejects every App Mesh-only stack setting, whatever its value, saying what Lattice lacks", () => {
        assert.deepEqual(owner({
            "cellmesh:envoyImage": "envoy:latest",
            "cellmesh:egressFilter": "ALLOW_ALL",
            "cellmesh:virtualGateway": { enabled: true, remoteServices: ["servicex.internal-domain2.com"] },
            "cellmesh:meshTls": { mode: "STRICT", certificateAuthorityArn: SECURITY.ca },
        }), [
            'cellmesh:egressFilter = "ALLOW_ALL": VPC Lattice has no mesh egress filter (App Mesh\'s DROP_ALL/ALLOW_ALL for Envoy); a task\'s security group decides where it may send; remove egressFilter for engine lattice',
            `cellmesh:meshTls = {"mode":"STRICT","certificateAuthorityArn":"${SECURITY.ca}"}: VPC Lattice has no mesh TLS between proxies: it runs no sidecar proxies, clients reach services through Lattice itself (HTTPS listeners with your own certificate are not built yet); remove meshTls for engine lattice`,
            'cellmesh:envoyImage = "envoy:latest": VPC Lattice runs no Envoy sidecar; remove envoyImage for engine lattice',
            'cellmesh:virtualGateway = {"enabled":true,"remoteServices":["servicex.internal-domain2.com"]}: VPC Lattice has no virtual gateway; remove virtualGateway for engine lattice (a service\'s ingress ALB still works)',
        ]);
        assert.deepEqual(consumer({ "cellmesh:createServiceLinkedRole": false, "cellmesh:meshTls": { mode: "PERMISSIVE" } }), [
            "cellmesh:createServiceLinkedRole = false: creates App Mesh's service-linked role AWSServiceRoleForAppMesh, which the VPC Lattice engine does not use; remove createServiceLinkedRole for engine lattice",
            'cellmesh:meshTls = {"mode":"PERMISSIVE"}: VPC Lattice has no mesh TLS between proxies: it runs no sidecar proxies, clients reach services through Lattice itself (HTTPS listeners with your own certificate are not built yet); remove meshTls for engine lattice',
        ]);
    });

    it("keeps the security options that still apply: HTTPS and access logs on the ALB, a KMS key on the log groups", () => {
        const o = ownerLatticeSample({
            "cellmesh:albCertificateArn": SECURITY.albCertificate, "cellmesh:albAccessLogs": SECURITY.accessLogs, "cellmesh:logKmsKeyArn": SECURITY.ownerKmsKey,
        });
        assert.deepEqual([o.albCertificateArn, o.albAccessLogs, o.logKmsKeyArn], [SECURITY.albCertificate, SECURITY.accessLogs, SECURITY.ownerKmsKey]);
        assert.equal(consumerLatticeSample({ "cellmesh:logKmsKeyArn": SECURITY.consumerKmsKey }).logKmsKeyArn, SECURITY.consumerKmsKey);
    });

    it("cellmesh:vpcLayout: a consumer on ECS gets a VPC of its own by default (10.0.0.0/16 unless cellmesh:vpcCidr); SharedSubnets runs it in the owner's subnets", () => {
        const { "cellmesh:vpcCidr": _cidr, ...bare } = CONSUMER;
        const parsed = parseStackConfig(bare, "acct2") as ConsumerConfig;
        assert.equal(parsed.vpcLayout, "VpcPerAccount");
        assert.deepEqual(parsed.network, { vpcCidr: "10.0.0.0/16", natGateways: "Single", availabilityZones: 2 });
        assert.deepEqual(consumerLatticeSample({ "cellmesh:vpcCidr": "10.1.0.0/16", "cellmesh:availabilityZones": 3 }).network,
            { vpcCidr: "10.1.0.0/16", natGateways: "Single", availabilityZones: 3 }, "may overlap the owner's: Lattice joins the VPCs");
        const shared = parseStackConfig({ ...bare, "cellmesh:vpcLayout": "SharedSubnets" }, "acct2") as ConsumerConfig;
        assert.deepEqual([shared.vpcLayout, shared.network, shared.placeholderVpcCidr], ["SharedSubnets", undefined, "192.168.0.0/28"]);
        assert.equal(ownerLatticeSample().vpcLayout, "VpcPerAccount");
        assert.equal(ownerLatticeSample({ "cellmesh:vpcLayout": "SharedSubnets" }).vpcLayout, "SharedSubnets");
        // Fixed where it is not configurable: App Mesh on ECS shares the owner's subnets, EKS never does.
        assert.deepEqual([ownerSample().vpcLayout, consumerSample().vpcLayout, ownerLatticeEksSample().vpcLayout], ["SharedSubnets", "SharedSubnets", "VpcPerAccount"]);
    });

    it("cellmesh:vpcLayout: rejects the keys that do not fit the layout, an unknown layout, and the key where the layout is fixed", () => {
        assert.deepEqual(consumer({ "cellmesh:vpcLayout": "SharedSubnets", "cellmesh:natGateways": "OnePerAz" }), [
            'cellmesh:natGateways = "OnePerAz": with cellmesh:vpcLayout: SharedSubnets the consumer\'s tasks run in the owner\'s shared subnets and it has no VPC of its own; remove this key, or remove cellmesh:vpcLayout to get a VPC of its own (VpcPerAccount, the default)',
            'cellmesh:vpcCidr = "10.2.0.0/16": with cellmesh:vpcLayout: SharedSubnets the consumer\'s tasks run in the owner\'s shared subnets and it has no VPC of its own; remove this key, or remove cellmesh:vpcLayout to get a VPC of its own (VpcPerAccount, the default)',
        ]);
        assert.deepEqual(consumer({ "cellmesh:placeholderVpcCidr": "192.168.0.0/28" }), [
            'cellmesh:placeholderVpcCidr = "192.168.0.0/28": a VPC Lattice consumer on ECS has a VPC of its own (cellmesh:vpcLayout: VpcPerAccount, the default) and its namespace is anchored on it, so there is no placeholder VPC; remove this key, or set cellmesh:vpcLayout: SharedSubnets',
        ]);
        assert.deepEqual(owner({ "cellmesh:vpcLayout": "shared" }), [
            'cellmesh:vpcLayout = "shared": one of VpcPerAccount, SharedSubnets (VpcPerAccount, the default: each account\'s tasks and target groups in a VPC of its own, associated with the service network; SharedSubnets: in the owner\'s subnets shared with RAM, unverified on AWS) and the same in every stack of the mesh',
        ]);
        assert.deepEqual(loaderProblems({ ...rawSample("acct1-appmesh"), "cellmesh:vpcLayout": "VpcPerAccount" }, "acct1-appmesh"), [
            'cellmesh:vpcLayout = "VpcPerAccount": applies to VPC Lattice on ECS only; with App Mesh on ECS consumers always run in the owner\'s shared subnets (the reference architecture); remove it, or set cellmesh:engine: lattice',
        ]);
        assert.deepEqual(loaderProblems({ ...rawLatticeEksSample("acct1-lattice-eks"), "cellmesh:vpcLayout": "SharedSubnets" }, "acct1-lattice-eks"), [
            'cellmesh:vpcLayout = "SharedSubnets": applies to VPC Lattice on ECS only; on EKS every account runs its cluster in a VPC of its own; remove it from this EKS stack',
        ]);
        assert.deepEqual(consumer({ "cellmesh:vpcCidr": "10.1.0.0/8" }), ['cellmesh:vpcCidr = "10.1.0.0/8": an IPv4 CIDR block from /16 to /24 with no host bits set, e.g. 10.0.0.0/16']);
    });

    it("cellmesh:vpcLayout: the driver and the plan refuse a consumer whose layout differs from the owner's", () => {
        const o = ownerLatticeSample({ "cellmesh:vpcLayout": "SharedSubnets" });
        assert.deepEqual(rolloutProblems({ name: "acct1", config: o }, [{ name: "acct2", config: consumerLatticeSample() }]), [
            'stack acct2: cellmesh:vpcLayout = "VpcPerAccount" but the owner stack acct1 uses SharedSubnets; every stack of a mesh uses the same layout (set cellmesh:vpcLayout alike in both, or leave it out of both for VpcPerAccount)',
        ]);
        assert.deepEqual(rolloutProblems({ name: "acct1", config: ownerLatticeSample() }, [{ name: "acct2", config: consumerLatticeSample() }]), []);
    });

    it("rejects retry, outlier detection and connection pools as configured, even where App Mesh would refuse them too", () => {
        assert.deepEqual(withServiceb({
            port: 5001, cells: { cell1: 50, cell2: 50 },
            retry: { maxRetries: 2 },
            outlierDetection: { maxServerErrors: 5, intervalMs: 10000, baseEjectionDurationMs: 30000, maxEjectionPercent: 50 },
            connectionPool: { maxRequests: 10 },
        }), [
            'cellmesh:services.serviceb.retry = {"maxRetries":2}: VPC Lattice has no retries; retry in the client, or remove retry',
            'cellmesh:services.serviceb.outlierDetection = {"maxServerErrors":5,"intervalMs":10000,"baseEjectionDurationMs":30000,"maxEjectionPercent":50}: VPC Lattice has no outlier detection (only active target group health checks); remove outlierDetection',
            'cellmesh:services.serviceb.connectionPool = {"maxRequests":10}: VPC Lattice has no connection pool limits; remove connectionPool',
        ]);
    });

    it("rejects tcp, per-request timeouts, idle timeouts outside 60..600 s and health checks in fractions of seconds", () => {
        assert.deepEqual(owner({
            "cellmesh:services": {
                servicea: { port: 5001, cells: { cell1: 1 }, timeout: { perRequestMs: 15000, idleMs: 30000 } },
                serviceb: { port: 5001, cells: { cell1: 1 }, healthCheck: { intervalMs: 5500 } },
                redis: { port: 6379, image: "redis:7.2", protocol: "tcp", cells: { cell1: 1 } },
            },
        }), [
            "cellmesh:services.servicea.timeout.perRequestMs = 15000: VPC Lattice has no per-request timeout (only a connection idle timeout); remove perRequestMs",
            "cellmesh:services.servicea.timeout.idleMs = 30000: VPC Lattice's idle timeout is whole seconds from 60 to 600 (60000 to 600000 ms in steps of 1000)",
            "cellmesh:services.serviceb.healthCheck.intervalMs = 5500: VPC Lattice health checks count whole seconds; use a multiple of 1000",
            'cellmesh:services.redis.protocol = "tcp": VPC Lattice has no plain TCP listeners (TCP target groups work only behind TLS passthrough listeners); use http, http2 or grpc',
        ]);
    });

    it("rejects names VPC Lattice refuses: the service network (meshName) and services", () => {
        assert.deepEqual(owner({ "cellmesh:meshName": "sn-mesh" }), [
            'cellmesh:meshName = "sn-mesh": not a valid VPC Lattice service network name (must not start with "sn-"); the service network is named after meshName, so rename it',
        ]);
        assert.deepEqual(owner({ "cellmesh:meshName": "m1" }), [
            'cellmesh:meshName = "m1": not a valid VPC Lattice service network name (3 to 63 characters); the service network is named after meshName, so rename it',
        ]);
    });

    describe("Lattice's limits instead of App Mesh's", () => {
        it("weights 0..999 each with no cap on the total (App Mesh: 0..100, total at most 100)", () => {
            assert.deepEqual(withServiceb({ port: 5001, cells: { cell1: 999, cell2: 500, cell3: 0 } }), []);
            assert.deepEqual(withServiceb({ port: 5001, cells: { cell1: 1000, cell2: 0 } }), [
                "cellmesh:services.serviceb.cells.cell1 = 1000: a weight must be an integer from 0 to 999 (VPC Lattice weights are relative: 50/50 = 1/1)",
            ]);
            assert.deepEqual(withServiceb({ port: 5001, cells: { cell1: 0, cell2: 0 } }), [
                'cellmesh:services.serviceb.cells = "cell1=0 cell2=0": every weight is 0, so the service would get no traffic; give at least one cell a weight above 0',
            ]);
            // The same weights on App Mesh:
            assert.deepEqual(loaderProblems({ ...rawSample("acct1-appmesh"), "cellmesh:services": { serviceb: { port: 5001, cells: { cell1: 999, cell2: 500 } } } }, "acct1"), [
                "cellmesh:services.serviceb.cells.cell1 = 999: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100",
                "cellmesh:services.serviceb.cells.cell2 = 500: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100",
            ]);
        });

        it("1 to 10 cells (one target group each)", () => {
            const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`c${i}`, 1]));
            assert.deepEqual(withServiceb({ port: 5001, cells: eleven }), [
                `cellmesh:services.serviceb.cells = ${JSON.stringify(eleven)}: a map of 1 to 10 cells from cell name to weight (VPC Lattice splits a service over at most 10), e.g. { cell1: 50, cell2: 50 }`,
            ]);
        });

        it("at most 10 listener rules for the pins (App Mesh counts the weighted route too)", () => {
            const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`c${i}`, 10]));
            const pinned = { port: 5001, cells: nine, cellPinning: { header: "x-cell", paths: { c0: "/canary" } } };
            assert.deepEqual(withServiceb(pinned), []);
            assert.deepEqual(loaderProblems({ ...rawSample("acct1-appmesh"), "cellmesh:services": { serviceb: pinned } }, "acct1"), [
                'cellmesh:services.serviceb.cellPinning = {"header":"x-cell","paths":{"c0":"/canary"}}: pinning 9 cells needs 11 routes on the router; App Mesh allows 10 per router by default (a service quota): use fewer cells or path pins',
            ]);
            assert.deepEqual(withServiceb({ ...pinned, cells: { ...nine, c9: 10 } }), [
                'cellmesh:services.serviceb.cellPinning = "x-cell": pinning 10 cells needs 11 listener rules (one header rule per cell plus the path pins); a VPC Lattice listener has at most 10: use fewer cells or path pins',
            ]);
        });

        it("no ports reserved for Envoy and X-Ray, gRPC path pins, Lattice's health check ranges", () => {
            assert.deepEqual(withServiceb({ port: 9901, image: "example/grpc:1.0", protocol: "grpc", cellPinning: { paths: { cell2: "/pkg.V2" } }, healthCheck: { timeoutMs: 90000 }, cells: { cell1: 1, cell2: 1 } }), []);
            assert.deepEqual(withServiceb({ port: 5001, healthCheck: { timeoutMs: 500 }, cells: { cell1: 1 } }), [
                "cellmesh:services.serviceb.healthCheck.timeoutMs = 500: milliseconds before a check fails: an integer from 1000 to 120000",
            ]);
        });

        it("no App Mesh Envoy image needed in regions with a registry of their own", () => {
            const inCapeTown = owner({ "aws:region": "af-south-1" });
            assert.deepEqual(inCapeTown, []);
        });
    });
});

describe("lattice: every stack of a mesh runs one engine (config/crossStack.ts)", () => {
    it("the Lattice samples pass", () => {
        assert.deepEqual(rolloutProblems({ name: "acct1", config: ownerLatticeSample() }, [{ name: "acct2", config: consumerLatticeSample() }]), []);
    });
    it("rejects a consumer on another engine, either way", () => {
        assert.deepEqual(rolloutProblems({ name: "acct1", config: ownerLatticeSample() }, [{ name: "acct2", config: consumerSample() }]), [
            'stack acct2: cellmesh:engine = "appmesh" but the owner stack acct1 uses lattice; every stack of a mesh uses the same engine (to move from App Mesh to VPC Lattice, deploy new lattice stacks beside the App Mesh ones)',
        ]);
        assert.deepEqual(rolloutProblems({ name: "acct1", config: ownerSample() }, [{ name: "acct2", config: consumerLatticeSample() }]), [
            'stack acct2: cellmesh:engine = "lattice" but the owner stack acct1 uses appmesh; every stack of a mesh uses the same engine (to move from App Mesh to VPC Lattice, deploy new lattice stacks beside the App Mesh ones)',
        ]);
    });
});
