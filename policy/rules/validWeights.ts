import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/types";
import { checkRouteWeights } from "../../engines/appmesh/policy/routeWeights";
import { checkLatticeForward } from "../../engines/lattice/policy/forwardWeights";
import { ALB_WEIGHTS, WeightRules, isIntegerIn } from "../../shared/cellWeight";

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

/** Cell weights are valid where they land: App Mesh routes, VPC Lattice listeners and rules, and the entry ALB's forward actions. */
export const validWeights: ResourceValidationPolicy = {
    name: "cellmesh-valid-weights",
    description: "App Mesh route weights are integers 0..100 over 1 to 10 targets with a total of 1..100; VPC Lattice forward weights are integers 0..999 over 1 to 10 target groups in one forward, not all 0; ALB forward weights are integers 0..999 over 1 to 5 target groups, not all 0.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        switch (args.type) {
            case TYPES.route:
                checkRouteWeights(args.props.spec, reportViolation);
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
