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
        for (let attempt = 0; ; attempt++) {
            const response = await this.fetchImpl(url, {
                method,
                headers: { Authorization: `token ${this.target.token}`, Accept: "application/vnd.pulumi+8", "Content-Type": "application/json" },
                ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            });
            if (response.status === 429 && attempt < MAX_RETRIES) {
                const after = Number(response.headers.get("retry-after"));
                await this.sleep(Number.isFinite(after) && after >= 0 ? after * 1000 : POLL_MS, this.signal);
                continue;
            }
            const text = await response.text();
            if (response.ok) return JSON.parse(text) as T;
            if (response.status === 401) {
                throw new DriverError(`Pulumi Cloud refused PULUMI_ACCESS_TOKEN (401) for ${method} ${url}; create a token at https://app.pulumi.com/account/tokens`);
            }
            throw new DriverError(`Pulumi Deployments answered ${response.status} to ${method} ${url}: ${text.trim().slice(0, 300)}`);
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
export function deploymentsRunDeps(target: DeploymentsTarget, deps: RemoteDeps): Pick<RunDeps, "runStack" | "ownerDeployed"> {
    const client = new DeploymentsClient(target, deps.sleep, deps.signal, deps.fetch);
    const runStack = async (info: StackInfo, operation: Operation): Promise<StackResult> => {
        const start = deps.now();
        const base = { stack: info.name, role: info.config.role, accountId: info.config.accountId, operation, changes: {} };
        const elapsed = () => Math.round((deps.now() - start) / 100) / 10;
        const end = (r: StackResult) => {
            deps.reporter.stackEnded(r);
            return r;
        };
        deps.reporter.stackStarted(info.name, operation, `${info.config.role}, account ${info.config.accountId}, on Pulumi Deployments`);
        let created: CreatedDeployment | undefined;
        try {
            created = await client.create(info.name, operation);
            deps.reporter.line(`[${info.name}] deployment ${created.version}: ${created.consoleUrl}`);
            for (;;) {
                await deps.sleep(POLL_MS, deps.signal);
                if (deps.signal.aborted) break;
                const state = await client.get(info.name, created.id);
                if (!DONE.includes(state.status)) continue;
                if (state.status === "succeeded") return end({ ...base, result: "succeeded", elapsedSeconds: elapsed() });
                const why = state.status === "skipped"
                    ? "was skipped by Pulumi Deployments (it did not start in time, or a newer deployment replaced it)"
                    : "failed on Pulumi Deployments";
                return end({ ...base, result: "failed", elapsedSeconds: elapsed(), message: `stack ${info.name}: deployment ${created.version} ${why}; its log: ${created.consoleUrl}` });
            }
            return end({
                ...base, result: "cancelled", elapsedSeconds: elapsed(),
                message: `stack ${info.name}: the driver stopped waiting after Ctrl-C; deployment ${created.version} goes on in Pulumi Deployments (cancel it there if need be): ${created.consoleUrl}`,
            });
        } catch (err) {
            const message = err instanceof DriverError ? err.message : `${(err as Error).message ?? String(err)} (${target.apiUrl})`;
            return end({ ...base, result: deps.signal.aborted && !created ? "cancelled" : "failed", elapsedSeconds: elapsed(), message: `stack ${info.name}: ${message}` });
        }
    };
    return { runStack, ownerDeployed: async () => true };
}
