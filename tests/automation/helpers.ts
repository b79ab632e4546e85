// Test scaffolding for the driver: a temporary cellmesh project, the recording fake Pulumi CLI
// behind the Automation API's `pulumiCommand` seam, and readers for what the fake recorded.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { discoverProject, Project } from "../../automation/discovery";
import { RunDeps } from "../../automation/orchestrate";
import { TextReporter } from "../../automation/progress";
import { openIsolatedStack } from "../../automation/stackWorkspace";
import { findStack, WorkspaceContext } from "../../automation/workspace";

export const FAKE_CLI = path.join(__dirname, "fixtures", "fake-pulumi.js");
export const FAKE_CLI_SH = path.join(__dirname, "fixtures", "fake-pulumi.sh");

export const OWNER_YAML = `config:
  aws:region: us-east-1
  aws:allowedAccountIds: ["111111111111"]
  aws:profile: acct1
  cellmesh:role: owner
  cellmesh:engine: appmesh
  cellmesh:meshName: cellmesh
  cellmesh:namespace: internal-domain1.com
  cellmesh:consumers: ["222222222222", "333333333333"]
  cellmesh:services:
    servicea:
      port: 5001
      ingress: true
      backends: [serviceb]
      cells:
        cell1: 50
        cell2: 50
    # serviceb is the one the shift tests move
    serviceb:
      port: 5001
      cells:
        cell1: 50
        cell2: 50
`;

/** A consumer stack file; its namespace is its own (internal-domain2.com for acct2, internal-domain3.com for acct3). */
export function consumerYaml(account: string, profile: string, region = "us-east-1", namespace = `internal-domain${profile.replace(/^acct/, "")}.com`): string {
    return `config:
  aws:region: ${region}
  aws:allowedAccountIds: ["${account}"]
  aws:profile: ${profile}
  cellmesh:role: consumer
  cellmesh:engine: appmesh
  cellmesh:ownerStack: organization/cellmesh/acct1
  cellmesh:ownerAccess:
    profile: acct1
  cellmesh:namespace: ${namespace}
  cellmesh:services:
    servicex:
      port: 5001
      cells:
        cell1: 50
        cell2: 50
`;
}

/**
 * An organization: the owner acct1 and `consumers` consumer stacks c001, c002, ... (accounts
 * 200000000001, ...), each with a namespace of its own; `wave(i)` (i from 1) sets cellmesh:wave.
 */
export function organization(consumers: number, wave: (i: number) => number | undefined = () => undefined): Record<string, string> {
    const accounts = Array.from({ length: consumers }, (_, i) => String(200000000001 + i));
    const stacks: Record<string, string> = {
        acct1: OWNER_YAML.replace('cellmesh:consumers: ["222222222222", "333333333333"]', `cellmesh:consumers: [${accounts.map((a) => `"${a}"`).join(", ")}]`),
    };
    accounts.forEach((account, i) => {
        const name = `c${String(i + 1).padStart(3, "0")}`;
        const w = wave(i + 1);
        stacks[name] = consumerYaml(account, name).replace("internal-domain2.com", `internal-${name}.com`) + (w !== undefined ? `  cellmesh:wave: ${w}\n` : "");
    });
    return stacks;
}

export interface Scenario {
    stacks?: Record<string, {
        up?: Behaviour; preview?: Behaviour; destroy?: Behaviour;
        outputs?: Record<string, unknown>; resources?: number;
    }>;
    /** Every stack's behaviour; a stack's own entry wins. */
    all?: { up?: Behaviour; preview?: Behaviour; destroy?: Behaviour };
}
export interface Behaviour {
    failTimes?: number; failOn?: number[]; lock?: boolean; hang?: boolean; delayMs?: number; error?: string; readyFile?: string;
    /** With a failure: resources created before it. */
    createdBefore?: number;
    /** With hang: how long the clean cancel after the first SIGINT takes. */
    cancelMs?: number;
}

export interface Invocation {
    argv: string[]; cwd: string; t: number; exit?: number; phase?: "start" | "end"; signal?: string;
    /** The fake CLI's process id (the node process; the shell wrapper execs nothing else). */
    pid?: number;
    env: { PULUMI_BACKEND_URL?: string; PULUMI_CONFIG_PASSPHRASE: boolean; PULUMI_AUTOMATION_API?: string };
}

export class Sandbox {
    readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-driver-"));
    readonly projectDir = path.join(this.root, "project");
    readonly cliRoot = path.join(this.root, "cli");
    readonly logFile = path.join(this.root, "calls.jsonl");
    readonly stateDir = path.join(this.root, "fake-state");
    readonly scenarioFile = path.join(this.root, "scenario.json");
    private saved: Record<string, string | undefined> = {};
    lines: string[] = [];

    constructor(stacks: Record<string, string> = { acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2"), acct3: consumerYaml("333333333333", "acct3") }) {
        fs.mkdirSync(this.projectDir);
        fs.mkdirSync(path.join(this.cliRoot, "bin"), { recursive: true });
        fs.mkdirSync(this.stateDir);
        fs.writeFileSync(path.join(this.projectDir, "Pulumi.yaml"), "name: cellmesh\nruntime: nodejs\nmain: stacks/\n");
        for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(this.projectDir, `Pulumi.${name}.yaml`), text);
        const bin = path.join(this.cliRoot, "bin", "pulumi");
        fs.writeFileSync(bin, `#!/bin/sh\nexec /bin/sh "${FAKE_CLI_SH}" "$@"\n`);
        fs.chmodSync(bin, 0o755);
        this.scenario({});
        const env: Record<string, string> = {
            FAKE_PULUMI_NODE: process.execPath, FAKE_PULUMI_JS: FAKE_CLI, FAKE_PULUMI_LOG: this.logFile, FAKE_PULUMI_STATE: this.stateDir, FAKE_PULUMI_SCENARIO: this.scenarioFile,
            PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
        };
        for (const [k, v] of Object.entries(env)) {
            this.saved[k] = process.env[k];
            process.env[k] = v;
        }
        this.saved.PULUMI_BACKEND_URL = process.env.PULUMI_BACKEND_URL;
        delete process.env.PULUMI_BACKEND_URL;
    }

    scenario(s: Scenario): void {
        fs.writeFileSync(this.scenarioFile, JSON.stringify(s));
    }

    /** Writes the fake's state as if `stacks` had been deployed (saves a full rollout per test). */
    seedDeployed(stacks: Record<string, Record<string, unknown>>): void {
        for (const [name, outputs] of Object.entries(stacks)) {
            const time = "2026-11-20T10:00:00.000Z";
            const history = [{ version: 1, kind: "update", startTime: time, endTime: time, message: "", environment: {}, config: {}, result: "succeeded", resourceChanges: { create: 2 } }];
            const base = path.join(this.stateDir, name);
            fs.writeFileSync(`${base}.json`, JSON.stringify({ name, deployed: true, outputs, deployedConfig: this.readStackFile(name), history }));
            fs.writeFileSync(`${base}.outputs.json`, JSON.stringify(outputs));
            fs.writeFileSync(`${base}.history.json`, JSON.stringify(history));
            fs.writeFileSync(`${base}.history1.json`, JSON.stringify(history));
        }
    }

    cli(): Promise<PulumiCommand> {
        return PulumiCommand.get({ root: this.cliRoot, skipVersionCheck: true });
    }

    async context(): Promise<WorkspaceContext> {
        return { projectDir: this.projectDir, projectName: "cellmesh", pulumiCommand: await this.cli(), env: process.env, program: async () => ({}) };
    }

    project(only?: string[]): Project {
        return discoverProject(this.projectDir, only);
    }

    async deps(signal: AbortSignal = new AbortController().signal): Promise<RunDeps> {
        const ctx = await this.context();
        let clock = 0;
        return {
            openStack: (info) => openIsolatedStack(ctx, info),
            findStack: (info) => findStack(ctx, info),
            reporter: new TextReporter((t) => this.lines.push(...t.split("\n"))),
            signal,
            // Each call advances 1.5 s, so elapsed times are fixed in the tests.
            now: () => (clock += 1500),
        };
    }

    /** Every recorded invocation, or only the main ones (no version/output/history queries). */
    calls(): Invocation[] {
        if (!fs.existsSync(this.logFile)) return [];
        return fs.readFileSync(this.logFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Invocation);
    }

    /** Operation calls (up/preview/destroy), once each (their start record), as "verb stack". */
    operations(): string[] {
        return this.calls().filter((c) => c.phase === "start").map((c) => `${c.argv[0]} ${stackOf(c)}`);
    }

    /** Completed argv lists, without the version probe. */
    argvs(): string[][] {
        return this.calls().filter((c) => c.phase !== "start" && c.argv[0] !== "version").map((c) => c.argv);
    }

    /** When each operation ran, by stack: from its start record to the record of its exit. */
    intervals(verb: string): Map<string, { start: number; end: number }> {
        const out = new Map<string, { start: number; end: number }>();
        for (const c of this.calls().filter((x) => x.argv[0] === verb)) {
            const stack = stackOf(c)!;
            if (c.phase === "start") out.set(stack, { start: c.t, end: Infinity });
            else if (c.exit !== undefined && out.has(stack)) out.get(stack)!.end = c.t;
        }
        return out;
    }

    clearLog(): void {
        if (fs.existsSync(this.logFile)) fs.unlinkSync(this.logFile);
        this.lines = [];
    }

    readStackFile(name: string): string {
        return fs.readFileSync(path.join(this.projectDir, `Pulumi.${name}.yaml`), "utf8");
    }

    dispose(): void {
        for (const [k, v] of Object.entries(this.saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/** The most intervals that overlap at any instant. */
export function maxOverlap(intervals: Iterable<{ start: number; end: number }>): number {
    const edges = [...intervals].flatMap((i) => [[i.start, 1], [i.end, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let max = 0;
    for (const [, d] of edges) max = Math.max(max, (now += d));
    return max;
}

export function stackOf(c: Invocation): string | undefined {
    const i = c.argv.indexOf("--stack");
    return i >= 0 ? c.argv[i + 1] : undefined;
}

/** argv with the parts that change per run (ports, temp paths) replaced by placeholders. */
export function normalize(argv: readonly string[], sandbox: Sandbox): string[] {
    return argv.map((a) => a
        .replace(/^--client=127\.0\.0\.1:\d+$/, "--client=<port>")
        .replace(/^tcp:\/\/127\.0\.0\.1:\d+$/, "<events>")
        .split(sandbox.projectDir).join("<project>"));
}
