import * as assert from "node:assert/strict";
import { LatticeAccess, latticeAuthPolicy } from "../../../engines/lattice/authPolicy";
import { idleTimeoutSeconds, latticeHealthCheck, targetGroupConfig, unsupportedTraffic } from "../../../engines/lattice/traffic";
import { latticeNameProblem } from "../../../engines/lattice/limits";
import { DEFAULT_HEALTH_CHECK, DEFAULT_TRAFFIC, TrafficPolicy } from "../../../shared/trafficPolicy";

describe("lattice: auth policy builder", () => {
    it("unsigned callers from listed accounts' VPCs: exact JSON", () => {
        assert.equal(JSON.stringify(latticeAuthPolicy(LatticeAccess.vpcOwners(["111111111111", "222222222222"]))),
            '{"Version":"2012-10-17","Statement":[{"Sid":"CallersFromVpcsOfListedAccounts","Effect":"Allow","Principal":"*",' +
            '"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpcOwnerAccount":["111111111111","222222222222"]}}}]}');
    });

    it("signed callers of the organization: exact JSON", () => {
        assert.equal(JSON.stringify(latticeAuthPolicy(LatticeAccess.organization("o-abcdef1234"))),
            '{"Version":"2012-10-17","Statement":[{"Sid":"SignedCallersOfTheOrganization","Effect":"Allow","Principal":"*",' +
            '"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdef1234"}}}]}');
    });

    it("both: the organization statement first, then the VPC owners", () => {
        const doc = latticeAuthPolicy(LatticeAccess.organizationOrVpcOwners("o-abcdef1234", ["111111111111"]));
        assert.deepEqual(doc.Statement.map((s) => [s.Sid, s.Condition.StringEquals]), [
            ["SignedCallersOfTheOrganization", { "aws:PrincipalOrgID": "o-abcdef1234" }],
            ["CallersFromVpcsOfListedAccounts", { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111111111111"] }],
        ]);
    });

    it("refuses access that admits nobody or names bad ids", () => {
        assert.throws(() => latticeAuthPolicy({}), { message: "Lattice access admits nobody: give an organizationId (signed callers) or sourceVpcOwnerAccounts (unsigned callers from those accounts' VPCs)" });
        assert.throws(() => latticeAuthPolicy(LatticeAccess.organization("org-1")), { message: 'Lattice access: "org-1" is not an AWS Organizations id (o- followed by 10 to 32 lowercase letters or digits)' });
        assert.throws(() => latticeAuthPolicy(LatticeAccess.vpcOwners(["12345"])), { message: 'Lattice access: "12345" is not a 12-digit AWS account id' });
        assert.throws(() => latticeAuthPolicy(LatticeAccess.vpcOwners(["111111111111", "111111111111"])), { message: "Lattice access: account 111111111111 is listed twice" });
    });
});

describe("lattice: traffic mapping", () => {
    const grpc: TrafficPolicy = { protocol: "grpc", healthCheck: { intervalMillis: 10000, timeoutMillis: 3000, healthyThreshold: 3, unhealthyThreshold: 4 } };

    it("http: HTTP1 target group with the sample's health check in seconds", () => {
        assert.deepEqual(targetGroupConfig(5001, "vpc-1", DEFAULT_TRAFFIC), {
            port: 5001, protocol: "HTTP", protocolVersion: "HTTP1", vpcIdentifier: "vpc-1", ipAddressType: "IPV4",
            healthCheck: {
                enabled: true, protocol: "HTTP", protocolVersion: "HTTP1", path: "/health",
                healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 2, healthyThresholdCount: 2, unhealthyThresholdCount: 2,
                matcher: { value: "200" },
            },
        });
    });

    it("http2 checks over HTTP/2; grpc gets a GRPC target group and an HTTP/2 liveness check on /", () => {
        const h2 = targetGroupConfig(8080, "vpc-1", { protocol: "http2", healthCheck: { ...DEFAULT_HEALTH_CHECK, path: "/ready" } });
        assert.equal(h2.protocolVersion, "HTTP2");
        assert.deepEqual([(h2.healthCheck as any).protocolVersion, (h2.healthCheck as any).path], ["HTTP2", "/ready"]);
        const g = targetGroupConfig(9090, "vpc-1", grpc);
        assert.equal(g.protocolVersion, "GRPC");
        assert.deepEqual(latticeHealthCheck(grpc), {
            enabled: true, protocol: "HTTP", protocolVersion: "HTTP2", path: "/",
            healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 3, healthyThresholdCount: 3, unhealthyThresholdCount: 4,
            matcher: { value: "200-499" },
        });
    });

    it("idle timeout maps to the service's idleTimeoutSeconds only inside 60..600 s", () => {
        const idle = (idleMillis: number) => idleTimeoutSeconds({ ...DEFAULT_TRAFFIC, timeout: { idleMillis } });
        assert.deepEqual([idle(60000), idle(600000), idle(59000), idle(601000), idle(90500)], [60, 600, undefined, undefined, undefined]);
        assert.equal(idleTimeoutSeconds(DEFAULT_TRAFFIC), undefined);
    });

    it("lists every setting Lattice cannot honour", () => {
        const all: TrafficPolicy = {
            protocol: "tcp",
            healthCheck: { intervalMillis: 5500, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 },
            retry: { maxRetries: 2, perRetryTimeoutMillis: 2000, events: ["connection-error"] },
            timeout: { perRequestMillis: 15000, idleMillis: 30000 },
            outlierDetection: { maxServerErrors: 5, intervalMillis: 10000, baseEjectionDurationMillis: 30000, maxEjectionPercent: 50 },
            connectionPool: { maxConnections: 10 },
        };
        assert.deepEqual(unsupportedTraffic(all).map((u) => u.setting), [
            "protocol", "retry", "timeout.perRequestMs", "timeout.idleMs", "outlierDetection", "connectionPool", "healthCheck.intervalMs",
        ]);
        assert.deepEqual(unsupportedTraffic(DEFAULT_TRAFFIC), []);
        assert.throws(() => targetGroupConfig(1, "v", all), { message: "tcp has no Lattice target group protocol version" });
    });
});

describe("lattice: name rules", () => {
    it("length, characters, double hyphens and reserved prefixes per kind", () => {
        assert.equal(latticeNameProblem("service", "servicea"), undefined);
        assert.equal(latticeNameProblem("service", "ab"), "3 to 40 characters");
        assert.equal(latticeNameProblem("service", "a".repeat(41)), "3 to 40 characters");
        assert.equal(latticeNameProblem("service", "svc-orders"), 'must not start with "svc-"');
        assert.equal(latticeNameProblem("targetGroup", "tg-cell1"), 'must not start with "tg-"');
        assert.equal(latticeNameProblem("targetGroup", "a--b"), "no two hyphens in a row");
        assert.equal(latticeNameProblem("rule", "Pin-1"), "lowercase letters, digits and inner hyphens only");
        assert.equal(latticeNameProblem("listener", "http-5001"), undefined);
    });
});
