// Waves: the order and the pace of a run over many stacks. The owner runs alone first, then the
// consumers wave by wave (`cellmesh:wave`, default 1), at most `maxConcurrency` at a time; destroy
// runs the waves in reverse and the owner last. After `failureTolerance + 1` failed stacks no new
// stack starts and the running ones finish (CloudFormation StackSets' MaxConcurrentCount and
// FailureToleranceCount, counted over the whole run). Pure: no I/O, no clock; the caller runs the
// stacks, so the tests drive it with fake stacks. Why and how: docs/many-accounts.md.

import type { Project, StackInfo } from "./discovery";
import type { Operation, StackOutcome } from "./progress";

export interface Wave<T> {
    /** "owner", "wave 1", ...: in messages and in the emitted workflow. */
    readonly name: string;
    /** The wave number (0 for the owner). */
    readonly number: number;
    readonly items: readonly T[];
    /** A failure here stops the run whatever the tolerance: consumers read the owner's outputs. */
    readonly critical?: boolean;
    /**
     * Runs only if nothing failed before it; the function says why not. Destroy's owner: its
     * service network outlives consumers that failed to destroy.
     */
    readonly unlessFailures?: (failed: readonly string[]) => string;
}

export interface WaveLimits {
    /** At most this many items run at once (an integer >= 1, or Infinity). */
    readonly maxConcurrency: number;
    /** After this many failed items plus one, no new item starts (an integer >= 0). */
    readonly failureTolerance: number;
}

export interface WaveHooks<T, R> {
    /** Runs one item; the result says what happened (a rejection becomes `fail`'s result). */
    run(item: T): Promise<R>;
    outcome(result: R): StackOutcome;
    /** The result of an item that is not started, with the reason. */
    skip(item: T, reason: string): R;
    /** The failed result of an item whose `run` threw, with the error's message. */
    fail(item: T, message: string): R;
    name(item: T): string;
    /**
     * Asked before a wave starts. Results returned here stand for the wave's items (they do not run)
     * and `stop` ends the run with that reason.
     */
    beforeWave?(wave: Wave<T>, done: readonly R[]): Promise<{ readonly results: readonly R[]; readonly stop: string } | undefined>;
    /** Aborted on Ctrl-C: nothing new starts. */
    readonly signal?: AbortSignal;
}

export interface WaveRun<R> {
    /** Every item's result, in plan order (wave by wave, then as listed). */
    readonly results: R[];
    /** The most items that ran at the same time. */
    readonly maxRunning: number;
    /** Why the run stopped early; undefined when every wave was reached. */
    readonly stopped?: string;
    /** Items left unstarted because the run stopped. */
    readonly notStarted: number;
    /** Names of the failed items, in the order they failed. */
    readonly failed: readonly string[];
}

export const CANCELLED_BEFORE_START = "cancelled by Ctrl-C before it started";

/** Why no new item starts after `failed` (in failure order) with this tolerance. */
export function toleranceExceeded(failed: readonly string[], failureTolerance: number): string {
    if (failed.length === 1) return `not started because stack ${failed[0]} failed`;
    return `not started because ${failed.length} stacks failed (${failed.join(", ")}), more than --failure-tolerance ${failureTolerance}`;
}

/**
 * Runs the waves in order; within a wave at most `maxConcurrency` items at a time, started in the
 * order listed. Resolves when every started item has finished.
 */
export async function runWaves<T, R>(waves: readonly Wave<T>[], limits: WaveLimits, hooks: WaveHooks<T, R>): Promise<WaveRun<R>> {
    const results: R[] = [];
    const failed: string[] = [];
    let stopped: string | undefined;
    let notStarted = 0;
    let running = 0;
    let maxRunning = 0;

    const noteOutcome = (wave: Wave<T>, item: T, result: R) => {
        const outcome = hooks.outcome(result);
        if (outcome === "cancelled" && stopped === undefined) stopped = CANCELLED_BEFORE_START;
        if (outcome !== "failed") return;
        failed.push(hooks.name(item));
        if (stopped !== undefined) return;
        if (wave.critical) stopped = `not started because stack ${hooks.name(item)} failed`;
        else if (failed.length > limits.failureTolerance) stopped = toleranceExceeded(failed, limits.failureTolerance);
    };
    const skipRest = (items: readonly T[], offset: number, reason: string) => {
        for (let i = 0; i < items.length; i++) {
            results[offset + i] = hooks.skip(items[i], reason);
            notStarted += 1;
        }
    };

    let offset = 0;
    for (const wave of waves) {
        const base = offset;
        offset += wave.items.length;
        if (stopped === undefined && hooks.signal?.aborted) stopped = CANCELLED_BEFORE_START;
        if (stopped === undefined && wave.unlessFailures && failed.length > 0) stopped = wave.unlessFailures(failed);
        if (stopped !== undefined) {
            skipRest(wave.items, base, stopped);
            continue;
        }
        const gate = await hooks.beforeWave?.(wave, results.filter((r) => r !== undefined));
        if (gate) {
            gate.results.forEach((r, i) => (results[base + i] = r));
            stopped = gate.stop;
            continue;
        }

        let next = 0;
        const inFlight = new Set<Promise<void>>();
        const canStart = () => next < wave.items.length && inFlight.size < limits.maxConcurrency && stopped === undefined && !hooks.signal?.aborted;
        while (next < wave.items.length || inFlight.size > 0) {
            while (canStart()) {
                const index = next++;
                const item = wave.items[index];
                running += 1;
                maxRunning = Math.max(maxRunning, running);
                // A run that throws is that item's failure, counted like any other: the others go on.
                const settled = Promise.resolve().then(() => hooks.run(item))
                    .catch((err: unknown) => hooks.fail(item, err instanceof Error ? err.message : String(err)));
                const task: Promise<void> = settled.then((result) => {
                    running -= 1;
                    results[base + index] = result;
                    noteOutcome(wave, item, result);
                    inFlight.delete(task);
                });
                inFlight.add(task);
            }
            if (inFlight.size === 0) break;
            await Promise.race(inFlight);
        }
        if (stopped === undefined && hooks.signal?.aborted) stopped = CANCELLED_BEFORE_START;
        if (next < wave.items.length) skipRest(wave.items.slice(next), base + next, stopped ?? CANCELLED_BEFORE_START);
    }
    return { results, maxRunning, stopped, notStarted, failed };
}

/**
 * The waves of an operation over the project's selected stacks: for up and preview the owner alone,
 * then each consumer wave in increasing order; for destroy the consumer waves in decreasing order,
 * then the owner (only if every consumer was destroyed). Stacks of a wave keep discovery's order.
 */
export function planWaves(project: Project, operation: Operation): Wave<StackInfo>[] {
    const numbers = [...new Set(project.consumers.map((c) => c.config.wave))].sort((a, b) => a - b);
    const consumerWaves: Wave<StackInfo>[] = numbers.map((n) => ({ name: `wave ${n}`, number: n, items: project.consumers.filter((c) => c.config.wave === n) }));
    if (operation === "destroy") {
        const owner: Wave<StackInfo>[] = project.owner ? [{
            name: "owner", number: 0, items: [project.owner],
            unlessFailures: (failed) => `not started because ${failed.length === 1 ? "stack" : "stacks"} ${failed.join(", ")} failed to destroy and may still use the owner's shared network`,
        }] : [];
        return [...consumerWaves.reverse(), ...owner];
    }
    const owner: Wave<StackInfo>[] = project.owner ? [{ name: "owner", number: 0, items: [project.owner], critical: true }] : [];
    return [...owner, ...consumerWaves];
}

/** How a run ended, for the headline of its failure message. */
export interface RunEnd {
    /** Why it stopped early; undefined when every wave was reached. */
    readonly stopped?: string;
    readonly notStarted: number;
    readonly failureTolerance: number;
}

/**
 * The first line of the message of a run with failed stacks (`failed`: their names; `counts`: the
 * results counted by kind, automation/summary.ts).
 */
export function failureHeadline(command: string, failed: readonly string[], end: RunEnd, counts: string): string {
    const stacks = failed.map((s) => `stack ${s}`).join(", ");
    if (end.stopped === undefined) {
        return `${command} finished, but ${stacks} failed (within --failure-tolerance ${end.failureTolerance}: every other stack ran; ${counts}).`;
    }
    const over = end.failureTolerance > 0 && failed.length > end.failureTolerance ? `, more than --failure-tolerance ${end.failureTolerance}` : "";
    const rest = end.notStarted > 0 ? ` ${end.notStarted} stack(s) not started.` : "";
    return `${command} stopped: ${stacks} failed${over} (${counts}).${rest}`;
}
