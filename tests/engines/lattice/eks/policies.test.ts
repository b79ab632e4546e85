// The AWS Gateway API Controller's policy objects as pure renderers: the TargetGroupPolicy spec of a
// cell (the ECS variant's protocol version and health check, field by field), the IAMAuthPolicy spec
// of a route, what the EKS part refuses (exact messages), and the saved CRD schemas
// (tests/data/lattice-controller-crds.yaml) accepting the rendered specs and refusing wrong ones.

import * as assert from "node:assert/strict";
import { latticeHealthCheck } from "../../../../engines/lattice/traffic";
import {
    LATTICE_EKS_LACKS, iamAuthPolicySpec, latticeEksTrafficProblems, targetGroupPolicySpec,
} from "../../../../engines/lattice/eks/policies";
import { DEFAULT_TRAFFIC, TrafficPolicy } from "../../../../shared/trafficPolicy";
import { crdErrors } from "../../../helpers/crdSchemas";

const HTTP2: TrafficPolicy = {
    protocol: "http2",
    healthCheck: { path: "/ready", intervalMillis: 10000, timeoutMillis: 3000, healthyThreshold: 3, unhealthyThreshold: 4 },
};

describe("Lattice EKS: policy objects (engines/lattice/eks/policies.ts)", () => {
    it("TargetGroupPolicy of an http cell: the sample's health check (/health every 5 s, 2 s timeout, 2/2), HTTP1, status 200", () => {
        assert.deepEqual(targetGroupPolicySpec("serviceb-cell1", DEFAULT_TRAFFIC), {
            targetRef: { group: "", kind: "Service", name: "serviceb-cell1" },
            protocol: "HTTP",
            protocolVersion: "HTTP1",
            healthCheck: {
                enabled: true, intervalSeconds: 5, timeoutSeconds: 2, healthyThresholdCount: 2, unhealthyThresholdCount: 2,
                path: "/health", protocol: "HTTP", protocolVersion: "HTTP1", statusMatch: "200",
            },
        });
    });

    it("TargetGroupPolicy of an http2 cell with its own health check: HTTP2 target group and check", () => {
        assert.deepEqual(targetGroupPolicySpec("servicec-cell2", HTTP2), {
            targetRef: { group: "", kind: "Service", name: "servicec-cell2" },
            protocol: "HTTP",
            protocolVersion: "HTTP2",
            healthCheck: {
                enabled: true, intervalSeconds: 10, timeoutSeconds: 3, healthyThresholdCount: 3, unhealthyThresholdCount: 4,
                path: "/ready", protocol: "HTTP", protocolVersion: "HTTP2", statusMatch: "200",
            },
        });
    });

    it("carries the same values as the ECS variant's target group health check", () => {
        for (const t of [DEFAULT_TRAFFIC, HTTP2]) {
            const ecs = latticeHealthCheck(t);
            const eks = targetGroupPolicySpec("x", t).healthCheck;
            assert.deepEqual(
                [eks.enabled, eks.intervalSeconds, eks.timeoutSeconds, eks.healthyThresholdCount, eks.unhealthyThresholdCount, eks.path, eks.protocol, eks.protocolVersion, eks.statusMatch],
                [ecs.enabled, ecs.healthCheckIntervalSeconds, ecs.healthCheckTimeoutSeconds, ecs.healthyThresholdCount, ecs.unhealthyThresholdCount, ecs.path, ecs.protocol, ecs.protocolVersion, ecs.matcher.value],
            );
        }
    });

    it("refuses grpc and tcp (exact message)", () => {
        for (const protocol of ["grpc", "tcp"] as const) {
            assert.throws(() => targetGroupPolicySpec("x", { ...DEFAULT_TRAFFIC, protocol }),
                { message: `protocol ${protocol}: a TargetGroupPolicy behind an HTTPRoute is for http and http2 only` });
        }
    });

    it("IAMAuthPolicy: targets the HTTPRoute of the same name in the Gateway API group, with the policy JSON", () => {
        assert.deepEqual(iamAuthPolicySpec("serviceb", "{}"), {
            targetRef: { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "serviceb" },
            policy: "{}",
        });
    });

    it("what the EKS part refuses, with the reasons the loader gives too", () => {
        assert.deepEqual(latticeEksTrafficProblems(DEFAULT_TRAFFIC), []);
        assert.deepEqual(latticeEksTrafficProblems(HTTP2), []);
        assert.deepEqual(latticeEksTrafficProblems({ ...DEFAULT_TRAFFIC, protocol: "grpc", timeout: { idleMillis: 1500 } }), [
            `traffic.protocol: ${LATTICE_EKS_LACKS.grpc}`,
            `traffic.timeout.idleMs: ${LATTICE_EKS_LACKS.idleTimeout}`,
        ]);
        assert.deepEqual(latticeEksTrafficProblems({ ...DEFAULT_TRAFFIC, retry: { maxRetries: 2, perRetryTimeoutMillis: 1000, events: ["server-error"] } }), [
            "traffic.retry: VPC Lattice has no retries; retry in the client, or remove retry",
        ]);
        assert.equal(LATTICE_EKS_LACKS.grpc, "on EKS a gRPC service needs a GRPCRoute, which the AWS Gateway API Controller attaches only to an HTTPS Gateway listener; for the name clients dial (<service>.<namespace>) that listener needs an ACM certificate of that name and clients that speak TLS, which cellmesh does not build: use protocol http or http2, or compute ecs");
        assert.equal(LATTICE_EKS_LACKS.idleTimeout, "on EKS the AWS Gateway API Controller creates the Lattice service and offers no setting for its idle timeout (no route annotation or policy: it sets the name, custom domain name and certificate only), so cellmesh cannot set it: remove idleMs, or use compute ecs");
    });
});

describe("Lattice EKS: the controller's CRD schemas (tests/data/lattice-controller-crds.yaml)", () => {
    it("accept the rendered TargetGroupPolicy and IAMAuthPolicy specs, unknown fields counted as errors", () => {
        assert.deepEqual(crdErrors("TargetGroupPolicy", targetGroupPolicySpec("serviceb-cell1", DEFAULT_TRAFFIC)), []);
        assert.deepEqual(crdErrors("TargetGroupPolicy", targetGroupPolicySpec("servicec-cell2", HTTP2)), []);
        assert.deepEqual(crdErrors("IAMAuthPolicy", iamAuthPolicySpec("serviceb", '{"Version":"2012-10-17","Statement":[]}')), []);
    });

    it("refuse a TargetGroupPolicy in @pulumi/aws's health check shape, with an out-of-range interval and GRPC checks (exact errors)", () => {
        const wrong = {
            targetRef: { group: "", kind: "Service", name: "serviceb-cell1" },
            protocolVersion: "HTTP1",
            healthCheck: { intervalSeconds: 2, protocolVersion: "GRPC", healthCheckTimeoutSeconds: 2 },
        };
        assert.deepEqual(crdErrors("TargetGroupPolicy", wrong), [
            "/healthCheck must NOT have additional properties (healthCheckTimeoutSeconds)",
            "/healthCheck/intervalSeconds must be >= 5",
            "/healthCheck/protocolVersion must be equal to one of the allowed values",
        ]);
    });

    it("refuse an IAMAuthPolicy without its policy or its targetRef group, with a kind that is no Kubernetes kind (exact errors)", () => {
        assert.deepEqual(crdErrors("IAMAuthPolicy", { targetRef: { kind: "HTTP Route", name: "serviceb" } }), [
            "/ must have required property 'policy'",
            "/targetRef must have required property 'group'",
            "/targetRef/kind must match pattern \"^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$\"",
        ]);
    });
});
