// The health readers against stubbed AWS SDK v3 clients (aws-sdk-client-mock): what each asks AWS
// for (namespaces, metric names, statistics, dimensions), how it reads units, and that throttled
// calls are retried with backoff on the gate's clock.

import * as assert from "node:assert/strict";
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ListTagsForResourceCommand, ListTargetGroupsCommand, ListTargetsCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { mockClient } from "aws-sdk-client-mock";
import { evaluate } from "../../../automation/gate/evaluate";
import { gateSettings } from "../../../automation/gate/settings";
import { ecsHealth } from "../../../compute/ecs/health";
import { deploymentReading, eksHealthWith } from "../../../compute/eks/health";
import { eksToken } from "../../../compute/eks/token";
import { latticeHealth } from "../../../engines/lattice/health";
import { appMeshHealth } from "../../../engines/appmesh/health";
import type { HealthScope } from "../../../shared/health/types";

const LB = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/servicea-ingress-alb-1a2b3c4/50dc6c495c0c9188";
const ALB_TG = (cell: string) => `arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/servicea-ingress-${cell}-9f8e7d/73e2d6bc24d8a067`;
const LATTICE_TG = (cell: string) => `arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/tg-0${cell === "cell1" ? "1" : "2"}23456789abcdef0`;
const WINDOW = { start: new Date("2026-11-20T10:02:00Z"), end: new Date("2026-11-20T10:03:00Z") };
const creds = async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" });

function scope(over: Partial<HealthScope> = {}, sleeps: number[] = []): HealthScope {
    return {
        stack: "acct1", region: "us-east-1", service: "servicea", cells: ["cell1", "cell2"], ingress: true,
        outputs: {
            clusterName: "cellmesh-acct1",
            cellTargets: { servicea: Object.fromEntries(["cell1", "cell2"].map((c) => [c, { latticeTargetGroupArn: LATTICE_TG(c), loadBalancerArn: LB, albTargetGroupArn: ALB_TG(c) }])) },
        },
        credentials: creds, sleep: async (ms) => void sleeps.push(ms), ...over,
    };
}

describe("health readers (stubbed AWS SDK clients)", () => {
    const cw = mockClient(CloudWatchClient);
    const lattice = mockClient(VPCLatticeClient);
    const elb = mockClient(ElasticLoadBalancingV2Client);
    const ecs = mockClient(ECSClient);
    afterEach(() => [cw, lattice, elb, ecs].forEach((m) => m.reset()));
    after(() => [cw, lattice, elb, ecs].forEach((m) => m.restore()));

    /** GetMetricData answers by query id and the dimension the query names. */
    function metrics(values: (namespace: string, id: string, dims: Record<string, string>) => number | undefined) {
        cw.on(GetMetricDataCommand).callsFake((input) => ({
            MetricDataResults: input.MetricDataQueries.map((q: any) => {
                const dims = Object.fromEntries(q.MetricStat.Metric.Dimensions.map((d: any) => [d.Name, d.Value]));
                const v = values(q.MetricStat.Metric.Namespace, q.Id, dims);
                return { Id: q.Id, StatusCode: "Complete", Timestamps: v === undefined ? [] : [WINDOW.start], Values: v === undefined ? [] : [v] };
            }),
        }));
    }

    it("Lattice + ALB traffic: the metric names, statistics and dimensions of the table; ALB seconds become ms, Lattice ms stay ms", async () => {
        cw.on(ListMetricsCommand).resolves({ Metrics: [
            { Namespace: "AWS/VpcLattice", MetricName: "TotalRequestCount", Dimensions: [{ Name: "TargetGroup", Value: "tg-0123456789abcdef0" }] },
            { Namespace: "AWS/VpcLattice", MetricName: "TotalRequestCount", Dimensions: [{ Name: "AvailabilityZone", Value: "use1-az1" }, { Name: "TargetGroup", Value: "tg-0223456789abcdef0" }] },
            { Namespace: "AWS/VpcLattice", MetricName: "TotalRequestCount", Dimensions: [{ Name: "TargetGroup", Value: "tg-0223456789abcdef0" }] },
        ] });
        metrics((ns, id) => (ns === "AWS/VpcLattice" ? { requests: 1000, errors: 3, latency: 180 }[id] : { requests: 500, latency: 0.25 }[id]));
        const readings = await latticeHealth.traffic(scope(), WINDOW);
        assert.deepEqual(readings.cell2.map((r) => [r.source, r.requests, r.errors, r.latencyMs]), [
            ["VPC Lattice target group tg-0223456789abcdef0", 1000, 3, 180],
            ["ALB target group targetgroup/servicea-ingress-cell2-9f8e7d/73e2d6bc24d8a067", 500, 0, 250],
        ]);
        const queries = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries!.map((q) => [q.MetricStat!.Metric!.Namespace, q.MetricStat!.Metric!.MetricName, q.MetricStat!.Stat, q.MetricStat!.Period, q.MetricStat!.Unit, JSON.stringify(q.MetricStat!.Metric!.Dimensions)]));
        assert.deepEqual(queries[1], [
            ["AWS/VpcLattice", "TotalRequestCount", "Sum", 60, undefined, '[{"Name":"TargetGroup","Value":"tg-0223456789abcdef0"}]'],
            ["AWS/VpcLattice", "HTTPCode_5XX_Count", "Sum", 60, undefined, '[{"Name":"TargetGroup","Value":"tg-0223456789abcdef0"}]'],
            ["AWS/VpcLattice", "RequestTime", "p99", 60, undefined, '[{"Name":"TargetGroup","Value":"tg-0223456789abcdef0"}]'],
        ]);
        const alb = '[{"Name":"TargetGroup","Value":"targetgroup/servicea-ingress-cell1-9f8e7d/73e2d6bc24d8a067"},{"Name":"LoadBalancer","Value":"app/servicea-ingress-alb-1a2b3c4/50dc6c495c0c9188"}]';
        assert.deepEqual(queries[2], [
            ["AWS/ApplicationELB", "RequestCount", "Sum", 60, undefined, alb],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 60, undefined, alb],
            ["AWS/ApplicationELB", "TargetResponseTime", "p99", 60, undefined, alb],
        ]);
        assert.deepEqual(cw.commandCalls(GetMetricDataCommand)[0].args[0].input.StartTime, WINDOW.start);
    });

    it("wrong units are not mistaken: ALB 0.25 s passes a 500 ms limit, 0.75 s fails it (not 0.75 ms, not 750 s)", async () => {
        const settings = gateSettings("lattice", undefined, {}, "test");
        for (const [seconds, outcome] of [[0.25, "pass"], [0.75, "fail"]] as const) {
            cw.reset();
            cw.on(ListMetricsCommand).resolves({ Metrics: [] });
            metrics((ns, id) => (ns === "AWS/ApplicationELB" ? { requests: 1000, latency: seconds }[id] : undefined));
            const traffic = await latticeHealth.traffic(scope({ cells: ["cell2"] }), WINDOW);
            const alb = traffic.cell2.filter((t) => t.source.startsWith("ALB"));
            const ev = evaluate([{ cell: "cell2", traffic: alb, targets: [] }], ["cell2"], settings, WINDOW);
            assert.deepEqual(ev.checks.filter((c) => c.signal === "latency").map((c) => [c.value, c.outcome]), [[seconds * 1000, outcome]]);
        }
    });

    it("a Lattice target group without a CloudWatch series yet reads as no data, saying why", async () => {
        cw.on(ListMetricsCommand).resolves({ Metrics: [] });
        const readings = await latticeHealth.traffic(scope({ ingress: false, cells: ["cell1"] }), WINDOW);
        assert.deepEqual(readings.cell1, [{
            source: "VPC Lattice target group tg-0123456789abcdef0", latencyStatistic: "p99",
            metrics: { requests: "AWS/VpcLattice TotalRequestCount", errors: "AWS/VpcLattice HTTPCode_5XX_Count", latency: "AWS/VpcLattice RequestTime" },
            note: "CloudWatch has no TotalRequestCount series for tg-0123456789abcdef0 yet (Lattice publishes one once the target group has had traffic)",
        }]);
        assert.equal(cw.commandCalls(GetMetricDataCommand).length, 0);
    });

    it("throttled CloudWatch calls are retried after 500 ms, 1 s, 2 s (the gate's clock), then succeed", async () => {
        const throttled = Object.assign(new Error("Rate exceeded"), { name: "Throttling", $metadata: { httpStatusCode: 400 } });
        cw.on(ListMetricsCommand).rejectsOnce(throttled).rejectsOnce(throttled).rejectsOnce(throttled)
            .resolves({ Metrics: [{ Dimensions: [{ Name: "TargetGroup", Value: "tg-0123456789abcdef0" }] }] });
        metrics((_, id) => ({ requests: 10, errors: 0, latency: 5 }[id]));
        const sleeps: number[] = [];
        const r = await latticeHealth.traffic(scope({ ingress: false, cells: ["cell1"] }, sleeps), WINDOW);
        assert.deepEqual(sleeps, [500, 1000, 2000]);
        assert.equal(r.cell1[0].requests, 10);
        assert.equal(cw.commandCalls(ListMetricsCommand).length, 4);
    });

    it("throttling that does not stop gives up after 5 tries (the evaluation is then inconclusive); other errors are not retried", async () => {
        const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 429 } });
        lattice.on(ListTargetsCommand).rejects(throttled);
        const sleeps: number[] = [];
        await assert.rejects(latticeHealth.targets(scope({ ingress: false, cells: ["cell1"] }, sleeps)), { name: "ThrottlingException" });
        assert.deepEqual(sleeps, [500, 1000, 2000, 4000]);
        lattice.reset();
        lattice.on(ListTargetsCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
        const none: number[] = [];
        await assert.rejects(latticeHealth.targets(scope({ ingress: false, cells: ["cell1"] }, none)), { name: "AccessDeniedException" });
        assert.deepEqual(none, []);
    });

    it("targets: Lattice ListTargets (all pages) and the ALB's DescribeTargetHealth, by ARN", async () => {
        lattice.on(ListTargetsCommand, { targetGroupIdentifier: LATTICE_TG("cell1") })
            .resolvesOnce({ items: [{ id: "10.1.0.5", port: 5001, status: "HEALTHY" }], nextToken: "p2" })
            .resolves({ items: [{ id: "10.1.0.6", port: 5001, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" }] });
        elb.on(DescribeTargetHealthCommand, { TargetGroupArn: ALB_TG("cell1") }).resolves({ TargetHealthDescriptions: [{ Target: { Id: "10.1.0.5", Port: 5001 }, TargetHealth: { State: "healthy" } }] });
        const r = await latticeHealth.targets(scope({ cells: ["cell1"] }));
        assert.deepEqual(r.cell1, [
            { source: "VPC Lattice target group tg-0123456789abcdef0", targets: [{ id: "10.1.0.5:5001", state: "HEALTHY" }, { id: "10.1.0.6:5001", state: "UNHEALTHY", reason: "HealthCheckFailed" }] },
            { source: "ALB target group targetgroup/servicea-ingress-cell1-9f8e7d/73e2d6bc24d8a067", targets: [{ id: "10.1.0.5:5001", state: "healthy" }] },
        ]);
        assert.equal(lattice.commandCalls(ListTargetsCommand)[1].args[0].input.nextToken, "p2");
    });

    it("EKS: the controller's target groups are found by name and tags (k8s-<namespace>-<service>-<10 letters>, ServiceName, ServiceNamespace, SourceTypeKey HTTPRoute)", async () => {
        const arn = (n: string) => `arn:aws:vpc-lattice:us-east-1:111111111111:targetgroup/${n}`;
        lattice.on(ListTargetGroupsCommand).resolves({ items: [
            { name: "k8s-apps-serviceb-cell1-abcdefghij", arn: arn("tg-a") },
            { name: "k8s-apps-serviceb-cell1-klmnopqrst", arn: arn("tg-b") },
            { name: "k8s-apps-serviceb-cell10-abcdefghij", arn: arn("tg-c") },
        ] });
        const tags = (source: string) => ({ tags: { "application-networking.k8s.aws/ServiceName": "serviceb-cell1", "application-networking.k8s.aws/ServiceNamespace": "apps", "application-networking.k8s.aws/SourceTypeKey": source } });
        lattice.on(ListTagsForResourceCommand, { resourceArn: arn("tg-a") }).resolves(tags("ServiceExport"));
        lattice.on(ListTagsForResourceCommand, { resourceArn: arn("tg-b") }).resolves(tags("HTTPRoute"));
        lattice.on(ListTargetsCommand).resolves({ items: [{ id: "10.2.0.9", port: 5001, status: "HEALTHY" }] });
        const r = await latticeHealth.targets(scope({ service: "serviceb", cells: ["cell1"], ingress: false, namespace: "apps", outputs: { cellTargets: { serviceb: { cell1: {} } } } }));
        assert.deepEqual(r.cell1.map((t) => t.source), ["VPC Lattice target group tg-b"]);
        assert.deepEqual(lattice.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.resourceArn), [arn("tg-a"), arn("tg-b")]);
    });

    it("ECS: running against desired, a FAILED rollout, a missing service (DescribeServices in the stack's cluster)", async () => {
        ecs.on(DescribeServicesCommand).resolves({
            services: [
                { serviceName: "acct1-servicea-cell1", desiredCount: 2, runningCount: 2, deployments: [{ id: "d1", status: "PRIMARY", rolloutState: "COMPLETED" }] },
                { serviceName: "acct1-servicea-cell2", desiredCount: 2, runningCount: 0, deployments: [{ id: "d2", status: "PRIMARY", rolloutState: "FAILED", rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start." }, { id: "d1", status: "ACTIVE", rolloutState: "COMPLETED" }] },
            ],
            failures: [{ arn: "arn:aws:ecs:us-east-1:111111111111:service/cellmesh-acct1/acct1-servicea-cell3", reason: "MISSING" }],
        });
        const r = await ecsHealth.workloads(scope({ cells: ["cell1", "cell2", "cell3"] }));
        assert.deepEqual(r, {
            cell1: { source: "ECS service acct1-servicea-cell1", desired: 2, running: 2, settled: true },
            cell2: { source: "ECS service acct1-servicea-cell2", desired: 2, running: 0, failed: "deployment d2 rolloutState FAILED: ECS deployment circuit breaker: tasks failed to start.", settled: false },
            cell3: { source: "ECS service acct1-servicea-cell3", desired: 0, running: 0, failed: "not found in cluster cellmesh-acct1 (MISSING)", settled: false },
        });
        assert.deepEqual(ecs.commandCalls(DescribeServicesCommand)[0].args[0].input, { cluster: "cellmesh-acct1", services: ["acct1-servicea-cell1", "acct1-servicea-cell2", "acct1-servicea-cell3"] });
    });

    it("EKS: a Deployment's status as kubectl rollout status reads it (ProgressDeadlineExceeded fails; settled once updated and available)", async () => {
        const dep = (status: object, generation = 3) => ({ metadata: { generation }, spec: { replicas: 2 }, status: { observedGeneration: 3, ...status } });
        assert.deepEqual(deploymentReading("Deployment apps/serviceb-cell2", dep({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 })), { source: "Deployment apps/serviceb-cell2", desired: 2, running: 2, settled: true });
        assert.deepEqual(deploymentReading("d", dep({ replicas: 3, updatedReplicas: 1, availableReplicas: 2 })), { source: "d", desired: 2, running: 2, settled: false });
        assert.deepEqual(deploymentReading("d", dep({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 }, 4)).settled, false);
        assert.deepEqual(deploymentReading("d", dep({ replicas: 2, updatedReplicas: 1, availableReplicas: 1, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "ReplicaSet \"serviceb-cell2-7d9\" has timed out progressing." }] })),
            { source: "d", desired: 2, running: 1, failed: "ProgressDeadlineExceeded: ReplicaSet \"serviceb-cell2-7d9\" has timed out progressing.", settled: false });
        const paths: string[] = [];
        const reader = eksHealthWith(async () => async (p) => { paths.push(p); return p.endsWith("cell1") ? dep({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 }) : undefined; });
        const r = await reader.workloads(scope({ service: "serviceb", namespace: "apps" }));
        assert.deepEqual(paths, ["/apis/apps/v1/namespaces/apps/deployments/serviceb-cell1", "/apis/apps/v1/namespaces/apps/deployments/serviceb-cell2"]);
        assert.equal(r.cell2.failed, "not found");
    });

    it("EKS token: k8s-aws-v1. + base64url of an STS GetCallerIdentity URL presigned for 60 s with x-k8s-aws-id signed", async () => {
        const token = await eksToken("cellmesh-acct1-lattice-eks", "us-east-1", creds, new Date("2026-11-20T10:00:00Z"));
        assert.ok(token.startsWith("k8s-aws-v1."));
        assert.ok(!token.includes("="), "no padding");
        const url = new URL(Buffer.from(token.slice("k8s-aws-v1.".length), "base64url").toString());
        assert.equal(url.host, "sts.us-east-1.amazonaws.com");
        assert.deepEqual([url.searchParams.get("Action"), url.searchParams.get("Version"), url.searchParams.get("X-Amz-Expires"), url.searchParams.get("X-Amz-Date")], ["GetCallerIdentity", "2011-06-15", "60", "20261120T100000Z"]);
        assert.equal(url.searchParams.get("X-Amz-SignedHeaders"), "host;x-k8s-aws-id");
        assert.equal(url.searchParams.get("X-Amz-Credential"), "AKIDEXAMPLE/20261120/us-east-1/sts/aws4_request");
        assert.match(url.searchParams.get("X-Amz-Signature") ?? "", /^[0-9a-f]{64}$/);
    });

    it("App Mesh: no per-cell metrics for a service that is not the entry, and says so", async () => {
        assert.deepEqual(await appMeshHealth.traffic(scope({ ingress: false }), WINDOW), {});
        assert.deepEqual(appMeshHealth.blind({ service: "serviceb", ingress: false, compute: "ecs" }), [
            "App Mesh publishes no per-cell request, error or latency metrics without extra agents (Envoy stats via the CloudWatch agent or X-Ray): this service is gated on its tasks or pods only",
            "cells register in Cloud Map without health checks: there is no target health to read",
        ]);
        assert.equal(cw.commandCalls(GetMetricDataCommand).length, 0);
    });
});
