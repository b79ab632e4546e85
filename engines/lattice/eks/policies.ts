// The AWS Gateway API Controller's own policy objects (application-networking.k8s.aws/v1alpha1) for
// one service: a TargetGroupPolicy per cell Service (protocol, protocol version and health check of
// the cell's target group) and an IAMAuthPolicy on the service's route (the Lattice service's auth
// policy; the controller then sets the service's auth type to AWS_IAM). Pure renderers. The values
// are the ECS variant's (engines/lattice/traffic.ts), so one config gives the same target
// groups on both compute variants.
//
// From the controller's source (aws-application-networking-k8s): pkg/gateway/model_build_targetgroup.go
// copies a policy's protocol and protocolVersion into the target group (a GRPCRoute forces GRPC) and
// its healthCheck field by field (statusMatch becomes the matcher's httpCode);
// controllers/iamauthpolicy_controller.go accepts targetRef group gateway.networking.k8s.io, kind
// Gateway, HTTPRoute or GRPCRoute, in the policy's namespace, one policy per target.

import * as pulumi from "@pulumi/pulumi";
import { LATTICE_PROTOCOL_VERSION, latticeHealthCheck, unsupportedTraffic } from "../traffic";
import { TrafficPolicy } from "../../../shared/trafficPolicy";

/** `apiVersion` of the controller's policy objects. */
export const LATTICE_POLICY_API_VERSION = "application-networking.k8s.aws/v1alpha1";
/** The Gateway API group of the routes an IAMAuthPolicy targets. */
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/**
 * What the EKS part of the Lattice engine cannot honour, and why (the config loader and the
 * components report the same reasons).
 */
export const LATTICE_EKS_LACKS = {
    grpc: "on EKS a gRPC service needs a GRPCRoute, which the AWS Gateway API Controller attaches only to an HTTPS Gateway listener; for the name clients dial (<service>.<namespace>) that listener needs an ACM certificate of that name and clients that speak TLS, which cellmesh does not build: use protocol http or http2, or compute ecs",
    idleTimeout: "on EKS the AWS Gateway API Controller creates the Lattice service and offers no setting for its idle timeout (no route annotation or policy: it sets the name, custom domain name and certificate only), so cellmesh cannot set it: remove idleMs, or use compute ecs",
} as const;

/** Every traffic setting the EKS part cannot render, as `traffic.<setting>: <reason>` (Lattice's own gaps included). */
export function latticeEksTrafficProblems(t: TrafficPolicy): string[] {
    // Any idle timeout is refused here, so Lattice's range for it does not matter.
    const found = unsupportedTraffic(t).filter((u) => u.setting !== "timeout.idleMs").map((u) => `traffic.${u.setting}: ${u.reason}`);
    if (t.protocol === "grpc") found.push(`traffic.protocol: ${LATTICE_EKS_LACKS.grpc}`);
    if (t.timeout?.idleMillis !== undefined) found.push(`traffic.timeout.idleMs: ${LATTICE_EKS_LACKS.idleTimeout}`);
    return found;
}

/** A TargetGroupPolicy's health check (the CRD's `spec.healthCheck`). */
export interface TargetGroupPolicyHealthCheck {
    readonly enabled: boolean;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThresholdCount: number;
    readonly unhealthyThresholdCount: number;
    readonly path: string;
    readonly protocol: "HTTP";
    readonly protocolVersion: "HTTP1" | "HTTP2";
    readonly statusMatch: string;
}

export interface TargetGroupPolicySpec {
    /** The cell's ClusterIP Service (core group: `""`). */
    readonly targetRef: { readonly group: ""; readonly kind: "Service"; readonly name: string };
    readonly protocol: "HTTP";
    /** Changing it replaces the target group (the controller's API docs). */
    readonly protocolVersion: "HTTP1" | "HTTP2";
    readonly healthCheck: TargetGroupPolicyHealthCheck;
}

/**
 * The TargetGroupPolicy spec of one cell Service under a policy: the ECS variant's target group
 * protocol version and health check, field by field. The health check port is left out, as on ECS:
 * Lattice then checks the port the target receives traffic on. http and http2 only (gRPC: LATTICE_EKS_LACKS).
 */
export function targetGroupPolicySpec(serviceName: string, t: TrafficPolicy): TargetGroupPolicySpec {
    if (t.protocol !== "http" && t.protocol !== "http2") {
        throw new Error(`protocol ${t.protocol}: a TargetGroupPolicy behind an HTTPRoute is for http and http2 only`);
    }
    const hc = latticeHealthCheck(t);
    return {
        targetRef: { group: "", kind: "Service", name: serviceName },
        protocol: "HTTP",
        protocolVersion: LATTICE_PROTOCOL_VERSION[t.protocol] as "HTTP1" | "HTTP2",
        healthCheck: {
            enabled: hc.enabled,
            intervalSeconds: hc.healthCheckIntervalSeconds,
            timeoutSeconds: hc.healthCheckTimeoutSeconds,
            healthyThresholdCount: hc.healthyThresholdCount,
            unhealthyThresholdCount: hc.unhealthyThresholdCount,
            path: hc.path,
            protocol: hc.protocol,
            protocolVersion: hc.protocolVersion,
            statusMatch: hc.matcher.value,
        },
    };
}

export interface IamAuthPolicySpec {
    readonly targetRef: { readonly group: typeof GATEWAY_API_GROUP; readonly kind: "HTTPRoute"; readonly name: string };
    /** The auth policy document as JSON (`latticeAuthPolicyJson`). */
    readonly policy: pulumi.Input<string>;
}

/** The IAMAuthPolicy spec that attaches `policy` to the Lattice service of an HTTPRoute (same namespace). */
export function iamAuthPolicySpec(route: string, policy: pulumi.Input<string>): IamAuthPolicySpec {
    return { targetRef: { group: GATEWAY_API_GROUP, kind: "HTTPRoute", name: route }, policy };
}
