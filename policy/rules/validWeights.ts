import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/types";
import { APPMESH_WEIGHTS } from "../../engines/appmesh/limits";
import { LATTICE_WEIGHTS } from "../../engines/lattice/limits";
import { ALB_WEIGHTS, WeightRules } from "../../shared/cellWeight";

const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"];

function isIntegerIn(value: unknown, min: number, max: number): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** App Mesh weighted targets (reference fact 17): 1 to 10 targets, integers 0..100, total 1..100. */
function checkRoute(spec: Record<string, any> | undefined, report: (m: string) => void): void {
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

/** ALB forward actions (reference fact 18): 1 to 5 target groups, integer weights 0..999, not all 0. */
function checkForwardActions(actions: Record<string, any>[] | undefined, label: string, report: (m: string) => void): void {
    const rules: WeightRules = ALB_WEIGHTS;
    (actions ?? []).forEach((action, i) => {
        const groups: { arn?: string; weight?: unknown }[] | undefined = action.forward?.targetGroups;
        if (groups === undefined) return;
        const where = `${label} ${i + 1}`;
        if (groups.length < 1 || groups.length > rules.maxCells) {
            report(`${where} forwards to ${groups.length} target groups; an ALB forward action takes 1 to ${rules.maxCells}`);
        }
        for (const g of groups) {
            if (g.weight !== undefined && !isIntegerIn(g.weight, 0, rules.maxWeight)) {
                report(`${where} gives target group ${g.arn} weight ${g.weight}; ALB weights are integers from 0 to ${rules.maxWeight}`);
            }
        }
        if (groups.length > 0 && groups.every((g) => g.weight === 0)) {
            report(`${where} gives every target group weight 0; give at least one a positive weight`);
        }
    });
}

/**
 * VPC Lattice forward actions (lattice-facts.md): 1 to 10 target groups, integer weights 0..999 (an
 * omitted weight means 100), not all 0. A listener's `defaultAction.forwards` is a list of which the
 * provider reads only the first element, so a second one would be silently dropped.
 */
function checkLatticeForward(forward: Record<string, any> | undefined, where: string, report: (m: string) => void): void {
    const groups: { targetGroupIdentifier?: string; weight?: unknown }[] | undefined = forward?.targetGroups;
    if (groups === undefined) return;
    const rules = LATTICE_WEIGHTS;
    if (groups.length < 1 || groups.length > rules.maxCells) {
        report(`${where} forwards to ${groups.length} target groups; a VPC Lattice forward action takes 1 to ${rules.maxCells}`);
    }
    for (const g of groups) {
        if (g.weight !== undefined && !isIntegerIn(g.weight, 0, rules.maxWeight)) {
            report(`${where} gives target group ${g.targetGroupIdentifier} weight ${g.weight}; VPC Lattice weights are integers from 0 to ${rules.maxWeight}`);
        }
    }
    if (groups.length > 0 && groups.every((g) => g.weight === 0)) {
        report(`${where} gives every target group weight 0; give at least one a positive weight`);
    }
}

/** Cell weights are valid where they land: App Mesh routes, VPC Lattice listeners and rules, and the entry ALB's forward actions. */
export const validWeights: ResourceValidationPolicy = {
    name: "cellmesh-valid-weights",
    description: "App Mesh route weights are integers 0..100 over 1 to 10 targets with a total of 1..100; VPC Lattice forward weights are integers 0..999 over 1 to 10 target groups in one forward, not all 0; ALB forward weights are integers 0..999 over 1 to 5 target groups, not all 0.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        switch (args.type) {
            case TYPES.route:
                checkRoute(args.props.spec, reportViolation);
                break;
            case TYPES.listener:
            case TYPES.albListener:
                checkForwardActions(args.props.defaultActions, "default action", reportViolation);
                break;
            case TYPES.listenerRule:
            case TYPES.albListenerRule:
                checkForwardActions(args.props.actions, "action", reportViolation);
                break;
            case TYPES.latticeListener: {
                const forwards: Record<string, any>[] = args.props.defaultAction?.forwards ?? [];
                if (forwards.length > 1) {
                    reportViolation(`default action has ${forwards.length} forwards; the provider reads only the first, so put every target group in forwards[0]`);
                }
                checkLatticeForward(forwards[0], "default action", reportViolation);
                break;
            }
            case TYPES.latticeListenerRule:
                checkLatticeForward(args.props.action?.forward, "rule action", reportViolation);
                break;
        }
    },
};
