// The policy pack's check of App Mesh route weights (policy/rules/validWeights.ts), with the engine's
// rules (APPMESH_WEIGHTS). Pure: the pack matches resources by their inputs.

import { isIntegerIn } from "../../../shared/cellWeight";
import { APPMESH_WEIGHTS } from "../limits";

const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"];

/** App Mesh weighted targets (reference fact 17): 1 to 10 targets, integers 0..100, total 1..100. */
export function checkRouteWeights(spec: Record<string, any> | undefined, report: (m: string) => void): void {
    for (const kind of ROUTE_KINDS) {
        const targets: { virtualNode?: string; weight?: unknown }[] | undefined = spec?.[kind]?.action?.weightedTargets;
        if (targets === undefined) continue;
        const rules = APPMESH_WEIGHTS;
        if (targets.length < 1 || targets.length > rules.maxCells) {
            report(`${kind} has ${targets.length} weighted targets; App Mesh takes 1 to ${rules.maxCells}`);
        }
        for (const t of targets) {
            if (!isIntegerIn(t.weight, 0, rules.maxWeight)) {
                report(`${kind} target ${t.virtualNode} has weight ${t.weight}; weights are integers from 0 to ${rules.maxWeight}`);
            }
        }
        const total = targets.reduce((s, t) => s + (typeof t.weight === "number" ? t.weight : 0), 0);
        if (targets.length > 0 && (total < 1 || total > rules.maxTotal!)) {
            report(`${kind} weights add up to ${total}; the total must be from 1 to ${rules.maxTotal}`);
        }
    }
}
