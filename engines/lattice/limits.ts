// VPC Lattice limits and naming rules that the components' guards, the config loader and the policy
// pack enforce. Pure. Sources: lattice-facts.md (quotas), the
// VPC Lattice API reference (name patterns) and the `@pulumi/aws` 7.48 docs (health check ranges).

import { WeightRules } from "../../shared/cellWeight";

/** A forward action takes 1 to 10 target groups (one per cell), the default quota per service. */
export const LATTICE_MAX_TARGET_GROUPS = 10;
/** Rules per listener (the default rule not counted): the cell pins. */
export const LATTICE_MAX_RULES = 10;
/** Target group weights are integers 0..999, relative; a forward action needs a total above 0. */
export const LATTICE_MAX_WEIGHT = 999;
/** A forward action's target groups: the rules every Lattice service's cells follow (relative weights, no total). */
export const LATTICE_WEIGHTS: WeightRules = { engine: "VPC Lattice", maxCells: LATTICE_MAX_TARGET_GROUPS, maxWeight: LATTICE_MAX_WEIGHT };
/** Security groups per service-network VPC association (not adjustable). */
export const LATTICE_MAX_ASSOCIATION_SECURITY_GROUPS = 5;
/** `Service.idleTimeoutSeconds` range. */
export const LATTICE_IDLE_TIMEOUT_SECONDS = { min: 60, max: 600 } as const;
/** Target group health check ranges (seconds and counts). */
export const LATTICE_HEALTH_CHECK = { intervalSeconds: [5, 300], timeoutSeconds: [1, 120], threshold: [2, 10] } as const;

/** Lattice object kinds whose names cellmesh derives from config names. */
export type LatticeNameKind = "serviceNetwork" | "service" | "targetGroup" | "listener" | "rule";

/**
 * Length limits and the reserved prefix of each kind's names: the one place cellmesh holds them. VPC
 * Lattice API Reference, the `name` of CreateServiceNetwork, CreateService, CreateTargetGroup,
 * CreateListener and CreateRule: "Length Constraints" and the pattern
 * `(?!<prefix>)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]+` (also AWS::VpcLattice::<Kind> Name in CloudFormation).
 */
const NAME_RULES: Readonly<Record<LatticeNameKind, { readonly min: number; readonly max: number; readonly reserved: string }>> = {
    serviceNetwork: { min: 3, max: 63, reserved: "sn-" },
    service: { min: 3, max: 40, reserved: "svc-" },
    targetGroup: { min: 3, max: 128, reserved: "tg-" },
    listener: { min: 3, max: 63, reserved: "listener-" },
    rule: { min: 3, max: 63, reserved: "rule-" },
};

/** The listener rules that pin requests to cells: `path-<cell>` for a path pin, `pin-<cell>` for every cell's header pin. */
export function pinRuleNames(cells: readonly string[], paths: Readonly<Record<string, string>>): { readonly cell: string; readonly name: string }[] {
    return [
        ...cells.filter((c) => paths[c] !== undefined).map((cell) => ({ cell, name: `path-${cell}` })),
        ...cells.map((cell) => ({ cell, name: `pin-${cell}` })),
    ];
}

/**
 * Why a Lattice name is refused, or undefined when it is valid: lowercase letters, digits and single
 * inner hyphens, within the kind's length, not starting with its reserved prefix.
 */
export function latticeNameProblem(kind: LatticeNameKind, name: string): string | undefined {
    const rule = NAME_RULES[kind];
    if (name.length < rule.min || name.length > rule.max) return `${rule.min} to ${rule.max} characters`;
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(name)) return "lowercase letters, digits and inner hyphens only";
    if (name.includes("--")) return "no two hyphens in a row";
    if (name.startsWith(rule.reserved)) return `must not start with "${rule.reserved}"`;
    return undefined;
}
