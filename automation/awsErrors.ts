// How the driver reads an AWS SDK error: one line for a message, and whether it is a refusal or an
// endpoint that does not answer.

/** `Name: message`, first line only. */
export function describe(err: unknown): string {
    const e = err as { name?: string; message?: string; code?: string };
    return `${e.name ?? "Error"}: ${e.message ?? String(err)}`.split("\n")[0];
}

/** The caller's credentials were refused the call. */
export function isAccessDenied(err: unknown): boolean {
    return /AccessDenied/.test((err as { name?: string }).name ?? "") || /not authorized|AccessDenied/i.test((err as Error).message ?? "");
}

/** Network-level failures: the endpoint does not resolve or refuses connections. */
export function isUnreachable(err: unknown): boolean {
    const e = err as { code?: string; name?: string; message?: string };
    return ["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET"].includes(e.code ?? "") || /ENOTFOUND|getaddrinfo/.test(e.message ?? "");
}
