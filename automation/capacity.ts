// The default --max-concurrency: as many stacks as three quarters of the memory available to the
// driver hold, and at most 4 per CPU. How the figures were chosen: docs/many-accounts.md.

import * as os from "node:os";

/**
 * Memory of one consumer stack's `pulumi up`, rounded up: the CLI engine (117 MiB) and two AWS
 * provider processes, the stack's own and its `owner-account` provider, at up to 430 MiB each
 * (pulumi/pulumi-aws#5860, pulumi-aws 7.3.1; one process per provider configuration, pulumi/pulumi#19534).
 * Not measured here: this machine has no Pulumi CLI.
 */
export const STACK_MEMORY_BYTES = 1024 ** 3;
/** The share of the available memory the stacks may use; the rest is the driver's and the system's. */
export const MEMORY_SHARE = 0.75;
/**
 * A stack's CLI and providers wait on AWS most of the time; Pulumi sizes its own resource
 * parallelism the same way, 4 x GOMAXPROCS (pkg/cmd/pulumi/operations/up.go, pulumi/pulumi#14989).
 */
export const STACKS_PER_CPU = 4;

export interface Machine {
    /** Bytes of memory available to this process (cgroup limits included). */
    readonly availableMemory: number;
    readonly cpus: number;
}

/** This machine, as Node sees it: `process.availableMemory()` honours a container's memory limit. */
export function thisMachine(): Machine {
    return { availableMemory: process.availableMemory(), cpus: os.availableParallelism() };
}

/** min(floor(0.75 x available memory / 1 GiB), 4 x CPUs), at least 1. */
export function defaultMaxConcurrency(machine: Machine): number {
    const byMemory = Math.floor((machine.availableMemory * MEMORY_SHARE) / STACK_MEMORY_BYTES);
    return Math.max(1, Math.min(byMemory, STACKS_PER_CPU * machine.cpus));
}
