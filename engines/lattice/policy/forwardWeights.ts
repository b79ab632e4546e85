// The policy pack's check of VPC Lattice forward weights (policy/rules/validWeights.ts), with the
// engine's rules (LATTICE_WEIGHTS). Pure: the pack matches resources by their inputs.

import { isIntegerIn } from "../../../shared/cellWeight";
import { LATTICE_WEIGHTS } from "../limits";

/**
 * VPC Lattice forward actions (lattice-facts.md): 1 to 10 target groups, integer weights 0..999 (an
 * omitted weight means 100), not all 0. A listener's `defaultAction.forwards` is a list of which the
 * provider reads only the first element, so a second one would be silently dropped.
 */
export function checkLatticeForward(forward: Record<string, any> | undefined, where: string, report: (m: string) => void): void {
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
