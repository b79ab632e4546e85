import * as assert from "node:assert/strict";
import { logRetention } from "../../policy/rules/logRetention";
import { pinnedImages } from "../../policy/rules/pinnedImages";
import { validWeights } from "../../policy/rules/validWeights";
import { violationsOf } from "./helpers";

describe("policy cellmesh-log-retention", () => {
    const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

    it("passes a log group with a retention", () => {
        assert.deepEqual(violationsOf(logRetention, LOG_GROUP, { name: "/cellmesh/x", retentionInDays: 30 }), []);
    });

    it("fails a log group kept forever (unset or 0)", () => {
        const msg = "has no retentionInDays, so its events are kept forever; set one of CloudWatch's retention periods (cellmesh:logRetentionDays, default 30)";
        assert.deepEqual(violationsOf(logRetention, LOG_GROUP, { name: "/cellmesh/x" }), [msg]);
        assert.deepEqual(violationsOf(logRetention, LOG_GROUP, { name: "/cellmesh/x", retentionInDays: 0 }), [msg]);
    });
});

describe("policy cellmesh-pinned-images", () => {
    const TASK = "aws:ecs/taskDefinition:TaskDefinition";
    const task = (...images: (string | undefined)[]) => ({
        family: "f",
        containerDefinitions: JSON.stringify(images.map((image, i) => ({ name: `c${i}`, ...(image === undefined ? {} : { image }) }))),
    });

    it("passes tags other than latest and digests (the images cellmesh uses)", () => {
        assert.deepEqual(violationsOf(pinnedImages, TASK, task(
            "public.ecr.aws/docker/library/node:20-alpine",
            "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod",
            "public.ecr.aws/xray/aws-xray-daemon:3.3.12",
            "registry.example.com:5000/team/app:1.2.3",
            `ghcr.io/org/app@sha256:${"a".repeat(64)}`,
        )), []);
    });

    it("fails latest, a missing tag (a registry port is not a tag) and a missing image", () => {
        assert.deepEqual(violationsOf(pinnedImages, TASK, task("nginx:latest", "nginx", "registry.example.com:5000/app", undefined)), [
            `container "c0" image "nginx:latest" uses the latest tag; pin a tag other than latest, or a digest`,
            `container "c1" image "nginx" has no tag (that means latest); pin a tag other than latest, or a digest`,
            `container "c2" image "registry.example.com:5000/app" has no tag (that means latest); pin a tag other than latest, or a digest`,
            `container "c3" has no image; pin a tag other than latest, or a digest`,
        ]);
    });

    it("fails containerDefinitions that are not a JSON array", () => {
        assert.deepEqual(violationsOf(pinnedImages, TASK, { containerDefinitions: "{" }), ["containerDefinitions is not a JSON array of container definitions"]);
    });

    it("checks Kubernetes workloads' containers and init containers (EKS variant)", () => {
        assert.deepEqual(violationsOf(pinnedImages, "kubernetes:apps/v1:Deployment", {
            spec: { template: { spec: { initContainers: [{ name: "init", image: "busybox:1.36" }], containers: [{ name: "app", image: "app:latest" }] } } },
        }), [`container "app" image "app:latest" uses the latest tag; pin a tag other than latest, or a digest`]);
    });
});

describe("policy cellmesh-valid-weights", () => {
    const ROUTE = "aws:appmesh/route:Route";
    const route = (...weights: unknown[]) => ({
        meshName: "m", virtualRouterName: "r",
        spec: { httpRoute: { match: { prefix: "/" }, action: { weightedTargets: weights.map((weight, i) => ({ virtualNode: `cell${i + 1}`, weight })) } } },
    });

    it("passes 50/50, a drained cell (0) and a total under 100", () => {
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(50, 50)), []);
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(100, 0)), []);
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(1, 2, 3)), []);
    });

    it("fails weights outside 0..100 or fractional, totals over 100 or 0, and target counts outside 1..10", () => {
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(101, -1)), [
            "httpRoute target cell1 has weight 101; weights are integers from 0 to 100",
            "httpRoute target cell2 has weight -1; weights are integers from 0 to 100",
        ]);
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(60, 50.5)), [
            "httpRoute target cell2 has weight 50.5; weights are integers from 0 to 100",
            "httpRoute weights add up to 110.5; the total must be from 1 to 100",
        ]);
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(0, 0)), ["httpRoute weights add up to 0; the total must be from 1 to 100"]);
        assert.deepEqual(violationsOf(validWeights, ROUTE, route()), ["httpRoute has 0 weighted targets; App Mesh takes 1 to 10"]);
        assert.deepEqual(violationsOf(validWeights, ROUTE, route(...Array(11).fill(1))), ["httpRoute has 11 weighted targets; App Mesh takes 1 to 10"]);
    });

    it("checks tcp, grpc and http2 routes too", () => {
        assert.deepEqual(violationsOf(validWeights, ROUTE, { spec: { tcpRoute: { action: { weightedTargets: [{ virtualNode: "a", weight: 70 }, { virtualNode: "b", weight: 70 }] } } } }),
            ["tcpRoute weights add up to 140; the total must be from 1 to 100"]);
    });

    const LISTENER = "aws:lb/listener:Listener";
    const listener = (...weights: unknown[]) => ({
        port: 80, protocol: "HTTP",
        defaultActions: [{ type: "forward", forward: { targetGroups: weights.map((weight, i) => ({ arn: `tg${i + 1}`, weight })) } }],
    });

    it("passes the entry ALB's weighted forward action (what WeightedAlb creates) and non-forward actions", () => {
        assert.deepEqual(violationsOf(validWeights, LISTENER, listener(50, 50)), []);
        assert.deepEqual(violationsOf(validWeights, LISTENER, listener(0, 999)), []);
        assert.deepEqual(violationsOf(validWeights, LISTENER, { defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }), []);
    });

    it("fails ALB weights outside 0..999, more than 5 target groups, and all weights 0 (listeners and listener rules)", () => {
        assert.deepEqual(violationsOf(validWeights, LISTENER, listener(1000, 2.5)), [
            "default action 1 gives target group tg1 weight 1000; ALB weights are integers from 0 to 999",
            "default action 1 gives target group tg2 weight 2.5; ALB weights are integers from 0 to 999",
        ]);
        assert.deepEqual(violationsOf(validWeights, LISTENER, listener(1, 1, 1, 1, 1, 1)), ["default action 1 forwards to 6 target groups; an ALB forward action takes 1 to 5"]);
        assert.deepEqual(violationsOf(validWeights, "aws:lb/listenerRule:ListenerRule", { actions: [{ type: "forward", forward: { targetGroups: [{ arn: "a", weight: 0 }, { arn: "b", weight: 0 }] } }] }),
            ["action 1 gives every target group weight 0; give at least one a positive weight"]);
    });

    const LATTICE = "aws:vpclattice/listener:Listener";
    const lattice = (...weights: unknown[]) => ({
        name: "http-5001", protocol: "HTTP", port: 5001, serviceIdentifier: "svc-1",
        defaultAction: { forwards: [{ targetGroups: weights.map((weight, i) => ({ targetGroupIdentifier: `tg-${i + 1}`, ...(weight === undefined ? {} : { weight }) })) }] },
    });

    it("passes VPC Lattice listeners (what LatticeCellService creates): weights 0..999, an omitted weight (100), up to 10 target groups", () => {
        assert.deepEqual(violationsOf(validWeights, LATTICE, lattice(50, 50)), []);
        assert.deepEqual(violationsOf(validWeights, LATTICE, lattice(0, 999, undefined)), []);
        assert.deepEqual(violationsOf(validWeights, LATTICE, lattice(...Array(10).fill(1))), []);
    });

    it("fails VPC Lattice weights outside 0..999, more than 10 target groups, all 0, and forwards beyond the first (the provider drops them)", () => {
        assert.deepEqual(violationsOf(validWeights, LATTICE, lattice(1000, 1.5)), [
            "default action gives target group tg-1 weight 1000; VPC Lattice weights are integers from 0 to 999",
            "default action gives target group tg-2 weight 1.5; VPC Lattice weights are integers from 0 to 999",
        ]);
        assert.deepEqual(violationsOf(validWeights, LATTICE, lattice(...Array(11).fill(1))), ["default action forwards to 11 target groups; a VPC Lattice forward action takes 1 to 10"]);
        assert.deepEqual(violationsOf(validWeights, LATTICE, lattice(0, 0)), ["default action gives every target group weight 0; give at least one a positive weight"]);
        const two = lattice(50, 50);
        assert.deepEqual(violationsOf(validWeights, LATTICE, { ...two, defaultAction: { forwards: [...two.defaultAction.forwards, { targetGroups: [{ targetGroupIdentifier: "tg-3", weight: 10 }] }] } }),
            ["default action has 2 forwards; the provider reads only the first, so put every target group in forwards[0]"]);
        assert.deepEqual(violationsOf(validWeights, "aws:vpclattice/listenerRule:ListenerRule", { action: { forward: { targetGroups: [{ targetGroupIdentifier: "tg-1", weight: 0 }] } } }),
            ["rule action gives every target group weight 0; give at least one a positive weight"]);
    });
});
