// VPC Lattice's part of the release gate: each cell's target group in CloudWatch (AWS/VpcLattice,
// dimension TargetGroup: TotalRequestCount, HTTPCode_5XX_Count, RequestTime p99 in ms), its targets
// (ListTargets), and for the entry service the weighted ALB too (shared/health/alb.ts).
// On ECS the target group's ARN is the stack output `cellTargets`; on EKS the AWS Gateway API
// Controller makes the target groups, named `k8s-<namespace>-<service>-<10 random letters>` and tagged
// `application-networking.k8s.aws/ServiceName`, `.../ServiceNamespace`, `.../SourceTypeKey`
// (aws-application-networking-k8s pkg/model/lattice/targetgroup.go), so the gate finds them by those.

import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ListTagsForResourceCommand, ListTargetGroupsCommand, ListTargetsCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { albTargets, albTraffic } from "../../shared/health/alb";
import { findDimensionValue, metricValues } from "../../shared/health/cloudwatch";
import { GATE_METRICS, toMs } from "../../shared/health/metrics";
import { gateClientConfig, withBackoff } from "../../shared/health/retry";
import type { EngineHealthReader, HealthScope, MetricWindow, TargetReading, TrafficReading } from "../../shared/health/types";
import { cellTargetsOf } from "../../shared/health/types";
import { cellServiceName } from "./eks/routeSpec";

const M = GATE_METRICS;
const named = (m: { namespace: string; name: string }) => `${m.namespace} ${m.name}`;
const TAG = "application-networking.k8s.aws/";

/** `tg-0123...` from a Lattice target group ARN (or the id itself). */
export function targetGroupId(arnOrId: string): string {
    return arnOrId.slice(arnOrId.lastIndexOf("/") + 1);
}

/** The target group ARN of each cell: the stack's output on ECS, found by the controller's tags on EKS. */
export async function latticeTargetGroups(scope: HealthScope, client: VPCLatticeClient): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const missing: string[] = [];
    for (const cell of scope.cells) {
        const arn = cellTargetsOf(scope.outputs, scope.service, cell).latticeTargetGroupArn;
        if (arn) out[cell] = arn;
        else missing.push(cell);
    }
    if (missing.length === 0 || scope.namespace === undefined) return out;
    // EKS: the controller's target groups of the cells' Services, made for the HTTPRoute.
    const wanted = new Map(missing.map((cell) => [cellServiceName(scope.service, cell), cell]));
    let token: string | undefined;
    do {
        const page = await withBackoff(() => client.send(new ListTargetGroupsCommand({ ...(token ? { nextToken: token } : {}) })), scope.sleep);
        for (const tg of page.items ?? []) {
            const match = /^k8s-(.+)-([a-z]{10})$/.exec(tg.name ?? "");
            if (!match || !tg.arn) continue;
            const candidate = [...wanted.keys()].find((svc) => match[1] === `${scope.namespace!.slice(0, 55)}-${svc.slice(0, 55)}`);
            if (!candidate) continue;
            const tags = (await withBackoff(() => client.send(new ListTagsForResourceCommand({ resourceArn: tg.arn! })), scope.sleep)).tags ?? {};
            if (tags[`${TAG}ServiceName`] === candidate && tags[`${TAG}ServiceNamespace`] === scope.namespace && tags[`${TAG}SourceTypeKey`] === "HTTPRoute") {
                out[wanted.get(candidate)!] = tg.arn;
            }
        }
        token = page.nextToken;
    } while (token);
    return out;
}

/** Each cell's Lattice traffic over the window. */
async function latticeTraffic(scope: HealthScope, window: MetricWindow, groups: Record<string, string>): Promise<Record<string, TrafficReading>> {
    const cw = new CloudWatchClient(gateClientConfig(scope.region, scope.credentials));
    const out: Record<string, TrafficReading> = {};
    const metrics = { requests: named(M.latticeRequests), errors: named(M.latticeErrors), latency: named(M.latticeLatency) };
    for (const [cell, arn] of Object.entries(groups)) {
        const id = targetGroupId(arn);
        const value = await findDimensionValue(cw, M.latticeRequests.namespace, M.latticeRequests.name, "TargetGroup", [id, arn], scope.sleep);
        const source = `VPC Lattice target group ${id}`;
        if (value === undefined) {
            out[cell] = { source, latencyStatistic: M.latticeLatency.statistic, metrics, note: `CloudWatch has no ${M.latticeRequests.name} series for ${id} yet (Lattice publishes one once the target group has had traffic)` };
            continue;
        }
        const dimensions = { TargetGroup: value };
        const v = await metricValues(cw, [
            { id: "requests", metric: M.latticeRequests, dimensions },
            { id: "errors", metric: M.latticeErrors, dimensions },
            { id: "latency", metric: M.latticeLatency, dimensions },
        ], window, scope.sleep);
        out[cell] = {
            source,
            ...(v.requests !== undefined ? { requests: v.requests } : {}),
            ...(v.errors !== undefined ? { errors: v.errors } : v.requests !== undefined ? { errors: 0 } : {}),
            ...(v.latency !== undefined ? { latencyMs: toMs(M.latticeLatency, v.latency) } : {}),
            latencyStatistic: M.latticeLatency.statistic,
            metrics,
        };
    }
    return out;
}

/** Each cell's Lattice targets (ListTargets, all pages). */
async function latticeTargets(scope: HealthScope, client: VPCLatticeClient, groups: Record<string, string>): Promise<Record<string, TargetReading>> {
    const out: Record<string, TargetReading> = {};
    for (const [cell, arn] of Object.entries(groups)) {
        const targets: TargetReading["targets"][number][] = [];
        let token: string | undefined;
        do {
            const page = await withBackoff(() => client.send(new ListTargetsCommand({ targetGroupIdentifier: arn, ...(token ? { nextToken: token } : {}) })), scope.sleep);
            for (const t of page.items ?? []) targets.push({ id: `${t.id ?? "?"}:${t.port ?? ""}`, state: t.status ?? "unknown", ...(t.reasonCode ? { reason: t.reasonCode } : {}) });
            token = page.nextToken;
        } while (token);
        out[cell] = { source: `VPC Lattice target group ${targetGroupId(arn)}`, targets };
    }
    return out;
}

function merge<T>(...parts: Record<string, T>[]): Record<string, T[]> {
    const out: Record<string, T[]> = {};
    for (const part of parts) for (const [cell, v] of Object.entries(part)) (out[cell] ??= []).push(v);
    return out;
}

export const latticeHealth: EngineHealthReader = {
    blind(scope) {
        return [
            "VPC Lattice's own errors before a request reaches a target (its HTTPCode_VpcLattice_* counts) are per service, not per cell: the gate does not count them",
            ...(scope.ingress ? ["the ALB's own 5XX (HTTPCode_ELB_5XX_Count) have no TargetGroup dimension and are not counted per cell"] : []),
            ...(scope.compute === "eks" ? ["target groups are the AWS Gateway API Controller's, found by its tags; a cell whose target group the controller has not made yet has no Lattice signals"] : []),
        ];
    },
    async traffic(scope, window) {
        const client = new VPCLatticeClient(gateClientConfig(scope.region, scope.credentials));
        const groups = await latticeTargetGroups(scope, client);
        return merge(await latticeTraffic(scope, window, groups), ...(scope.ingress ? [await albTraffic(scope, window)] : []));
    },
    async targets(scope) {
        const client = new VPCLatticeClient(gateClientConfig(scope.region, scope.credentials));
        const groups = await latticeTargetGroups(scope, client);
        return merge(await latticeTargets(scope, client, groups), ...(scope.ingress ? [await albTargets(scope)] : []));
    },
};
