// Throttled AWS calls are retried with exponential backoff. The gate's clients are built with
// `maxAttempts: 1` so that this is the only retry layer and its waits go through the gate's clock
// (the SDK's own retry sleeps on the real one). The codes are the SDK's throttling codes
// (smithy-typescript service-error-classification THROTTLING_ERROR_CODES): CloudWatch answers
// `Throttling` (HTTP 400, awsQuery), VPC Lattice `ThrottlingException` (HTTP 429).

import type { Sleep } from "./types";

const THROTTLING = new Set([
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
]);

export function isThrottling(err: unknown): boolean {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return THROTTLING.has(e?.name ?? "") || e?.$metadata?.httpStatusCode === 429;
}

export interface Backoff {
    /** Tries in all. @default 5 */
    readonly attempts?: number;
    /** First wait; doubles each time. @default 500 (the SDK's base delay for throttling) */
    readonly baseMs?: number;
    /** @default 20000 (the SDK's maximum delay) */
    readonly maxMs?: number;
    /** Told before each wait. */
    onRetry?(err: unknown, attempt: number, waitMs: number): void;
}

/**
 * The back-off's sleep for a run that Ctrl-C can stop: the wait ends at the abort and then throws, so
 * no further try is made (the caller sees the signal aborted and cancels).
 */
export function sleepUntilAborted(sleep: (ms: number, signal: AbortSignal) => Promise<void>, signal: AbortSignal): Sleep {
    return async (ms) => {
        await sleep(ms, signal);
        if (signal.aborted) throw new Error("cancelled by Ctrl-C during a throttling back-off");
    };
}

/** Calls `fn`; on a throttling error waits 500 ms, 1 s, 2 s, 4 s (by default) and tries again. */
export async function withBackoff<T>(fn: () => Promise<T>, sleep: Sleep, options: Backoff = {}): Promise<T> {
    const attempts = options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (err) {
            if (!isThrottling(err) || attempt >= attempts) throw err;
            const wait = Math.min((options.baseMs ?? 500) * 2 ** (attempt - 1), options.maxMs ?? 20000);
            options.onRetry?.(err, attempt, wait);
            await sleep(wait);
        }
    }
}

/** Client options for the gate: one attempt per call (withBackoff retries throttling). */
export function gateClientConfig(region: string, credentials: unknown): { region: string; credentials: any; maxAttempts: number } {
    return { region, credentials, maxAttempts: 1 };
}
