// `shift`: new cell weights for one service of one stack, written to that stack's config
// (`cellmesh:services.<service>.cells.<cell>`, only the cells that change) and applied with an up of
// that stack alone, optionally in steps. A failed step stops the shift and puts the last weights
// that deployed back into the config.

import { parseStackConfig } from "../config/load";
import { ConfigError, RawConfig } from "../config/types";
import { cellWeightKey, withCellWeights } from "./cellConfig";
import { StackInfo } from "./discovery";
import { DriverError } from "./errors";
import { RunDeps, runStack } from "./orchestrate";
import { StackResult } from "./progress";

export type Weights = Readonly<Record<string, number>>;

export interface ShiftStep {
    /** Percentage of the way from the starting weights to the target. */
    readonly percent: number;
    /** Every cell of the service with its weight at this step. */
    readonly weights: Weights;
}

export interface ShiftOutcome {
    readonly stack: string;
    readonly service: string;
    readonly from: Weights;
    readonly target: Weights;
    /** Steps that deployed, in order. */
    readonly applied: readonly ShiftStep[];
    /** The step that failed or was cancelled, if any. */
    readonly failedStep?: ShiftStep;
    /** The weights the stack's config holds at the end. */
    readonly finalWeights: Weights;
    readonly results: readonly StackResult[];
}

/** The service's weights as the stack's config holds them now. */
export function currentWeights(info: StackInfo, service: string): Record<string, number> {
    const found = info.config.services.find((s) => s.name === service);
    if (!found) {
        throw new DriverError(`stack ${info.name} has no service "${service}"; its services: ${info.config.services.map((s) => s.name).join(", ")}`);
    }
    return Object.fromEntries(found.cells.map((c) => [c.name, c.weight]));
}

/** The raw config with the service's weights replaced (each cell in its own shape), for validation by the one validator. */
export function withWeights(raw: RawConfig, service: string, weights: Weights): RawConfig {
    return withCellWeights(raw, service, weights);
}

/**
 * Integer weights `percent`% of the way from `from` to `to`. Rounds down, then hands the remaining
 * units to the cells with the largest remainders, so the total is the rounded interpolated total
 * (never above 100 when both ends are valid).
 */
export function interpolate(from: Weights, to: Weights, percent: number): Record<string, number> {
    const cells = Object.keys(from);
    const exact = cells.map((c) => from[c] + ((to[c] - from[c]) * percent) / 100);
    const floors = exact.map(Math.floor);
    let left = Math.round(exact.reduce((a, b) => a + b, 0)) - floors.reduce((a, b) => a + b, 0);
    const order = cells.map((_, i) => i).sort((a, b) => (exact[b] - floors[b]) - (exact[a] - floors[a]) || a - b);
    for (const i of order) {
        if (left <= 0) break;
        if (exact[i] - floors[i] > 0) {
            floors[i] += 1;
            left -= 1;
        }
    }
    return Object.fromEntries(cells.map((c, i) => [c, floors[i]]));
}

/** Validates the target and every step against the stack's config rules and returns the steps. */
export function planShift(info: StackInfo, service: string, target: ReadonlyMap<string, number>, percents: readonly number[]): { from: Weights; target: Weights; steps: ShiftStep[] } {
    const from = currentWeights(info, service);
    const unknown = [...target.keys()].filter((c) => !(c in from));
    if (unknown.length > 0) {
        throw new DriverError(`service ${service} of stack ${info.name} has no cell ${unknown.join(", ")}; its cells: ${Object.keys(from).join(", ")} (add a cell in Pulumi.${info.name}.yaml and roll out first)`);
    }
    const full: Record<string, number> = { ...from, ...Object.fromEntries(target) };
    const steps = percents.map((percent) => ({ percent, weights: percent === 100 ? full : interpolate(from, full, percent) }));
    for (const step of [...steps].reverse()) {
        try {
            parseStackConfig(withWeights(info.raw, service, step.weights), info.name);
        } catch (err) {
            if (!(err instanceof ConfigError)) throw err;
            const label = step.percent === 100 ? "the new weights" : `step ${step.percent}%`;
            throw new DriverError(`${label} for ${service} in stack ${info.name} are not valid (${show(step.weights)}):\n${err.problems.map((p) => `  - ${p}`).join("\n")}`);
        }
    }
    return { from, target: full, steps };
}

export function show(weights: Weights): string {
    return Object.entries(weights).map(([c, w]) => `${c}=${w}`).join(" ");
}

export interface ShiftDeps extends RunDeps {
    /** Waits `ms`, resolving early when `signal` aborts. */
    sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Runs the planned steps on `info`'s stack. */
export async function runShift(info: StackInfo, service: string, plan: { from: Weights; target: Weights; steps: readonly ShiftStep[] }, pauseSeconds: number, deps: ShiftDeps): Promise<ShiftOutcome> {
    const stack = await deps.openStack(info);
    // The stack is selected once; every step's up reuses it.
    const stepDeps: RunDeps = { ...deps, openStack: async () => stack };
    const write = async (from: Weights, to: Weights) => {
        for (const [cell, weight] of Object.entries(to)) {
            if (from[cell] !== weight) await stack.setConfig(cellWeightKey(info.raw, service, cell), { value: String(weight) }, true);
        }
    };
    let configured: Weights = plan.from;
    let lastGood: Weights = plan.from;
    const applied: ShiftStep[] = [];
    const results: StackResult[] = [];
    const outcome = (failedStep?: ShiftStep): ShiftOutcome => ({
        stack: info.name, service, from: plan.from, target: plan.target, applied, finalWeights: configured, results,
        ...(failedStep ? { failedStep } : {}),
    });
    for (const [i, step] of plan.steps.entries()) {
        if (i > 0 && pauseSeconds > 0) {
            deps.reporter.line(`[${info.name}] waiting ${pauseSeconds}s before the next step (Ctrl-C stops here with ${show(lastGood)})`);
            await deps.sleep(pauseSeconds * 1000, deps.signal);
        }
        if (deps.signal.aborted) return outcome(step);
        deps.reporter.line(`[${info.name}] shift ${service} step ${i + 1}/${plan.steps.length} (${step.percent}%): ${show(step.weights)}`);
        await write(configured, step.weights);
        configured = step.weights;
        const result = await runStack(info, "up", stepDeps);
        results.push(result);
        if (result.result !== "succeeded") {
            // Put back the weights the stack last deployed, so config and stack agree again.
            await write(configured, lastGood);
            configured = lastGood;
            deps.reporter.line(`[${info.name}] shift stopped at step ${i + 1}; config restored to the last deployed weights ${show(lastGood)}`);
            return outcome(step);
        }
        lastGood = step.weights;
        applied.push(step);
    }
    return outcome();
}
