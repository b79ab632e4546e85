import * as pulumi from "@pulumi/pulumi";

/**
 * Runs `fn` with stack capture off. The Pulumi SDK captures `new Error().stack` for every resource
 * and every internal promise (for source positions and leak reports the mock engine never uses).
 * Formatting those traces through ts-node's source-map support was most of a mock run's time and
 * much of its memory. Error messages are unchanged. CELLMESH_STACK_TRACES=1 keeps traces on for debugging.
 */
export async function withoutStackTraces<T>(fn: () => Promise<T>): Promise<T> {
    if (process.env.CELLMESH_STACK_TRACES === "1") return fn();
    const limit = Error.stackTraceLimit;
    const resource = pulumi.Resource as unknown as { callsites(): unknown[] };
    const callsites = resource.callsites;
    Error.stackTraceLimit = 0;
    // Resource.callsites raises the limit to infinity itself, to report source positions.
    resource.callsites = () => [];
    try {
        return await fn();
    } finally {
        Error.stackTraceLimit = limit;
        resource.callsites = callsites;
    }
}
