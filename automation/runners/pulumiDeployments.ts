// --runner pulumi-deployments: each stack runs as a deployment on Pulumi Deployments (Pulumi's hosted
// runners, or your agent pool, as the stack's deployment settings say), started and polled through
// the Pulumi Cloud REST API, in the same waves and with the same --max-concurrency and
// --failure-tolerance as a local run. The API, as documented:
// - https://www.pulumi.com/docs/reference/cloud-rest-api/deployments/ : Create Deployment
//   `POST /api/stacks/{organization}/{project}/{stack}/deployments` with `operation` (update, preview,
//   refresh, destroy) and `inheritSettings` (default true), answering `{ id, consoleUrl, version }`
//   (schema CreateDeploymentResponse); Get Deployment `GET .../deployments/{deploymentID}`, whose
//   `status` is one of not-started, accepted, running, failed, succeeded, skipped.
// - https://www.pulumi.com/docs/reference/cloud-rest-api/ : `Authorization: token <token>`, 401 when it
//   is missing or invalid, and the headers `Accept: application/vnd.pulumi+8`, `Content-Type: application/json`.
// - https://www.pulumi.com/docs/deployments/operations/deployment-status/ : succeeded, failed (errored,
//   timed out or canceled) and skipped (never ran: 7 days queued, or replaced) are terminal.
// The CLI retries HTTP 429 after Retry-After (pulumi/pulumi sdk/go/common/util/httputil); so does this.
// Its DoWithRetry also makes 5 tries on network errors and 5XX, 1 s apart doubling: the status GET does.

import type { Project, StackInfo } from "../discovery";
import { DriverError } from "../errors";
import type { Env } from "../workspace";
import type { RunDeps } from "../orchestrate";
import type { Operation, Reporter, StackResult } from "../progress";

export const OPERATIONS: Readonly<Record<Operation, string>> = { up: "update", preview: "preview", destroy: "destroy" };
export type DeploymentStatus = "not-started" | "accepted" | "running" | "failed" | "succeeded" | "skipped";
const DONE: readonly DeploymentStatus[] = ["failed", "succeeded", "skipped"];
/** How often a running deployment is asked for its status. */
export const POLL_MS = 5000;
/** 429 answers retried per request. */
export const MAX_RETRIES = 5;
/** Tries of a status GET that meets 5XX answers or network errors, the first after 1 s, then doubling. */
export const GET_TRIES = 5;
export const GET_BACKOFF_MS = 1000;

export interface DeploymentsTarget {
    /** The REST API's base URL, without a trailing slash. */
    readonly apiUrl: string;
    readonly token: string;
    readonly organization: string;
    readonly project: string;
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/**
 * What the runner needs, checked before any stack starts: PULUMI_ACCESS_TOKEN, a Pulumi Cloud backend
 * (its URL is the API's), and the organization, which the consumers' cellmesh:ownerStack names.
 */
export function deploymentsTarget(env: Env, project: Project): DeploymentsTarget {
    const backend = env.PULUMI_BACKEND_URL ?? "";
    // A local stub of the API (the tests) is reached over plain HTTP on the loopback interface only.
    if (!backend.startsWith("https://") && !LOOPBACK.test(backend)) {
        throw new DriverError(
            `--runner pulumi-deployments needs a Pulumi Cloud backend, and PULUMI_BACKEND_URL is ${backend ? `"${backend}"` : "not set (the driver's local file backend)"}.\n` +
            "Pulumi Deployments runs stacks whose state is in Pulumi Cloud: export PULUMI_BACKEND_URL=https://api.pulumi.com (or your self-hosted API), move the stacks there (pulumi stack export / pulumi stack import), and give each stack deployment settings.",
        );
    }
    const token = env.PULUMI_ACCESS_TOKEN;
    if (!token) {
        throw new DriverError("--runner pulumi-deployments needs PULUMI_ACCESS_TOKEN: create a token at https://app.pulumi.com/account/tokens and export PULUMI_ACCESS_TOKEN=<token>.");
    }
    const orgs = [...new Set(project.allStacks.flatMap((s) => (s.config.role === "consumer" ? [s.config.ownerStack.split("/")[0]] : [])))];
    if (orgs.length !== 1 || orgs[0] === "organization") {
        throw new DriverError(
            `--runner pulumi-deployments needs the Pulumi Cloud organization of the stacks, which cellmesh:ownerStack of the consumer stacks names (<organization>/${project.name}/<owner stack>); ` +
            (orgs.length === 0 ? "this project has no consumer stack" : orgs.length > 1 ? `they name ${orgs.join(", ")}` : 'they name "organization", the self-managed backends\' placeholder') +
            `. Set it to your organization in every consumer's stack file, e.g. acme/${project.name}/${project.owner?.name ?? "acct1"}.`,
        );
    }
    return { apiUrl: backend.replace(/^https:\/\/app\.pulumi\.com/, "https://api.pulumi.com").replace(/\/+$/, ""), token, organization: orgs[0], project: project.name };
}

export interface CreatedDeployment { readonly id: string; readonly consoleUrl: string; readonly version: number }
export interface DeploymentState { readonly id: string; readonly status: DeploymentStatus; readonly version?: number }

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Ctrl-C came before a request (`inFlight` false) or while a create was being sent. */
class Interrupted extends Error {
    constructor(readonly inFlight: boolean) {
        super("cancelled by Ctrl-C");
    }
}

/** A status GET that met only 5XX answers or network errors, GET_TRIES times: the last one. */
class Unreachable extends Error {}

/** A deployment the driver stopped watching before its end (cli.ts lists them after Ctrl-C). */
export interface LeftRunning {
    readonly stack: string;
    /** Undefined when Ctrl-C came while the create was sent: it may or may not exist. */
    readonly consoleUrl?: string;
    /** Its status could not be read (GET_TRIES times): it may still be running. */
    readonly statusUnread?: true;
}

/** The two endpoints the runner uses, over fetch. */
export class DeploymentsClient {
    constructor(
        private readonly target: DeploymentsTarget,
        private readonly sleep: Sleep,
        private readonly signal: AbortSignal,
        private readonly fetchImpl: typeof fetch = fetch,
    ) {}

    private stackPath(stack: string): string {
        const t = this.target;
        return `/api/stacks/${encodeURIComponent(t.organization)}/${encodeURIComponent(t.project)}/${encodeURIComponent(stack)}/deployments`;
    }

    private async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
        const url = this.target.apiUrl + path;
        let limited = 0;
        let failedTries = 0;
        for (;;) {
            // Checked before every request: a Ctrl-C during a back-off creates nothing.
            if (this.signal.aborted) throw new Interrupted(false);
            let response: Response;
            try {
                response = await this.fetchImpl(url, {
                    method,
                    headers: { Authorization: `token ${this.target.token}`, Accept: "application/vnd.pulumi+8", "Content-Type": "application/json" },
                    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
                    // A create is abandoned on Ctrl-C; a status read is short and always finishes.
                    ...(method === "POST" ? { signal: this.signal } : {}),
                });
            } catch (err) {
                if (this.signal.aborted && method === "POST") throw new Interrupted(true);
                // A create is not retried: Pulumi may have created the deployment before the error.
                if (method === "GET" && ++failedTries < GET_TRIES) {
                    await this.sleep(GET_BACKOFF_MS * 2 ** (failedTries - 1), this.signal);
                    continue;
                }
                throw new Unreachable(`${(err as Error).message ?? String(err)} (${method} ${url})`);
            }
            if (response.status === 429 && limited++ < MAX_RETRIES) {
                const after = Number(response.headers.get("retry-after"));
                await this.sleep(Number.isFinite(after) && after >= 0 ? after * 1000 : POLL_MS, this.signal);
                continue;
            }
            const text = await response.text();
            if (response.ok) return JSON.parse(text) as T;
            if (response.status === 401) {
                throw new DriverError(`Pulumi Cloud refused PULUMI_ACCESS_TOKEN (401) for ${method} ${url}; create a token at https://app.pulumi.com/account/tokens`);
            }
            const answer = `Pulumi Deployments answered ${response.status} to ${method} ${url}: ${text.trim().slice(0, 300)}`;
            if (method === "GET" && response.status >= 500) {
                if (++failedTries < GET_TRIES) {
                    await this.sleep(GET_BACKOFF_MS * 2 ** (failedTries - 1), this.signal);
                    continue;
                }
                throw new Unreachable(answer);
            }
            throw new DriverError(answer);
        }
    }

    /** Starts `operation` on `stack` with the stack's own deployment settings. */
    create(stack: string, operation: Operation): Promise<CreatedDeployment> {
        return this.request("POST", this.stackPath(stack), { operation: OPERATIONS[operation], inheritSettings: true });
    }

    get(stack: string, id: string): Promise<DeploymentState> {
        return this.request("GET", `${this.stackPath(stack)}/${encodeURIComponent(id)}`);
    }
}

export interface RemoteDeps {
    readonly reporter: Reporter;
    readonly signal: AbortSignal;
    readonly sleep: Sleep;
    now(): number;
    readonly fetch?: typeof fetch;
}

/**
 * RunDeps for the runner: `runStack` creates the stack's deployment and polls it to the end;
 * `ownerDeployed` is left to the deployments (a consumer's fails when the owner has no outputs).
 */
export function deploymentsRunDeps(target: DeploymentsTarget, deps: RemoteDeps): Pick<RunDeps, "runStack" | "ownerDeployed"> & { leftRunning(): readonly LeftRunning[] } {
    const client = new DeploymentsClient(target, deps.sleep, deps.signal, deps.fetch);
    const left: LeftRunning[] = [];
    const runStack = async (info: StackInfo, operation: Operation): Promise<StackResult> => {
        const start = deps.now();
        const base = { stack: info.name, role: info.config.role, accountId: info.config.accountId, operation, changes: {} };
        const elapsed = () => Math.round((deps.now() - start) / 100) / 10;
        const end = (r: StackResult) => {
            deps.reporter.stackEnded(r);
            return r;
        };
        const goesOn = (c: CreatedDeployment) => {
            left.push({ stack: info.name, consoleUrl: c.consoleUrl });
            return end({
                ...base, result: "cancelled", elapsedSeconds: elapsed(),
                message: `stack ${info.name}: the driver stopped waiting after Ctrl-C; deployment ${c.version} goes on in Pulumi Deployments (cancel it there if need be): ${c.consoleUrl}`,
            });
        };
        deps.reporter.stackStarted(info.name, operation, `${info.config.role}, account ${info.config.accountId}, on Pulumi Deployments`);
        let created: CreatedDeployment | undefined;
        try {
            created = await client.create(info.name, operation);
            deps.reporter.line(`[${info.name}] deployment ${created.version}: ${created.consoleUrl}`);
            for (;;) {
                await deps.sleep(POLL_MS, deps.signal);
                if (deps.signal.aborted) return goesOn(created);
                const state = await client.get(info.name, created.id);
                if (!DONE.includes(state.status)) continue;
                if (state.status === "succeeded") return end({ ...base, result: "succeeded", elapsedSeconds: elapsed() });
                const why = state.status === "skipped"
                    ? "was skipped by Pulumi Deployments (it did not start in time, or a newer deployment replaced it)"
                    : "failed on Pulumi Deployments";
                return end({ ...base, result: "failed", elapsedSeconds: elapsed(), message: `stack ${info.name}: deployment ${created.version} ${why}; its log: ${created.consoleUrl}` });
            }
        } catch (err) {
            if (err instanceof Interrupted) {
                if (created) return goesOn(created);
                if (err.inFlight) left.push({ stack: info.name });
                const message = err.inFlight
                    ? `stack ${info.name}: Ctrl-C came while its deployment was being created; it may have started: look at the stack's deployments in Pulumi Cloud`
                    : `stack ${info.name}: cancelled by Ctrl-C before its deployment was created; nothing started on Pulumi Deployments`;
                return end({ ...base, result: "cancelled", elapsedSeconds: elapsed(), message });
            }
            // The deployment goes on whether or not its status can be read: say so, and count it as failed.
            if (err instanceof Unreachable && created) {
                left.push({ stack: info.name, consoleUrl: created.consoleUrl, statusUnread: true });
                return end({
                    ...base, result: "failed", elapsedSeconds: elapsed(),
                    message: `deployment ${created.version} of stack ${info.name} may still be running: ${created.consoleUrl} (its status could not be read ${GET_TRIES} times: ${err.message})`,
                });
            }
            const message = err instanceof DriverError || err instanceof Unreachable ? err.message : `${(err as Error).message ?? String(err)} (${target.apiUrl})`;
            return end({ ...base, result: "failed", elapsedSeconds: elapsed(), message: `stack ${info.name}: ${message}` });
        }
    };
    return { runStack, ownerDeployed: async () => true, leftRunning: () => left };
}

/** The Ctrl-C summary of a remote run: the deployments left running, and no `pulumi cancel` advice. */
export function remoteCancelSummary(command: string, counts: string, left: readonly LeftRunning[]): string {
    const head = `${command} cancelled by Ctrl-C (${counts}); no new deployment was started`;
    if (left.length === 0) return `${head}, and none is left running.`;
    const known = left.filter((l) => l.consoleUrl !== undefined && !l.statusUnread);
    const unread = left.filter((l) => l.statusUnread);
    const unsure = left.filter((l) => l.consoleUrl === undefined);
    return head + ". " + [
        ...(known.length > 0 ? [`These deployments go on in Pulumi Deployments (cancel them there if need be): ${known.map((l) => `${l.stack} ${l.consoleUrl}`).join(", ")}.`] : []),
        ...(unread.length > 0 ? [`These deployments may still be running (their status could not be read): ${unread.map((l) => `${l.stack} ${l.consoleUrl}`).join(", ")}.`] : []),
        ...(unsure.length > 0 ? [`Ctrl-C came while the deployment of ${unsure.map((l) => l.stack).join(", ")} was being created: it may have started; look at the stack's deployments in Pulumi Cloud.`] : []),
    ].join(" ");
}
