// A cell and its weight, declared once for every engine, compute and the config loader, and the one
// check of a service's weights against an engine's rules (engines/<engine>/limits.ts). The loader
// runs it with config keys; the policy pack applies the same rules to what a hand-written program
// registers. Pure: no Pulumi imports.

/** One cell of a service and its relative share of the service's traffic. */
export interface CellWeight {
    /** Cell name, a DNS label (`cell1`). */
    readonly name: string;
    /** Relative weight: 50/50 is the same split as 1/1. */
    readonly weight: number;
    /** What this cell runs differently from the other cells of its service (a version per cell). @default none */
    readonly overrides?: CellOverrides;
}

/** A cell's own version of its service's workload: each field set replaces the service's. */
export interface CellOverrides {
    /** The cell's image instead of the service's (or the demo app). */
    readonly image?: string;
    /** Variables merged over the service's `environment` (same name: the cell's value wins). */
    readonly environment?: Readonly<Record<string, string>>;
    /** Tasks or pods of this cell instead of the service's `desiredCount`. */
    readonly desiredCount?: number;
}

/** The fields a cell written as an object may have (`cells: { cell2: { weight: 20, image: ... } }`). */
export const CELL_OBJECT_KEYS = ["weight", "image", "environment", "desiredCount"] as const;

/** What an engine accepts as a service's cells and weights. */
export interface WeightRules {
    /** The engine's name for messages (`App Mesh`, `VPC Lattice`). */
    readonly engine: string;
    /** Cells per service: the weighted targets (App Mesh) or target groups (Lattice) one route forwards to. */
    readonly maxCells: number;
    /** Each weight is an integer from 0 to this. */
    readonly maxWeight: number;
    /** The weights may add up to at most this. @default no limit */
    readonly maxTotal?: number;
}

/** The entry ALB's weighted forward: 1 to 5 target groups (one per cell), weights 0..999 each. */
export const ALB_WEIGHTS: WeightRules = { engine: "an ALB", maxCells: 5, maxWeight: 999 };

/** One thing wrong with a service's cells: about one cell, or (no cell) about all of them. */
export interface WeightProblem {
    readonly cell?: string;
    readonly value: unknown;
    readonly message: string;
}

/** Every rule the cells break, in the order a user fixes them; empty when valid. */
export function weightProblems(rules: WeightRules, cells: readonly CellWeight[]): WeightProblem[] {
    const shown = cells.map((c) => `${c.name}=${c.weight}`).join(" ");
    if (cells.length < 1 || cells.length > rules.maxCells) {
        return [{ value: shown, message: `a service has 1 to ${rules.maxCells} cells on ${rules.engine}, this one has ${cells.length}` }];
    }
    const problems: WeightProblem[] = [];
    const names = cells.map((c) => c.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) problems.push({ cell: twice, value: twice, message: "listed twice; list each cell once" });
    for (const c of cells) {
        if (!Number.isInteger(c.weight) || c.weight < 0 || c.weight > rules.maxWeight) {
            problems.push({ cell: c.name, value: c.weight, message: weightRangeMessage(rules) });
        }
    }
    if (problems.length > 0) return problems;
    const total = cells.reduce((sum, c) => sum + c.weight, 0);
    if (rules.maxTotal !== undefined && total > rules.maxTotal) {
        problems.push({ value: shown, message: `the weights add up to ${total}; ${rules.engine} allows a total of at most ${rules.maxTotal} (weights are relative, e.g. cell1=50 cell2=50)` });
    } else if (total === 0) {
        problems.push({ value: shown, message: "every weight is 0, so the service would get no traffic; give at least one cell a weight above 0" });
    }
    return problems;
}

/** What one weight may be on an engine, and how weights combine. */
export function weightRangeMessage(rules: WeightRules): string {
    return rules.maxTotal === undefined
        ? `a weight must be an integer from 0 to ${rules.maxWeight} (${rules.engine} weights are relative: 50/50 = 1/1)`
        : `a weight must be an integer from 0 to ${rules.maxWeight}, all of a service's weights adding up to at most ${rules.maxTotal}`;
}

/** An integer from `min` to `max`: what a weight read from a resource's inputs must be. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
