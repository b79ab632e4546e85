// App Mesh's part of the release gate. App Mesh publishes no per-cell request metrics: Envoy's stats
// reach CloudWatch only through extra agents (the CloudWatch agent or X-Ray), which cellmesh does not
// deploy, and its cells register in Cloud Map without target groups. So a service that is not behind
// the weighted ALB is gated on its tasks or pods only; the entry service on ECS also on its ALB target
// groups. (AWS ended App Mesh on 2026-09-30: this reader is kept for the baseline, not deployable.)

import { albTargets, albTraffic } from "../../shared/health/alb";
import type { EngineHealthReader, TargetReading, TrafficReading } from "../../shared/health/types";

const wrap = <T>(r: Record<string, T>): Record<string, T[]> => Object.fromEntries(Object.entries(r).map(([cell, v]) => [cell, [v]]));

export const appMeshHealth: EngineHealthReader = {
    blind(scope) {
        const alb = scope.ingress && scope.compute === "ecs";
        return [
            ...(alb ? [] : ["App Mesh publishes no per-cell request, error or latency metrics without extra agents (Envoy stats via the CloudWatch agent or X-Ray): this service is gated on its tasks or pods only"]),
            "cells register in Cloud Map without health checks: there is no target health to read" + (alb ? " beyond the ALB's target groups" : ""),
        ];
    },
    async traffic(scope, window) {
        const alb: Record<string, TrafficReading> = scope.ingress ? await albTraffic(scope, window) : {};
        return wrap(alb);
    },
    async targets(scope) {
        const alb: Record<string, TargetReading> = scope.ingress ? await albTargets(scope) : {};
        return wrap(alb);
    },
};
