// `npm run plan`: plans every stack of the project offline and prints what would be deployed in
// each account, how the accounts are linked and where traffic goes; writes plan.json and the
// topology diagram (Mermaid and SVG). No AWS account, no credentials, no Pulumi CLI needed.

import * as fs from "node:fs";
import * as path from "node:path";
import { DriverError } from "../automation/errors";
import { readCommandLine } from "../automation/usage";
import type { Plan } from "./model";

// Only this file and the error classes load up front, so `--help` and usage errors answer at once;
// the planner (the stack programs, and with them the Pulumi SDK and providers) and the renderers
// are required once the command line has been parsed.
const lazy = {
    baseline: () => require("./baseline") as typeof import("./baseline"),
    config: () => require("../config/types") as typeof import("../config/types"),
    diff: () => require("./diff") as typeof import("./diff"),
    notices: () => require("../engines/notice") as typeof import("../engines/notice"),
    load: () => require("./load") as typeof import("./load"),
    plan: () => require("./plan") as typeof import("./plan"),
    mermaid: () => require("./render/mermaid") as typeof import("./render/mermaid"),
    svg: () => require("./render/svg") as typeof import("./render/svg"),
    text: () => require("./render/text") as typeof import("./render/text"),
    topology: () => require("./render/topology") as typeof import("./render/topology"),
};

export const USAGE = `Usage: npm run plan -- [options]

Plans every cellmesh stack offline on Pulumi's mock engine (no AWS, no credentials, no Pulumi CLI)
and prints, per account, the resources by component, counts by type, the cross-account edges and
each service's cell weights. Writes plan.json, plan.mmd (Mermaid) and plan.svg to the output dir.

Options:
  --stack NAME     plan only this stack (a consumer's owner still runs, to feed its stack reference)
  --config FILE    use FILE (named Pulumi.<stack>.yaml) instead of that stack's config; repeatable
  --dir DIR        the project directory (default: the current directory)
  --out DIR        where plan.json, plan.mmd and plan.svg go (default: plan-out in the project directory,
                   so each --dir keeps its own)
  --json           print the full plan as JSON (types, names, parents, providers, inputs) instead of text
  --diff [OLD.json]  list the resources that differ from a saved plan.json (added, removed, changed inputs);
                   without a file, from the last plan written to the output dir (<dir>/plan-out/plan.json)
  --summary        leave the resource trees out of the text report
  --no-diagram     skip plan.mmd and plan.svg
  -h, --help       this help
`;

export interface CliOptions {
    dir: string;
    /** Where plan.json goes; undefined: the folder for `dir` (outDirFor). */
    out?: string;
    stack?: string;
    configFiles: string[];
    json: boolean;
    /** The saved plan to compare with; `true`: the last one written to the output folder. */
    diff?: string | true;
    summary: boolean;
    diagram: boolean;
    help: boolean;
}

const BOOL = { type: "boolean" } as const;
const TEXT = { type: "string" } as const;

export function parseArgs(argv: readonly string[]): CliOptions {
    const line = readCommandLine(argv, {
        command: "plan",
        options: {
            stack: TEXT, config: { type: "string", repeatable: true }, dir: TEXT, out: TEXT, json: BOOL,
            diff: { type: "optional-string" }, summary: BOOL, "no-diagram": BOOL,
        },
        // A driver option people try on the plan.
        elsewhere: { "skip-preflight": "the plan makes no AWS calls, so it has no preflight to skip" },
    });
    const v = line.values;
    const text = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
    return {
        dir: path.resolve(text("dir") ?? "."),
        ...(text("out") !== undefined ? { out: text("out") } : {}),
        ...(text("stack") !== undefined ? { stack: text("stack") } : {}),
        configFiles: [...((v.config as readonly string[] | undefined) ?? [])],
        json: v.json === true,
        ...(v.diff !== undefined ? { diff: v.diff as string | true } : {}),
        summary: v.summary === true,
        diagram: v["no-diagram"] !== true,
        help: line.help,
    };
}

export interface CliResult {
    readonly plan: Plan;
    readonly stdout: string;
    /** Printed before stdout, on stderr: the App Mesh end-of-support notice when `--json` keeps stdout for the document. */
    readonly stderr?: string;
    readonly files: readonly string[];
}

/** Everything `npm run plan` does, minus process exit: returns what to print and what it wrote. */
export async function runPlanCli(argv: readonly string[]): Promise<CliResult | { help: string }> {
    const o = parseArgs(argv);
    if (o.help) return { help: USAGE };
    // One output folder per project folder, so planning a sample does not overwrite the root's plan.
    const out = path.resolve(o.out ?? path.join(o.dir, "plan-out"));
    // Paths inside the current folder as relative ones, others as they are.
    const shown = (f: string) => {
        const rel = path.relative(process.cwd(), f);
        return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? f : rel;
    };
    const diffFile = o.diff === true ? shown(path.join(out, "plan.json")) : o.diff;
    const { readBaseline, checkBaseline } = lazy.baseline();
    const before = diffFile !== undefined ? readBaseline(diffFile, shown(out)) : undefined;
    const { loadProject } = lazy.load();
    const { makePlan } = lazy.plan();
    const loaded = loadProject({ dir: o.dir, configFiles: o.configFiles, ...(o.stack ? { stack: o.stack } : {}) });
    if (before) checkBaseline(before, diffFile!, loaded.project.name, loaded.project.allStacks.map((s) => s.name), path.relative(process.cwd(), o.dir) || ".");
    const plan = await makePlan(loaded);

    fs.mkdirSync(out, { recursive: true });
    const json = JSON.stringify(plan, null, 2) + "\n";
    const files = [path.join(out, "plan.json")];
    fs.writeFileSync(files[0], json);
    if (o.diagram) {
        const { renderMermaid } = lazy.mermaid();
        const { renderDot, renderSvg } = lazy.svg();
        const topo = lazy.topology().buildTopology(plan);
        fs.writeFileSync(path.join(out, "plan.mmd"), renderMermaid(topo));
        const dot = renderDot(topo);
        fs.writeFileSync(path.join(out, "plan.dot"), dot);
        fs.writeFileSync(path.join(out, "plan.svg"), await renderSvg(dot));
        files.push(path.join(out, "plan.mmd"), path.join(out, "plan.dot"), path.join(out, "plan.svg"));
    }
    // The notice comes first: at the top of the report, or on stderr when stdout is the JSON document.
    const notice = lazy.notices().endOfSupportNotices(loaded.project.allStacks.filter((s) => loaded.selected.includes(s.name))).join("\n") || undefined;
    let stdout: string;
    if (o.json) {
        stdout = json;
    } else {
        const { diffPlans, renderDiff } = lazy.diff();
        stdout = (notice ? `${notice}\n\n` : "") + (before ? renderDiff(diffPlans(before, plan, { wholeProject: o.stack === undefined }), diffFile!) : lazy.text().renderText(plan, { summary: o.summary }));
        stdout += `\nWrote ${files.map(shown).join(", ")}\n`;
    }
    return { plan, stdout, files, ...(o.json && notice ? { stderr: `${notice}\n` } : {}) };
}

/** A ConfigError can only come from the stack configs, so their module is loaded by then. */
function isConfigError(err: unknown): err is Error {
    try {
        return err instanceof lazy.config().ConfigError;
    } catch {
        return false;
    }
}

export async function main(argv: readonly string[]): Promise<number> {
    try {
        const result = await runPlanCli(argv);
        if ("help" in result) {
            process.stdout.write(result.help);
            return 0;
        }
        if (result.stderr) process.stderr.write(result.stderr);
        process.stdout.write(result.stdout);
        return 0;
    } catch (err) {
        if (err instanceof DriverError) {
            process.stderr.write(`${err.message}\n`);
            return err.exitCode;
        }
        if (isConfigError(err)) {
            process.stderr.write(`${err.message}\n`);
            return 1;
        }
        process.stderr.write(`plan failed: ${(err as Error)?.stack ?? String(err)}\n`);
        return 1;
    }
}

if (require.main === module) {
    // exitCode, not exit(): process.exit() would cut a --json document that is still being written to a pipe.
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
