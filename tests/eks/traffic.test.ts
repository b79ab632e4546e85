// The traffic policy on EKS: the same settings, rendered into the App Mesh controller's custom
// resources and checked against the controller's CRD schemas.

import * as assert from "node:assert/strict";
import { crdListener, crdRoute } from "../../components/eks/crdSpecs";
import { DEFAULT_TRAFFIC, nodeListener, routeSpec } from "../../components/trafficPolicy";
import { OwnerConfig, parseStackConfig } from "../../stacks/config";
import { cellmeshProgram } from "../../stacks/program";
import { crdErrors } from "../crdSchemas";
import { OWNER_EKS_WORLD, rawEksSample } from "../fixtures";
import { Recording, runOnMocks } from "../harness";

const CR = (kind: string) => `kubernetes:appmesh.k8s.aws/v1beta2:${kind}`;

async function eksServiceb(svc: Record<string, unknown>): Promise<Recording> {
    const config = parseStackConfig({
        ...rawEksSample("acct1-appmesh-eks"),
        "cellmesh:services": {
            servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
            serviceb: { port: 5001, image: "example/app:1.0", cells: { cell1: 70, cell2: 30 }, ...svc },
        },
    }, "acct1-appmesh-eks") as OwnerConfig;
    return (await runOnMocks(OWNER_EKS_WORLD, () => cellmeshProgram(config))).recording;
}

function assertValid(rec: Recording): void {
    for (const r of rec.resources.filter((x) => x.type.startsWith("kubernetes:appmesh.k8s.aws/"))) {
        assert.deepEqual(crdErrors(r.inputs.kind, r.inputs.spec), [], `${r.inputs.kind} ${r.name}`);
    }
}

describe("EKS traffic policy: custom resources", () => {
    it("the schema check bites: an App Mesh API route (virtualNode targets, metadatas) is not a valid VirtualRouter route", () => {
        const apiShape = routeSpec({ ...DEFAULT_TRAFFIC, protocol: "grpc" }, [{ virtualNode: "b-cell1", weight: 1 }], { kind: "header", name: "x-cell", value: "cell1" });
        const errors = crdErrors("VirtualRouter", { awsName: "b-router", listeners: [{ portMapping: { port: 80, protocol: "grpc" } }], routes: [{ name: "r", ...apiShape }] });
        assert.deepEqual(errors.sort(), [
            "/routes/0/grpcRoute/action/weightedTargets/0 must NOT have additional properties (virtualNode)",
            "/routes/0/grpcRoute/match must NOT have additional properties (metadatas)",
        ]);
    });

    it("crdRoute moves the priority into the route entry and renames references", () => {
        const spec = routeSpec({ ...DEFAULT_TRAFFIC, protocol: "grpc" }, [{ virtualNode: "b-cell2", weight: 100 }], { kind: "header", name: "x-cell", value: "cell2" }, 101);
        assert.deepEqual(crdRoute({ key: "pin-cell2", awsName: "b-pin-cell2", spec }), {
            name: "b-pin-cell2",
            priority: 101,
            grpcRoute: {
                match: { metadata: [{ name: "x-cell", match: { exact: "cell2" } }] },
                action: { weightedTargets: [{ virtualNodeRef: { name: "b-cell2" }, weight: 100 }] },
            },
        });
        assert.deepEqual(crdListener(nodeListener(80, { ...DEFAULT_TRAFFIC, protocol: "tcp", healthCheck: { ...DEFAULT_TRAFFIC.healthCheck, path: undefined } })).portMapping, { port: 80, protocol: "tcp" });
    });

    for (const protocol of ["http", "http2", "grpc", "tcp"]) {
        it(`${protocol}: listener, router listener and route kind in the custom resources, valid against the CRDs`, async () => {
            const rec = await eksServiceb({ protocol });
            const node = rec.get(CR("VirtualNode"), "serviceb-cell1-node").inputs.spec;
            assert.deepEqual(node.listeners[0].portMapping, { port: 5001, protocol });
            const router = rec.get(CR("VirtualRouter"), "serviceb-router").inputs.spec;
            assert.deepEqual(router.listeners, [{ portMapping: { port: 5001, protocol } }]);
            const kind = { http: "httpRoute", http2: "http2Route", grpc: "grpcRoute", tcp: "tcpRoute" }[protocol]!;
            assert.deepEqual(router.routes[0][kind].action.weightedTargets,
                [{ virtualNodeRef: { name: "serviceb-cell1" }, weight: 70 }, { virtualNodeRef: { name: "serviceb-cell2" }, weight: 30 }]);
            assertValid(rec);
        });
    }

    it("retry, timeouts, outlier detection, connection pool and header/path pins reach the custom resources exactly", async () => {
        const rec = await eksServiceb({
            retry: { maxRetries: 5, perRetryTimeoutMs: 10000, events: ["server-error", "gateway-error"] },
            timeout: { perRequestMs: 15000, idleMs: 300000 },
            outlierDetection: { maxServerErrors: 5, intervalMs: 10000, baseEjectionDurationMs: 30000, maxEjectionPercent: 50 },
            connectionPool: { maxConnections: 100, maxPendingRequests: 50 },
            cellPinning: { header: "x-cell", paths: { cell2: "/canary" } },
        });
        const listener = rec.get(CR("VirtualNode"), "serviceb-cell2-node").inputs.spec.listeners[0];
        assert.deepEqual(listener.outlierDetection, { maxServerErrors: 5, maxEjectionPercent: 50, interval: { unit: "ms", value: 10000 }, baseEjectionDuration: { unit: "ms", value: 30000 } });
        assert.deepEqual(listener.connectionPool, { http: { maxConnections: 100, maxPendingRequests: 50 } });
        assert.deepEqual(listener.timeout, { http: { perRequest: { unit: "ms", value: 15000 }, idle: { unit: "ms", value: 300000 } } });
        const routes = rec.get(CR("VirtualRouter"), "serviceb-router").inputs.spec.routes;
        assert.deepEqual(routes.map((r: any) => [r.name, r.priority]), [
            ["serviceb-route", 1000], ["serviceb-pin-cell1", 100], ["serviceb-pin-cell2", 101], ["serviceb-path-cell2", 11],
        ]);
        assert.deepEqual(routes[0].httpRoute.retryPolicy, { maxRetries: 5, perRetryTimeout: { unit: "ms", value: 10000 }, httpRetryEvents: ["server-error", "gateway-error"] });
        assert.deepEqual(routes[2].httpRoute.match, { prefix: "/", headers: [{ name: "x-cell", match: { exact: "cell2" } }] });
        assert.deepEqual(routes[3].httpRoute.match, { prefix: "/canary" });
        assertValid(rec);
    });
});
