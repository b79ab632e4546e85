// `npm run rollout -- --emit github-actions`: the same plan as a rollout, as GitHub Actions workflows
// for when one machine is not enough. The owner job first; each consumer wave a matrix job (one leg
// per stack, `max-parallel` = --max-concurrency) that `needs` the one before; every leg runs
// `npm ci` and the driver on its one stack, against the same shared state backend. How
// --failure-tolerance maps onto GitHub's semantics, and what differs: docs/many-accounts.md.
// GitHub facts relied on (docs.github.com, workflow syntax): "A matrix will generate a maximum of 256
// jobs per workflow run"; fail-fast "will cancel all in-progress and queued jobs in the matrix if
// any job in the matrix fails"; a job is skipped when a job it needs, even transitively, failed
// unless its `if` says otherwise (actions/runner#2205); a workflow_dispatch sent with GITHUB_TOKEN
// does start a run ("Triggering a workflow from a workflow").

import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { Project, StackInfo } from "../discovery";
import { DriverError } from "../errors";
import { planWaves } from "../waves";
import { checkInsideRepository, checkNoCredentials, checkNoExpression, commentSafe, DIR_VARIABLE } from "./workflowInputs";

/** Jobs per workflow run, matrix legs included; the emitted workflows stay within it. */
export const MAX_JOBS_PER_WORKFLOW = 256;
/** The secrets the jobs read (never their values). */
export const SECRETS = {
    passphrase: "PULUMI_CONFIG_PASSPHRASE",
    pulumiToken: "PULUMI_ACCESS_TOKEN",
    ciRole: "CELLMESH_CI_ROLE_ARN",
    awsConfig: "CELLMESH_AWS_CONFIG",
} as const;
// The first majors that run on the node24 runtime (`runs.using` in each action.yml): runners dropped
// Node 20 on 2026-09-16, and the @v4 majors (download-artifact up to @v6) still declare node20.
const ACTIONS = {
    checkout: "actions/checkout@v6",
    setupNode: "actions/setup-node@v6",
    awsCredentials: "aws-actions/configure-aws-credentials@v6",
    upload: "actions/upload-artifact@v6",
    download: "actions/download-artifact@v7",
} as const;

export interface EmitSettings {
    readonly project: Project;
    /** The folder the workflow's checkout puts at the workspace root (where npm runs the driver). */
    readonly repoRoot: string;
    readonly backendUrl: string;
    readonly maxConcurrency: number;
    readonly failureTolerance: number;
    readonly skipPreflight: boolean;
}

export interface EmittedWorkflow {
    /** File name inside the output folder. */
    readonly file: string;
    readonly workflow: Record<string, unknown>;
    /** Consumer stacks of this part, in plan order (the owner not included). */
    readonly consumers: readonly string[];
    /** Jobs the run creates, matrix legs counted one by one. */
    readonly jobs: number;
}

/** The workflows need a backend every runner reaches: refuse the machine-local file backend. */
export function checkSharedBackend(backendUrl: string): void {
    if (backendUrl.startsWith("file://")) {
        throw new DriverError(
            `--emit github-actions: the stacks' state is in ${backendUrl}, on this machine only; every job of the workflow runs on a fresh runner and needs a shared backend.\n` +
            "Set PULUMI_BACKEND_URL to an S3 bucket (s3://<bucket>/<prefix>) or to Pulumi Cloud (https://api.pulumi.com), move the stacks there (pulumi stack export / pulumi stack import), and emit again.",
        );
    }
}

interface Chunk { readonly wave: number; readonly stacks: readonly StackInfo[] }
interface Part { readonly owner?: StackInfo; readonly chunks: Chunk[] }

/**
 * Splits the plan into workflows of at most MAX_JOBS_PER_WORKFLOW jobs: part 1 holds the owner job;
 * each part keeps one job free to start the next, and one per wave for the tolerance gate (K > 0).
 * A wave too big for what is left continues in the next part.
 */
export function splitIntoParts(project: Project, failureTolerance: number): Part[] {
    const gate = failureTolerance > 0 ? 1 : 0;
    const parts: Part[] = [{ ...(project.owner ? { owner: project.owner } : {}), chunks: [] }];
    let used = project.owner ? 1 : 0;
    for (const wave of planWaves(project, "up").filter((w) => w.number > 0)) {
        let rest = [...wave.items];
        while (rest.length > 0) {
            const free = MAX_JOBS_PER_WORKFLOW - used - 1 - gate;
            if (free <= 0) {
                parts.push({ chunks: [] });
                used = 0;
                continue;
            }
            parts[parts.length - 1].chunks.push({ wave: wave.number, stacks: rest.slice(0, free) });
            used += Math.min(free, rest.length) + gate;
            rest = rest.slice(free);
        }
    }
    return parts;
}

const expr = (e: string) => `\${{ ${e} }}`;

/** The steps of a job that runs the driver on one stack (`stack`: a name or an expression). */
function stackSteps(s: EmitSettings, stack: string): Record<string, unknown>[] {
    const dir = path.relative(s.repoRoot, s.project.dir);
    const region = (s.project.owner ?? s.project.consumers[0])?.config.region ?? "us-east-1";
    // The dir comes from the workflow's env: (see planGithubActions), never spliced into the script.
    const args = [...(dir ? ["--dir", `"$${DIR_VARIABLE}"`] : []), "--stacks", '"$STACK"', ...(s.skipPreflight ? ["--skip-preflight"] : [])];
    return [
        { uses: ACTIONS.checkout },
        { uses: ACTIONS.setupNode, with: { "node-version": "24", cache: "npm" } },
        { run: "npm ci" },
        {
            name: "AWS credentials (OIDC)", uses: ACTIONS.awsCredentials,
            with: { "role-to-assume": expr(`secrets.${SECRETS.ciRole}`), "aws-region": region },
        },
        {
            // The stack files name AWS profiles (aws:profile, cellmesh:ownerAccess): the config file defining them.
            name: "AWS profiles of the stack files",
            env: { AWS_PROFILES: expr(`secrets.${SECRETS.awsConfig}`) },
            run: 'printf \'%s\\n\' "$AWS_PROFILES" > "$RUNNER_TEMP/aws-config"\necho "AWS_CONFIG_FILE=$RUNNER_TEMP/aws-config" >> "$GITHUB_ENV"\n',
        },
        {
            id: "run", name: `npm run rollout on ${stack}`,
            env: {
                STACK: stack,
                PULUMI_BACKEND_URL: s.backendUrl,
                [SECRETS.passphrase]: expr(`secrets.${SECRETS.passphrase}`),
                ...(s.backendUrl.startsWith("https://") ? { [SECRETS.pulumiToken]: expr(`secrets.${SECRETS.pulumiToken}`) } : {}),
            },
            run: `npm run rollout -- ${args.join(" ")}`,
        },
    ];
}

/** With a tolerance, each leg leaves its outcome as an artifact for the wave's gate to count. */
const RECORD_STEPS: Record<string, unknown>[] = [
    {
        name: "record the outcome", if: expr("always()"),
        env: { STACK: expr("matrix.stack"), OUTCOME: expr("steps.run.outcome") },
        run: 'mkdir -p results && printf \'%s\\n\' "$OUTCOME" > "results/$STACK"\n',
    },
    // overwrite (upload-artifact 4.2+): a re-run of the leg replaces its outcome instead of failing on the name.
    { uses: ACTIONS.upload, if: expr("always()"), with: { name: `result-${expr("matrix.stack")}`, path: "results/", "retention-days": 7, overwrite: true } },
];

const STACK_JOB = { "runs-on": "ubuntu-latest", "timeout-minutes": 120, permissions: { contents: "read", "id-token": "write" } };

/** The workflows of the plan: one per part, chained by workflow_dispatch. Pure. */
export function planGithubActions(s: EmitSettings): EmittedWorkflow[] {
    if (!Number.isInteger(s.maxConcurrency) || s.maxConcurrency < 1) throw new Error(`maxConcurrency must be a whole number from 1, not ${s.maxConcurrency}`);
    const K = s.failureTolerance;
    const parts = splitIntoParts(s.project, K);
    const rel = path.relative(s.repoRoot, s.project.dir);
    const base = `cellmesh-rollout${rel ? "-" + rel.replace(/[^A-Za-z0-9]+/g, "-") : ""}`;
    const fileOf = (p: number) => (parts.length === 1 ? `${base}.yml` : `${base}-part-${p}-of-${parts.length}.yml`);
    const title = `cellmesh rollout of ${rel || "the root sample"} (project ${s.project.name})`;

    return parts.map((part, i) => {
        const p = i + 1;
        const jobs: Record<string, Record<string, unknown>> = {};
        let jobCount = 0;
        /** The job the next one needs, and the condition that lets it run. */
        let last: { id: string; gate: boolean } | undefined;
        const after = () => (last ? { needs: [last.id], ...(last.gate ? { if: expr(`!cancelled() && needs.${last.id}.result == 'success'`) } : {}) } : {});

        if (part.owner) {
            jobs.owner = { name: `up ${part.owner.name} (owner)`, ...STACK_JOB, steps: stackSteps(s, part.owner.name) };
            jobCount += 1;
            last = { id: "owner", gate: false };
        }
        const counted: string[] = [];
        for (const chunk of part.chunks) {
            const id = `wave-${chunk.wave}`;
            jobs[id] = {
                name: `up wave ${chunk.wave} (${expr("matrix.stack")})`, ...after(), ...STACK_JOB,
                strategy: { "fail-fast": K === 0, "max-parallel": s.maxConcurrency, matrix: { stack: chunk.stacks.map((c) => c.name) } },
                steps: [...stackSteps(s, expr("matrix.stack")), ...(K > 0 ? RECORD_STEPS : [])],
            };
            jobCount += chunk.stacks.length;
            last = { id, gate: false };
            if (K === 0) continue;
            counted.push(...chunk.stacks.map((c) => c.name));
            const gateId = `gate-${chunk.wave}`;
            jobs[gateId] = {
                name: `failure tolerance after wave ${chunk.wave}`, needs: [id],
                if: expr(`!cancelled() && needs.${id}.result != 'skipped'`),
                "runs-on": "ubuntu-latest", "timeout-minutes": 10,
                outputs: { failures: expr("steps.count.outputs.failures") },
                steps: [
                    // A leg that left no outcome counts as failed, so a failed download hides nothing.
                    { uses: ACTIONS.download, "continue-on-error": true, with: { pattern: "result-*", path: "results", "merge-multiple": true } },
                    {
                        id: "count", name: "count the failed stacks",
                        env: { EXPECTED: counted.join(" "), PRIOR: p === 1 ? "0" : expr("inputs.failures"), TOLERANCE: String(K) },
                        run: [
                            'failures="$PRIOR"',
                            "for stack in $EXPECTED; do",
                            '  outcome=$(cat "results/$stack" 2>/dev/null || echo missing)',
                            '  if [ "$outcome" != success ]; then failures=$((failures + 1)); echo "::error::stack $stack: $outcome"; fi',
                            "done",
                            'echo "failures=$failures" >> "$GITHUB_OUTPUT"',
                            'if [ "$failures" -gt "$TOLERANCE" ]; then',
                            '  echo "::error::$failures stacks failed, more than --failure-tolerance $TOLERANCE: no further wave starts"',
                            "  exit 1",
                            "fi",
                        ].join("\n") + "\n",
                    },
                ],
            };
            jobCount += 1;
            last = { id: gateId, gate: true };
        }
        if (p < parts.length) {
            const next = fileOf(p + 1);
            jobs["next-part"] = {
                name: `start part ${p + 1} of ${parts.length}`, ...after(), "runs-on": "ubuntu-latest", "timeout-minutes": 10,
                permissions: { actions: "write" },
                steps: [{
                    env: { GH_TOKEN: expr("github.token"), ...(K > 0 ? { FAILURES: expr(`needs.${last!.id}.outputs.failures`) } : {}) },
                    run: `gh workflow run ${next} --repo "$GITHUB_REPOSITORY" --ref "$GITHUB_REF_NAME"${K > 0 ? ' -f failures="$FAILURES"' : ""}\n`,
                }],
            };
            jobCount += 1;
        }
        const inputs = p > 1 && K > 0
            ? { inputs: { failures: { description: "stacks that failed in the parts before this one", required: true, default: "0", type: "string" } } }
            : {};
        const workflow = {
            name: parts.length === 1 ? title : `${title}, part ${p} of ${parts.length}`,
            on: { workflow_dispatch: inputs },
            permissions: { contents: "read" },
            ...(rel ? { env: { [DIR_VARIABLE]: rel } } : {}),
            // One run of each part at a time; a queued run waits instead of cancelling a running one.
            concurrency: { group: `${base}-part-${p}`, "cancel-in-progress": false },
            jobs,
        };
        return { file: fileOf(p), workflow, consumers: part.chunks.flatMap((c) => c.stacks.map((x) => x.name)), jobs: jobCount };
    });
}

/** The YAML of a workflow, with a header saying where it comes from. */
export function workflowYaml(w: EmittedWorkflow, command: string): string {
    const header = [
        `# Written by ${commentSafe(command)}; emit again rather than editing it.`,
        `# Repository secrets it reads: ${SECRETS.passphrase}, ${SECRETS.ciRole}, ${SECRETS.awsConfig}, and ${SECRETS.pulumiToken} with Pulumi Cloud (docs/many-accounts.md).`,
    ].join("\n");
    // No YAML anchors and aliases: each job spelled out, as GitHub has long required.
    return `${header}\n${stringify(w.workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/**
 * Writes the workflows into `outDir` and removes the files an earlier emit of the same project left
 * there (another number of parts). Returns the paths written.
 */
export function writeWorkflows(workflows: readonly EmittedWorkflow[], outDir: string, command: string): { written: string[]; removed: string[] } {
    fs.mkdirSync(outDir, { recursive: true });
    const base = workflows[0].file.replace(/(-part-\d+-of-\d+)?\.yml$/, "");
    const keep = new Set(workflows.map((w) => w.file));
    const ours = (f: string) => f === `${base}.yml` || (f.startsWith(`${base}-part-`) && /^-part-\d+-of-\d+\.yml$/.test(f.slice(base.length)));
    const stale = fs.readdirSync(outDir).filter((f) => ours(f) && !keep.has(f));
    for (const f of stale) fs.rmSync(path.join(outDir, f));
    const written = workflows.map((w) => {
        const file = path.join(outDir, w.file);
        fs.writeFileSync(file, workflowYaml(w, command));
        return file;
    });
    return { written, removed: stale.map((f) => path.join(outDir, f)) };
}

export interface EmitRequest {
    readonly project: Project;
    readonly cwd: string;
    readonly backendUrl: string;
    readonly maxConcurrency: number;
    readonly failureTolerance: number;
    readonly skipPreflight: boolean;
    /** --out as given; default .github/workflows in `cwd`. */
    readonly out?: string;
    /** The command line, for the files' header. */
    readonly command: string;
}

/** Checks the backend, plans the workflows and writes them; returns what it wrote, for the output. */
export function emitGithubActions(r: EmitRequest): { workflows: EmittedWorkflow[]; written: string[]; removed: string[] } {
    checkSharedBackend(r.backendUrl);
    checkNoCredentials(r.backendUrl);
    checkNoExpression("PULUMI_BACKEND_URL", r.backendUrl);
    checkInsideRepository(r.cwd, r.project.dir);
    checkNoExpression("--dir", path.relative(r.cwd, r.project.dir));
    const workflows = planGithubActions({
        project: r.project, repoRoot: r.cwd, backendUrl: r.backendUrl, maxConcurrency: r.maxConcurrency,
        failureTolerance: r.failureTolerance, skipPreflight: r.skipPreflight,
    });
    return { workflows, ...writeWorkflows(workflows, path.resolve(r.cwd, r.out ?? path.join(".github", "workflows")), r.command) };
}
