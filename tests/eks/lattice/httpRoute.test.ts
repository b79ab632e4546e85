// LatticeHttpRoute on the mock runtime: one ClusterIP Service and one TargetGroupPolicy per cell, one
// HTTPRoute with the cell weights and the pin rules in the order the controller turns into
// priorities, every guard with its exact message, and the blast radius of a weight change and of a
// health check change.

import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LatticeHttpRoute, LatticeHttpRouteArgs } from "../../../components/eks/lattice/latticeHttpRoute";
import { cellServiceName, httpRouteRules, latticeRouteProblem, latticeServiceName } from "../../../components/eks/lattice/latticeRouteSpec";
import { TrafficPolicy } from "../../../components/trafficPolicy";
import { crdErrors } from "../../crdSchemas";
import { Recording, runOnMocks } from "../../harness";
import { changed } from "../../stacks/owner.test";
import { GW, LP, WORLD, clusterProvider } from "./fixtures";

const SERVICE = "kubernetes:core/v1:Service";
const PINNING = { header: "x-cell", paths: { cell2: "/canary" } };

function routeArgs(extra: Partial<LatticeHttpRouteArgs> = {}): Omit<LatticeHttpRouteArgs, "provider" | "ready" | "policyCrds"> {
    return {
        service: "serviceb",
        namespace: "cellmesh",
        dnsNamespace: "internal-domain1.com",
        port: 5001,
        cells: [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }],
        gateway: { name: pulumi.output("multiaccountmeshdemo"), namespace: "cellmesh" },
        ...extra,
    };
}

async function record(extra: Partial<LatticeHttpRouteArgs> = {}): Promise<{ rec: Recording; route: LatticeHttpRoute }> {
    let route!: LatticeHttpRoute;
    const { recording } = await runOnMocks(WORLD, () => {
        const provider = clusterProvider();
        // Stand-ins: the app namespace, and the controller's Helm release that installs the policy CRDs.
        const namespace = new k8s.core.v1.Namespace("apps", { metadata: { name: "cellmesh" } }, { provider });
        const chart = new k8s.helm.v3.Release("lattice-chart", { chart: "aws-gateway-controller-chart", version: "v2.1.3" }, { provider });
        route = new LatticeHttpRoute("serviceb", { provider, ready: [], namespaceReady: [namespace], policyCrds: [chart], ...routeArgs(extra) });
    });
    return { rec: recording, route };
}

const backend = (name: string, weight?: number) => ({ name, kind: "Service", port: 5001, ...(weight === undefined ? {} : { weight }) });

describe("Lattice EKS: LatticeHttpRoute", () => {
    let rec: Recording;
    let route: LatticeHttpRoute;
    before(async () => ({ rec, route } = await record()));

    it("creates exactly one Service and one TargetGroupPolicy per cell and one HTTPRoute", () => {
        const parent = rec.get("cellmesh:eks:LatticeHttpRoute", "serviceb");
        assert.deepEqual(rec.childrenOf(parent).map((r) => `${r.type} ${r.name}`).sort(), [
            `${LP("TargetGroupPolicy")} serviceb-cell1-tgp`,
            `${LP("TargetGroupPolicy")} serviceb-cell2-tgp`,
            `${SERVICE} serviceb-cell1`,
            `${SERVICE} serviceb-cell2`,
            `${GW("HTTPRoute")} serviceb-route`,
        ]);
    });

    it("per cell: a TargetGroupPolicy on its Service with the ECS variant's protocol version and health check (default: HTTP1, /health)", () => {
        for (const cell of ["cell1", "cell2"]) {
            const tgp = rec.get(LP("TargetGroupPolicy"), `serviceb-${cell}-tgp`);
            assert.deepEqual(tgp.inputs, {
                apiVersion: "application-networking.k8s.aws/v1alpha1",
                kind: "TargetGroupPolicy",
                metadata: { name: `serviceb-${cell}`, namespace: "cellmesh" },
                spec: {
                    targetRef: { group: "", kind: "Service", name: `serviceb-${cell}` },
                    protocol: "HTTP",
                    protocolVersion: "HTTP1",
                    healthCheck: {
                        enabled: true, intervalSeconds: 5, timeoutSeconds: 2, healthyThresholdCount: 2, unhealthyThresholdCount: 2,
                        path: "/health", protocol: "HTTP", protocolVersion: "HTTP1", statusMatch: "200",
                    },
                },
            });
            assert.equal(rec.providerOf(tgp)?.name, "cluster");
            assert.deepEqual(crdErrors("TargetGroupPolicy", tgp.inputs.spec), []);
        }
    });

    it("the TargetGroupPolicies wait for the namespace and for the release that installs their CRD; the route waits for them", () => {
        const route = rec.get(GW("HTTPRoute"), "serviceb-route");
        for (const cell of ["cell1", "cell2"]) {
            const tgp = rec.get(LP("TargetGroupPolicy"), `serviceb-${cell}-tgp`);
            assert.deepEqual([...tgp.dependencies].sort(), [rec.get("kubernetes:core/v1:Namespace", "apps").urn, rec.get("kubernetes:helm.sh/v3:Release", "lattice-chart").urn].sort());
            assert.ok(route.dependencies.includes(tgp.urn), cell);
        }
    });

    it("an http2 service with its own health check: HTTP2 target groups checked over HTTP/2 on its path", async () => {
        const traffic: TrafficPolicy = {
            protocol: "http2",
            healthCheck: { path: "/ready", intervalMillis: 30000, timeoutMillis: 5000, healthyThreshold: 3, unhealthyThreshold: 2 },
        };
        const { rec: h2 } = await record({ traffic });
        const spec = h2.get(LP("TargetGroupPolicy"), "serviceb-cell2-tgp").inputs.spec;
        assert.deepEqual(spec, {
            targetRef: { group: "", kind: "Service", name: "serviceb-cell2" },
            protocol: "HTTP",
            protocolVersion: "HTTP2",
            healthCheck: {
                enabled: true, intervalSeconds: 30, timeoutSeconds: 5, healthyThresholdCount: 3, unhealthyThresholdCount: 2,
                path: "/ready", protocol: "HTTP", protocolVersion: "HTTP2", statusMatch: "200",
            },
        });
        assert.deepEqual(crdErrors("TargetGroupPolicy", spec), []);
        // Still an HTTPRoute: HTTP/2 needs no route of its own kind.
        assert.equal(h2.get(GW("HTTPRoute"), "serviceb-route").inputs.kind, "HTTPRoute");
    });

    it("takes its pins from the traffic policy when none are given apart", async () => {
        const { rec: pinned } = await record({ traffic: { protocol: "http", healthCheck: { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 }, pinning: { header: "x-cell", paths: {} } } });
        assert.equal(pinned.get(GW("HTTPRoute"), "serviceb-route").inputs.spec.rules.length, 3);
        // No health check path configured: the check asks for "/" (as on ECS).
        assert.equal(pinned.get(LP("TargetGroupPolicy"), "serviceb-cell1-tgp").inputs.spec.healthCheck.path, "/");
    });

    it("per cell: a ClusterIP Service <service>-<cell> selecting exactly the cell's pods on the service port", () => {
        for (const cell of ["cell1", "cell2"]) {
            const labels = { "app.kubernetes.io/name": "serviceb", "cellmesh.io/cell": cell };
            const svc = rec.get(SERVICE, `serviceb-${cell}`);
            assert.deepEqual(svc.inputs, {
                apiVersion: "v1",
                kind: "Service",
                metadata: { name: `serviceb-${cell}`, namespace: "cellmesh", labels },
                spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 5001, targetPort: 5001, protocol: "TCP" }] },
            });
            assert.equal(rec.providerOf(svc)?.name, "cluster");
        }
    });

    it("the HTTPRoute: named after the service, standalone, parent the Gateway's http listener, hostname <service>.<namespace>, one weighted rule", () => {
        const r = rec.get(GW("HTTPRoute"), "serviceb-route");
        assert.deepEqual(r.inputs, {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "HTTPRoute",
            metadata: {
                name: "serviceb",
                namespace: "cellmesh",
                annotations: {
                    "pulumi.com/waitFor": "jsonpath={.metadata.annotations.application-networking\\.k8s\\.aws/lattice-assigned-domain-name}",
                    "pulumi.com/timeoutSeconds": "600",
                    // No service network association by the controller (Pulumi makes it, by ARN).
                    "application-networking.k8s.aws/standalone": "true",
                },
            },
            spec: {
                parentRefs: [{ name: "multiaccountmeshdemo", sectionName: "http" }],
                hostnames: ["serviceb.internal-domain1.com"],
                rules: [{ backendRefs: [backend("serviceb-cell1", 50), backend("serviceb-cell2", 50)] }],
            },
        });
        assert.equal(rec.providerOf(r)?.name, "cluster");
    });

    it("the route waits for the cells' Services", () => {
        const deps = rec.get(GW("HTTPRoute"), "serviceb-route").dependencies;
        for (const cell of ["cell1", "cell2"]) assert.ok(deps.includes(rec.get(SERVICE, `serviceb-${cell}`).urn), cell);
    });

    it("exposes the hostname, the Lattice service name the controller will use, and the cells' Services", () => {
        assert.equal(route.hostname, "serviceb.internal-domain1.com");
        assert.equal(route.latticeServiceName, "serviceb-cellmesh");
        assert.deepEqual(route.cellServices, { cell1: "serviceb-cell1", cell2: "serviceb-cell2" });
    });

    it("pins: path pins, then one header pin per cell (Exact, one backend, no weight), then the weighted rule", async () => {
        const { rec: pinned } = await record({ pinning: PINNING, cells: [{ name: "cell1", weight: 100 }, { name: "cell2", weight: 0 }] });
        assert.deepEqual(pinned.get(GW("HTTPRoute"), "serviceb-route").inputs.spec.rules, [
            { matches: [{ path: { type: "PathPrefix", value: "/canary" } }], backendRefs: [backend("serviceb-cell2")] },
            { matches: [{ headers: [{ type: "Exact", name: "x-cell", value: "cell1" }] }], backendRefs: [backend("serviceb-cell1")] },
            { matches: [{ headers: [{ type: "Exact", name: "x-cell", value: "cell2" }] }], backendRefs: [backend("serviceb-cell2")] },
            { backendRefs: [backend("serviceb-cell1", 100), backend("serviceb-cell2", 0)] },
        ]);
    });

    it("a header pin without path pins: header rules, then the weighted rule", () => {
        assert.deepEqual(httpRouteRules("a", 80, [{ name: "c1", weight: 1 }], { header: "x-cell", paths: {} }), [
            { matches: [{ headers: [{ type: "Exact", name: "x-cell", value: "c1" }] }], backendRefs: [{ name: "a-c1", kind: "Service", port: 80 }] },
            { backendRefs: [{ name: "a-c1", kind: "Service", port: 80, weight: 1 }] },
        ]);
    });

    it("latticeServiceName cuts the route name to 20 and the namespace to 18 characters, trimming hyphens", () => {
        assert.equal(latticeServiceName("a-very-long-service-name-indeed", "cellmesh"), "a-very-long-service-cellmesh");
        assert.equal(latticeServiceName("serviceb", "a-namespace-of-eigh-teen"), "serviceb-a-namespace-of-eig");
        assert.equal(latticeServiceName("abcdefghijklmnopqrs-x", "ns"), "abcdefghijklmnopqrs-ns");
        assert.equal(cellServiceName("servicea", "cell1"), "servicea-cell1");
    });
});

describe("Lattice EKS: LatticeHttpRoute guards (exact messages)", () => {
    const tenCells = Array.from({ length: 10 }, (_, i) => ({ name: `cell${i + 1}`, weight: 10 }));
    const cases: [string, Partial<LatticeHttpRouteArgs>, string][] = [
        ["no cells", { cells: [] }, "0 cells; a VPC Lattice forward action takes 1 to 10 target groups (one per cell)"],
        ["eleven cells", { cells: [...tenCells, { name: "cell11", weight: 10 }] }, "11 cells; a VPC Lattice forward action takes 1 to 10 target groups (one per cell)"],
        ["a cell listed twice", { cells: [{ name: "cell1", weight: 1 }, { name: "cell1", weight: 2 }] }, "cell \"cell1\" is listed twice"],
        ["a cell name that cannot name a Service", { cells: [{ name: "Cell_1", weight: 1 }] },
            "\"serviceb-Cell_1\" is not a valid Kubernetes Service name (lowercase letters, digits and inner hyphens, starting with a letter, at most 63 characters)"],
        ["a service name that cannot name a route", { service: "1b", cells: [{ name: "cell1", weight: 1 }] },
            "\"1b\" is not a valid Kubernetes Service name (lowercase letters, digits and inner hyphens, starting with a letter, at most 63 characters)"],
        ["a weight above 999", { cells: [{ name: "cell1", weight: 1000 }, { name: "cell2", weight: 0 }] },
            "cell \"cell1\" has weight 1000; VPC Lattice target group weights are integers from 0 to 999"],
        ["a negative weight", { cells: [{ name: "cell1", weight: -1 }, { name: "cell2", weight: 5 }] },
            "cell \"cell1\" has weight -1; VPC Lattice target group weights are integers from 0 to 999"],
        ["a fractional weight", { cells: [{ name: "cell1", weight: 0.5 }, { name: "cell2", weight: 5 }] },
            "cell \"cell1\" has weight 0.5; VPC Lattice target group weights are integers from 0 to 999"],
        ["weights adding up to 0", { cells: [{ name: "cell1", weight: 0 }, { name: "cell2", weight: 0 }] },
            "the cell weights add up to 0; give at least one cell a positive weight"],
        ["an empty pin header", { pinning: { header: " ", paths: {} } }, "cellPinning.header is empty; name the header whose value picks the cell"],
        ["a path pin for an unknown cell", { pinning: { header: "x-cell", paths: { cell3: "/canary" } } },
            "cellPinning.paths names \"cell3\", which is not one of the cells (cell1, cell2)"],
        ["a path pin without a leading slash", { pinning: { header: "x-cell", paths: { cell2: "canary" } } },
            "cellPinning.paths.cell2 is \"canary\"; a path prefix starts with \"/\""],
        ["more than 10 rules", { cells: tenCells, pinning: { header: "x-cell", paths: {} } },
            "cell pinning needs 11 rules (0 path pins, 10 header pins and the weighted rule); a VPC Lattice listener has at most 10"],
        ["a port out of range", { port: 70000 }, "port must be an integer from 1 to 65535, got 70000"],
        ["grpc (an HTTPRoute's target groups speak HTTP)", { traffic: { protocol: "grpc", healthCheck: { intervalMillis: 5000, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 } } },
            "protocol grpc; an HTTPRoute's target groups speak http or http2"],
        ["a health check interval that is not whole seconds", { traffic: { protocol: "http", healthCheck: { intervalMillis: 5500, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 } } },
            "traffic.healthCheck.intervalMs: VPC Lattice health checks count whole seconds; use a multiple of 1000"],
        ["a Gateway in another namespace", { gateway: { name: "multiaccountmeshdemo", namespace: "lattice" } },
            "the Gateway in namespace \"lattice\" admits routes from its own namespace only; put the route in \"lattice\" or the Gateway in \"cellmesh\""],
    ];
    for (const [label, extra, message] of cases) {
        it(label, async () => {
            await runOnMocks(WORLD, () => {
                const provider = clusterProvider();
                assert.throws(() => new LatticeHttpRoute("serviceb", { provider, ready: [], policyCrds: [], ...routeArgs(extra) }), { message: `LatticeHttpRoute serviceb: ${message}` });
            });
        });
    }

    it("the limits themselves pass: 10 cells without pins, 1 path pin + 8 header pins + the weighted rule", () => {
        assert.equal(latticeRouteProblem("serviceb", tenCells), undefined);
        assert.equal(latticeRouteProblem("serviceb", tenCells.slice(0, 8), { header: "x-cell", paths: { cell1: "/a" } }), undefined);
        assert.equal(latticeRouteProblem("serviceb", [{ name: "cell1", weight: 999 }, { name: "cell2", weight: 0 }]), undefined);
    });
});

describe("Lattice EKS: a weight change", () => {
    const withWeights = (cell1: number, cell2: number) =>
        record({ pinning: PINNING, cells: [{ name: "cell1", weight: cell1 }, { name: "cell2", weight: cell2 }] });

    it("touches only the HTTPRoute (the cells' Services, their TargetGroupPolicies and the pins are unchanged)", async () => {
        const base = await withWeights(50, 50);
        const shifted = await withWeights(0, 100);
        assert.deepEqual(changed(base.rec, shifted.rec), [`${GW("HTTPRoute")} serviceb-route`]);
        const rules = shifted.rec.get(GW("HTTPRoute"), "serviceb-route").inputs.spec.rules;
        assert.deepEqual(rules[rules.length - 1].backendRefs.map((b: { weight: number }) => b.weight), [0, 100]);
        assert.deepEqual(rules.slice(0, -1), base.rec.get(GW("HTTPRoute"), "serviceb-route").inputs.spec.rules.slice(0, -1));
    });
});

describe("Lattice EKS: a health check change", () => {
    const withInterval = (intervalMillis: number) =>
        record({ traffic: { protocol: "http", healthCheck: { path: "/health", intervalMillis, timeoutMillis: 2000, healthyThreshold: 2, unhealthyThreshold: 2 } } });

    it("touches only the cells' TargetGroupPolicies (the controller updates the target groups in place)", async () => {
        const base = await withInterval(5000);
        const slower = await withInterval(30000);
        assert.deepEqual(changed(base.rec, slower.rec), [`${LP("TargetGroupPolicy")} serviceb-cell1-tgp`, `${LP("TargetGroupPolicy")} serviceb-cell2-tgp`]);
        assert.equal(slower.rec.get(LP("TargetGroupPolicy"), "serviceb-cell1-tgp").inputs.spec.healthCheck.intervalSeconds, 30);
    });
});
