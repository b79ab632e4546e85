// ECS's part of the release gate: each cell's Fargate service (`<stack>-<service>-<cell>` in the
// cluster `cellmesh-<stack>`, the `clusterName` output) from DescribeServices: running against
// desired tasks, and whether its deployment failed (rolloutState FAILED, set by the deployment
// circuit breaker) or is still rolling (more than one deployment, or the primary not COMPLETED).

import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { gateClientConfig, withBackoff } from "../../shared/health/retry";
import type { ComputeHealthReader, WorkloadReading } from "../../shared/health/types";

/** The ECS service name of a cell (compute/ecs/fargateCells.ts: the task family). */
export function ecsServiceName(stack: string, service: string, cell: string): string {
    return `${stack}-${service}-${cell}`;
}

export const ecsHealth: ComputeHealthReader = {
    async workloads(scope) {
        const client = new ECSClient(gateClientConfig(scope.region, scope.credentials));
        const cluster = typeof scope.outputs.clusterName === "string" ? scope.outputs.clusterName : `cellmesh-${scope.stack}`;
        const names = scope.cells.map((cell) => ecsServiceName(scope.stack, scope.service, cell));
        const out: Record<string, WorkloadReading> = {};
        // DescribeServices takes at most 10 services per call.
        for (let i = 0; i < names.length; i += 10) {
            const batch = names.slice(i, i + 10);
            const r = await withBackoff(() => client.send(new DescribeServicesCommand({ cluster, services: batch })), scope.sleep);
            for (const [j, name] of batch.entries()) {
                const cell = scope.cells[i + j];
                const svc = (r.services ?? []).find((s) => s.serviceName === name);
                const source = `ECS service ${name}`;
                if (!svc) {
                    const failure = (r.failures ?? []).find((f) => f.arn?.endsWith(`/${name}`));
                    out[cell] = { source, desired: 0, running: 0, failed: `not found in cluster ${cluster}${failure?.reason ? ` (${failure.reason})` : ""}`, settled: false };
                    continue;
                }
                const deployments = svc.deployments ?? [];
                const primary = deployments.find((d) => d.status === "PRIMARY");
                const failed = deployments.find((d) => d.rolloutState === "FAILED");
                out[cell] = {
                    source,
                    desired: svc.desiredCount ?? 0,
                    running: svc.runningCount ?? 0,
                    ...(failed ? { failed: `deployment ${failed.id ?? ""} rolloutState FAILED${failed.rolloutStateReason ? `: ${failed.rolloutStateReason}` : ""}` } : {}),
                    settled: deployments.length === 1 && primary?.rolloutState === "COMPLETED",
                };
            }
        }
        return out;
    },
};
