import * as assert from "node:assert/strict";
import { CellmeshConfig, OwnerConfig, ServiceConfig, parseStackConfig } from "../../stacks/config";
import { LATTICE_MAX_RULES, LATTICE_MAX_TARGET_GROUPS, LATTICE_MAX_WEIGHT, latticeProblems } from "../../stacks/lattice";
import { Problems } from "../../stacks/problems";
import { consumerSample, ownerSample, rawSample } from "../fixtures";

/** What the Lattice engine reports for a parsed config, as the config loader will call it. */
function problems(config: CellmeshConfig): string[] {
    const p = new Problems();
    latticeProblems(p, config.services, config);
    return p.list;
}

/** The owner sample with extra services (parsed by the real loader, so App Mesh-valid). */
function ownerWith(services: Record<string, unknown>, extra: Record<string, unknown> = {}): OwnerConfig {
    return parseStackConfig({
        ...rawSample("acct1"),
        "cellmesh:services": {
            servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
            serviceb: { port: 5001, cells: { cell1: 50, cell2: 50 } },
            ...services,
        },
        ...extra,
    }, "acct1") as OwnerConfig;
}

describe("lattice: config validation (stacks/lattice.ts)", () => {
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

    it("rejects the App Mesh virtual gateway and Envoy image", () => {
        assert.deepEqual(problems(ownerWith({}, {
            "cellmesh:virtualGateway": { enabled: true, port: 8080 },
            "cellmesh:envoyImage": "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod",
        })), [
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

    // The loader enforces App Mesh's stricter limits today (10 cells, weights 0..100, 1 + pins routes
    // <= 10); these guard the Lattice limits once it applies engine-specific ones.
    it("cells, weights and rules beyond Lattice's quotas (configs the App Mesh limits would not stop)", () => {
        const base = ownerSample().services[1];
        const cells = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, weight: i === 0 ? 1000 : 1 }));
        const svc: ServiceConfig = {
            ...base, name: "big", cells,
            traffic: { ...base.traffic, pinning: { header: "x-cell", paths: {} } },
        };
        assert.deepEqual(problems({ ...ownerSample(), services: [svc] }), [
            'cellmesh:services.big.cells = "c0=1000 c1=1 c2=1 c3=1 c4=1 c5=1 c6=1 c7=1 c8=1 c9=1 c10=1": VPC Lattice forwards to at most 10 target groups (one per cell); use at most 10 cells',
            "cellmesh:services.big.cells.c0 = 1000: VPC Lattice weights are integers from 0 to 999",
            'cellmesh:services.big.cellPinning = "x-cell": pinning 11 cells needs 11 listener rules (one header rule per cell plus the path pins); a VPC Lattice listener has at most 10: use fewer cells or path pins',
        ]);
    });
});
