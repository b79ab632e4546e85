import * as assert from "node:assert/strict";
import * as path from "node:path";
import { readStackFile } from "../../automation/discovery";
import { parseStackConfig } from "../../config/load";
import { ConfigError, ConsumerConfig, OwnerConfig, RawConfig } from "../../config/types";
import { cellmeshProgram } from "../../stacks/program";
import { thrownProblems } from "../helpers/configProblems";
import { CONSUMER_WORLD, OWNER_OUTPUTS, OWNER_WORLD, ROOT, rawSample } from "../helpers/fixtures";
import { runOnMocks } from "../helpers/harness";

/** The owner sample with serviceb replaced by `svc`. */
function ownerWith(svc: Record<string, unknown>): OwnerConfig {
    return parseStackConfig({
        ...rawSample("acct1-appmesh"),
        "cellmesh:services": {
            servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
            serviceb: { port: 5001, cells: { cell1: 50, cell2: 50 }, ...svc },
        },
    }, "acct1") as OwnerConfig;
}

const problemsOf = (svc: Record<string, unknown>) => thrownProblems(() => ownerWith(svc));

async function servicebResources(svc: Record<string, unknown>) {
    const { recording } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerWith(svc)));
    return recording;
}

describe("traffic policy: protocols", () => {
    const image = { image: "example/app:1.0" };
    for (const [protocol, routeKind] of [["http", "httpRoute"], ["http2", "http2Route"], ["grpc", "grpcRoute"], ["tcp", "tcpRoute"]]) {
        it(`${protocol}: listener, health check, router and a ${routeKind} with the weighted cells`, async () => {
            const rec = await servicebResources({ protocol, ...(protocol === "http" ? {} : image) });
            const listener = rec.get("aws:appmesh/virtualNode:VirtualNode", "serviceb-cell1-node").inputs.spec.listeners[0];
            assert.deepEqual(listener.portMapping, { port: 5001, protocol });
            assert.equal(listener.healthCheck.protocol, protocol);
            assert.equal(listener.healthCheck.path, protocol === "http" || protocol === "http2" ? "/health" : undefined);
            assert.deepEqual(rec.get("aws:appmesh/virtualRouter:VirtualRouter", "serviceb-router").inputs.spec.listeners,
                [{ portMapping: { port: 5001, protocol } }]);
            const spec = rec.get("aws:appmesh/route:Route", "serviceb-route").inputs.spec;
            assert.deepEqual(Object.keys(spec), [routeKind]);
            assert.deepEqual(spec[routeKind].action.weightedTargets,
                [{ virtualNode: "serviceb-cell1", weight: 50 }, { virtualNode: "serviceb-cell2", weight: 50 }]);
        });
    }
});

describe("traffic policy: settings reach the App Mesh specs exactly", () => {
    it("retry and timeout on an http route, timeout on the listener too", async () => {
        const rec = await servicebResources({
            retry: { maxRetries: 5, perRetryTimeoutMs: 10000, events: ["server-error", "gateway-error", "connection-error"] },
            timeout: { perRequestMs: 30000, idleMs: 60000 },
        });
        assert.deepEqual(rec.get("aws:appmesh/route:Route", "serviceb-route").inputs.spec.httpRoute, {
            match: { prefix: "/" },
            action: { weightedTargets: [{ virtualNode: "serviceb-cell1", weight: 50 }, { virtualNode: "serviceb-cell2", weight: 50 }] },
            retryPolicy: {
                maxRetries: 5, perRetryTimeout: { unit: "ms", value: 10000 },
                httpRetryEvents: ["server-error", "gateway-error"], tcpRetryEvents: ["connection-error"],
            },
            timeout: { perRequest: { unit: "ms", value: 30000 }, idle: { unit: "ms", value: 60000 } },
        });
        assert.deepEqual(rec.get("aws:appmesh/virtualNode:VirtualNode", "serviceb-cell2-node").inputs.spec.listeners[0].timeout,
            { http: { perRequest: { unit: "ms", value: 30000 }, idle: { unit: "ms", value: 60000 } } });
    });

    it("gRPC retry events go to grpcRetryEvents", async () => {
        const rec = await servicebResources({ protocol: "grpc", image: "example/app:1.0", retry: { maxRetries: 2, perRetryTimeoutMs: 500, events: ["unavailable", "deadline-exceeded", "gateway-error"] } });
        assert.deepEqual(rec.get("aws:appmesh/route:Route", "serviceb-route").inputs.spec.grpcRoute.retryPolicy, {
            maxRetries: 2, perRetryTimeout: { unit: "ms", value: 500 }, grpcRetryEvents: ["unavailable", "deadline-exceeded"], httpRetryEvents: ["gateway-error"],
        });
    });

    it("tcp: idle timeout only, on the route and the listener", async () => {
        const rec = await servicebResources({ protocol: "tcp", image: "redis:4.0.2", timeout: { idleMs: 300000 } });
        assert.deepEqual(rec.get("aws:appmesh/route:Route", "serviceb-route").inputs.spec.tcpRoute.timeout, { idle: { unit: "ms", value: 300000 } });
        assert.deepEqual(rec.get("aws:appmesh/virtualNode:VirtualNode", "serviceb-cell1-node").inputs.spec.listeners[0].timeout, { tcp: { idle: { unit: "ms", value: 300000 } } });
    });

    it("health check, outlier detection and connection pool on the listener", async () => {
        const rec = await servicebResources({
            healthCheck: { path: "/ready", intervalMs: 10000, timeoutMs: 3000, healthyThreshold: 3, unhealthyThreshold: 4 },
            outlierDetection: { maxServerErrors: 5, intervalMs: 10000, baseEjectionDurationMs: 30000, maxEjectionPercent: 50 },
            connectionPool: { maxConnections: 100, maxPendingRequests: 200 },
        });
        const listener = rec.get("aws:appmesh/virtualNode:VirtualNode", "serviceb-cell1-node").inputs.spec.listeners[0];
        assert.deepEqual(listener, {
            portMapping: { port: 5001, protocol: "http" },
            healthCheck: { protocol: "http", path: "/ready", healthyThreshold: 3, unhealthyThreshold: 4, timeoutMillis: 3000, intervalMillis: 10000 },
            outlierDetection: { maxServerErrors: 5, maxEjectionPercent: 50, interval: { unit: "ms", value: 10000 }, baseEjectionDuration: { unit: "ms", value: 30000 } },
            connectionPool: { http: { maxConnections: 100, maxPendingRequests: 200 } },
        });
    });

    it("defaults render the sample exactly as before (no retry, timeout, pool, priority)", async () => {
        const rec = await servicebResources({});
        const route = rec.get("aws:appmesh/route:Route", "serviceb-route").inputs.spec;
        assert.deepEqual(route, { httpRoute: { match: { prefix: "/" }, action: { weightedTargets: [{ virtualNode: "serviceb-cell1", weight: 50 }, { virtualNode: "serviceb-cell2", weight: 50 }] } } });
        assert.deepEqual(Object.keys(rec.get("aws:appmesh/virtualNode:VirtualNode", "serviceb-cell1-node").inputs.spec.listeners[0]).sort(), ["healthCheck", "portMapping"]);
    });
});

describe("traffic policy: cell pinning", () => {
    it("one header route per cell, above the weighted route; a path pin above both", async () => {
        const rec = await servicebResources({ cells: { cell1: 100, cell2: 0 }, cellPinning: { paths: { cell2: "/canary" } } });
        const routes = rec.ofType("aws:appmesh/route:Route").filter((r) => r.name.startsWith("serviceb-"))
            .map((r) => ({ name: r.inputs.name, priority: r.inputs.spec.priority, match: r.inputs.spec.httpRoute.match, targets: r.inputs.spec.httpRoute.action.weightedTargets }))
            .sort((a, b) => a.priority - b.priority);
        assert.deepEqual(routes, [
            { name: "serviceb-path-cell2", priority: 11, match: { prefix: "/canary" }, targets: [{ virtualNode: "serviceb-cell2", weight: 100 }] },
            { name: "serviceb-pin-cell1", priority: 100, match: { prefix: "/", headers: [{ name: "x-cell", match: { exact: "cell1" } }] }, targets: [{ virtualNode: "serviceb-cell1", weight: 100 }] },
            { name: "serviceb-pin-cell2", priority: 101, match: { prefix: "/", headers: [{ name: "x-cell", match: { exact: "cell2" } }] }, targets: [{ virtualNode: "serviceb-cell2", weight: 100 }] },
            { name: "serviceb-route", priority: 1000, match: { prefix: "/" }, targets: [{ virtualNode: "serviceb-cell1", weight: 100 }, { virtualNode: "serviceb-cell2", weight: 0 }] },
        ]);
        for (const r of rec.ofType("aws:appmesh/route:Route").filter((x) => x.name.startsWith("serviceb-"))) {
            assert.equal(r.inputs.virtualRouterName, "serviceb-router");
        }
    });

    it("gRPC pins match metadata; a custom header name is used as given", async () => {
        const rec = await servicebResources({ protocol: "grpc", image: "example/app:1.0", cellPinning: { header: "x-shard" } });
        assert.deepEqual(rec.get("aws:appmesh/route:Route", "serviceb-pin-cell2").inputs.spec.grpcRoute.match,
            { metadatas: [{ name: "x-shard", match: { exact: "cell2" } }] });
    });

    it("a weight change with pinning still touches only the weighted route", async () => {
        const a = await servicebResources({ cells: { cell1: 50, cell2: 50 }, cellPinning: {} });
        const b = await servicebResources({ cells: { cell1: 10, cell2: 90 }, cellPinning: {} });
        const changed = b.resources.filter((r) => JSON.stringify(r.inputs) !== JSON.stringify(a.resources.find((x) => x.type === r.type && x.name === r.name)?.inputs));
        assert.deepEqual(changed.map((r) => r.name), ["serviceb-route"]);
    });
});

describe("traffic policy: invalid values (exact messages)", () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
        ["unknown protocol", { protocol: "udp" }, ['cellmesh:services.serviceb.protocol = "udp": one of http, http2, grpc, tcp']],
        ["retry event that does not fit http", { retry: { maxRetries: 2, perRetryTimeoutMs: 1000, events: ["unavailable"] } },
            ['cellmesh:services.serviceb.retry.events[0] = "unavailable": not a retry event for protocol http; use server-error, gateway-error, client-error, stream-error, connection-error']],
        ["retry on tcp", { protocol: "tcp", image: "redis:4.0.2", retry: { maxRetries: 2, perRetryTimeoutMs: 1000, events: ["connection-error"] } },
            ['cellmesh:services.serviceb.retry = {"maxRetries":2,"perRetryTimeoutMs":1000,"events":["connection-error"]}: App Mesh tcp routes have no retry policy; remove retry or use protocol http, http2 or grpc']],
        ["retry without events", { retry: { maxRetries: 2, perRetryTimeoutMs: 1000, events: [] } },
            ["cellmesh:services.serviceb.retry.events = []: a non-empty list of retry events for protocol http: server-error, gateway-error, client-error, stream-error, connection-error"]],
        ["negative per-request timeout", { timeout: { perRequestMs: -5 } },
            ["cellmesh:services.serviceb.timeout.perRequestMs = -5: a duration in milliseconds (0 disables): an integer from 0 to 86400000"]],
        ["negative idle timeout", { timeout: { idleMs: -1 } },
            ["cellmesh:services.serviceb.timeout.idleMs = -1: a duration in milliseconds (0 disables): an integer from 0 to 86400000"]],
        ["per-request timeout on tcp", { protocol: "tcp", image: "redis:4.0.2", timeout: { perRequestMs: 1000 } },
            ["cellmesh:services.serviceb.timeout.perRequestMs = 1000: tcp has no requests, only an idle timeout; use idleMs"]],
        ["pin header that is not a header name", { cellPinning: { header: "x cell" } },
            ["cellmesh:services.serviceb.cellPinning.header = \"x cell\": a valid HTTP header name: 1 to 50 lowercase letters, digits or !#$%&'*+.^_`|~- (e.g. x-cell)"]],
        ["pin header in capitals", { cellPinning: { header: "X-Cell" } },
            ["cellmesh:services.serviceb.cellPinning.header = \"X-Cell\": a valid HTTP header name: 1 to 50 lowercase letters, digits or !#$%&'*+.^_`|~- (e.g. x-cell)"]],
        ["path pin for an unknown cell", { cellPinning: { paths: { cell9: "/x" } } },
            ['cellmesh:services.serviceb.cellPinning.paths.cell9 = "/x": no cell "cell9" in this service; cells: cell1, cell2']],
        ["pinning a tcp service", { protocol: "tcp", image: "redis:4.0.2", cellPinning: {} },
            ["cellmesh:services.serviceb.cellPinning = {}: tcp routes cannot match headers or paths, so tcp cells cannot be pinned; remove cellPinning"]],
        ["health check path on tcp", { protocol: "tcp", image: "redis:4.0.2", healthCheck: { path: "/x" } },
            ['cellmesh:services.serviceb.healthCheck.path = "/x": a tcp health check has no path; remove it']],
        ["health check interval below App Mesh's minimum", { healthCheck: { intervalMs: 1000 } },
            ["cellmesh:services.serviceb.healthCheck.intervalMs = 1000: milliseconds between checks: an integer from 5000 to 300000"]],
        ["pool limit of another protocol", { connectionPool: { maxConnections: 10, maxRequests: 5 } },
            ["cellmesh:services.serviceb.connectionPool.maxRequests = 5: not a http connection pool limit; http takes maxConnections, maxPendingRequests"]],
        ["outlier detection incomplete", { outlierDetection: { maxServerErrors: 5 } }, [
            "cellmesh:services.serviceb.outlierDetection.intervalMs = (not set): milliseconds between ejection sweeps: an integer from 1 to 86400000",
            "cellmesh:services.serviceb.outlierDetection.baseEjectionDurationMs = (not set): milliseconds a host stays ejected: an integer from 1 to 86400000",
            "cellmesh:services.serviceb.outlierDetection.maxEjectionPercent = (not set): percent of a cell's hosts that may be ejected: an integer from 0 to 100",
        ]],
        ["gRPC path pinning", { protocol: "grpc", image: "example/app:1.0", cellPinning: { paths: { cell2: "/canary" } } },
            ['cellmesh:services.serviceb.cellPinning.paths = {"cell2":"/canary"}: App Mesh gRPC routes cannot match a path prefix; pin grpc cells with the header only (remove paths)']],
        ["non-http service on the demo app", { protocol: "grpc" },
            ["cellmesh:services.serviceb.image = (not set): the demo app speaks HTTP/1.1 only; a grpc service needs your own image"]],
        ["environment overriding what cellmesh sets", { environment: { PORT: "1" } },
            ['cellmesh:services.serviceb.environment.PORT = "1": SERVICE_NAME, CELL_NAME, PORT, BACKENDS are set by cellmesh; use another name']],
    ];
    for (const [title, svc, expected] of cases) it(title, () => assert.deepEqual(problemsOf(svc), expected));

    it("ingress only for http services", () => {
        assert.throws(() => parseStackConfig({
            ...rawSample("acct1-appmesh"),
            "cellmesh:services": { web: { port: 5001, protocol: "http2", image: "x/y:1", ingress: true, cells: { a: 100 } } },
        }, "acct1"), (err: ConfigError) => {
            assert.deepEqual(err.problems, ["cellmesh:services.web.ingress = true: the ALB ingress forwards plain HTTP; protocol http2 cannot have ingress (put an http service in front of it)"]);
            return true;
        });
    });
});

describe("the Yelb example", () => {
    const dir = path.join(ROOT, "examples", "yelb");
    const load = (stack: string, overrides: RawConfig = {}) => parseStackConfig({ ...readStackFile(path.join(dir, `Pulumi.${stack}.yaml`), "cellmesh"), ...overrides }, stack);

    it("validates and renders the backend (mesh owner, tcp data tier)", async () => {
        const config = load("yelb-backend") as OwnerConfig;
        const { recording } = await runOnMocks({ ...OWNER_WORLD, stack: "yelb-backend" }, () => cellmeshProgram(config));
        assert.deepEqual(recording.ofType("aws:appmesh/route:Route").map((r) => [r.inputs.name, Object.keys(r.inputs.spec)[0]]).sort(),
            [["redis-server-route", "tcpRoute"], ["yelb-db-route", "tcpRoute"]]);
        assert.equal(recording.get("aws:appmesh/mesh:Mesh", "mesh-mesh").inputs.name, "yelb");
        assert.deepEqual(recording.get("aws:appmesh/route:Route", "yelb-db-route").inputs.spec.tcpRoute.action.weightedTargets,
            [{ virtualNode: "yelb-db-cell1", weight: 100 }, { virtualNode: "yelb-db-cell2", weight: 0 }]);
        const [app] = JSON.parse(recording.get("aws:ecs/taskDefinition:TaskDefinition", "redis-server-cell1-taskdef").inputs.containerDefinitions);
        assert.equal(app.image, "redis:4.0.2");
    });

    it("validates and renders the frontend (consumer: http services calling the backend over tcp)", async () => {
        const config = load("yelb-frontend") as ConsumerConfig;
        const world = { ...CONSUMER_WORLD, stack: "yelb-frontend", stackOutputs: { "organization/cellmesh/yelb-backend": { ...OWNER_OUTPUTS, meshName: "yelb", namespace: "backend.yelb.local" } } };
        const { recording } = await runOnMocks(world, () => cellmeshProgram(config));
        assert.deepEqual(recording.get("aws:appmesh/virtualNode:VirtualNode", "yelb-appserver-cell1-node").inputs.spec.backends, [
            { virtualService: { virtualServiceName: "redis-server.backend.yelb.local" } },
            { virtualService: { virtualServiceName: "yelb-db.backend.yelb.local" } },
        ]);
        const [app] = JSON.parse(recording.get("aws:ecs/taskDefinition:TaskDefinition", "yelb-appserver-cell1-taskdef").inputs.containerDefinitions);
        assert.deepEqual(app.environment, [
            { name: "RACK_ENV", value: "custom" },
            { name: "REDIS_SERVER_ENDPOINT", value: "redis-server.backend.yelb.local" },
            { name: "YELB_DB_SERVER_ENDPOINT", value: "yelb-db.backend.yelb.local" },
            { name: "SERVICE_NAME", value: "yelb-appserver" },
            { name: "CELL_NAME", value: "cell1" },
            { name: "PORT", value: "4567" },
            { name: "BACKENDS", value: "http://redis-server.backend.yelb.local:6379,http://yelb-db.backend.yelb.local:5432" },
        ]);
        assert.equal(recording.ofType("aws:appmesh/route:Route").filter((r) => r.name.startsWith("yelb-ui-pin-")).length, 2);
        for (const r of recording.ofType("aws:appmesh/route:Route")) assert.equal(r.inputs.meshOwner, "111111111111");
    });

    it("with the gateway enabled, the backend routes /yelb-ui to the frontend's UI", async () => {
        const config = load("yelb-backend", { "cellmesh:virtualGateway": { enabled: true, remoteServices: ["yelb-ui.frontend.yelb.local"] } }) as OwnerConfig;
        // The tcp data tier gets no gateway route; the program says so with pulumi.log.warn, which the
        // mock runtime prints with console.warn: captured here so that the test asserts it.
        const warnings: string[] = [];
        const consoleWarn = console.warn;
        console.warn = (...args: unknown[]) => { warnings.push(args.join(" ")); };
        let recording;
        try {
            ({ recording } = await runOnMocks({ ...OWNER_WORLD, stack: "yelb-backend" }, () => cellmeshProgram(config)));
        } finally {
            console.warn = consoleWarn;
        }
        assert.deepEqual(warnings, ["warning: [runtime] virtual gateway: no /<service> route for redis-server (tcp), yelb-db (tcp): the gateway's HTTP listener routes only http services"]);
        assert.deepEqual(recording.ofType("aws:appmesh/gatewayRoute:GatewayRoute").map((r) => [r.inputs.spec.httpRoute.match.prefix, r.inputs.spec.httpRoute.action.target.virtualService.virtualServiceName]),
            [["/yelb-ui", "yelb-ui.frontend.yelb.local"]]);
    });
});
