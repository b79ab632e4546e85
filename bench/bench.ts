// `npm run bench`: plans generated projects of growing size (services of 5 cells over 5 consumer
// accounts), each in a fresh child process, and prints resources, start-up, engine and analysis
// seconds and peak memory per size. `npm run bench -- --startup` measures the commands' start-up.
// Only the argument parser loads up front: `--help` and usage errors answer at once.

import { UsageError } from "../automation/errors";
import { readCommandLine, usageError } from "../automation/usage";
import { machine, table } from "./report";

export const USAGE = `Usage: npm run bench -- [SIZE ...] [options]

Plans generated projects (an owner and 5 consumer accounts, services of 5 cells) with SIZE services
each (default: 5 10 25 50), each in a fresh Node process, and prints per size the resources, the
child's wall time, its start-up, engine and analysis seconds, and its peak memory.

Options:
  --startup    instead, time the commands' start-up: node, npm exec, require('@pulumi/pulumi'),
               npm run plan (the root sample) and npm run <command> -- --help of every command
  --runs N     repetitions per command for --startup (default: 5); the median counts
  -h, --help   this help
`;

export type BenchOptions =
    | { readonly mode: "help" }
    | { readonly mode: "sizes"; readonly sizes: readonly number[] }
    | { readonly mode: "startup"; readonly runs: number };

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
    const line = readCommandLine(argv, {
        command: "bench",
        options: { startup: { type: "boolean" }, runs: { type: "string" } },
        positional: (v) => (/^[1-9][0-9]*$/.test(v) ? undefined : "a size is a whole number of services from 1, e.g. npm run bench -- 5 10"),
    });
    if (line.help) return { mode: "help" };
    const sizes = line.positionals.map(Number);
    const runsText = line.values.runs;
    if (runsText !== undefined && !(typeof runsText === "string" && /^[1-9][0-9]*$/.test(runsText))) throw usageError("bench", `--runs "${String(runsText)}": a whole number of repetitions from 1, e.g. --runs 3`);
    if (runsText !== undefined && line.values.startup !== true) throw usageError("bench", "--runs applies to --startup only");
    if (line.values.startup === true && sizes.length > 0) throw usageError("bench", `--startup takes no sizes (given ${sizes.join(" ")})`);
    return line.values.startup === true ? { mode: "startup", runs: runsText === undefined ? 5 : Number(runsText) } : { mode: "sizes", sizes: sizes.length > 0 ? sizes : [5, 10, 25, 50] };
}

interface Row {
    services: number;
    resources: number;
    wallSeconds: number;
    startupSeconds: number;
    engineSeconds: number;
    analysisSeconds: number;
    planSeconds: number;
    peakRssMb: number;
}

function benchSizes(list: readonly number[]): void {
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const fs = require("node:fs") as typeof import("node:fs");
    const os = require("node:os") as typeof import("node:os");
    const path = require("node:path") as typeof import("node:path");
    const { writeBenchProject } = require("./generate") as typeof import("./generate");
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-bench-"));
    const rows: Row[] = [];
    try {
        for (const services of list) {
            const dir = path.join(root, `s${services}`);
            writeBenchProject(dir, { services, consumers: 5, cells: 5 });
            const t0 = process.hrtime.bigint();
            // The worker starts as `npm run plan` does: the same Node options and TypeScript hook.
            const out = execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, "worker.ts"), dir], {
                cwd: path.join(__dirname, ".."), encoding: "utf8", maxBuffer: 1 << 26,
            });
            const wall = Number(process.hrtime.bigint() - t0) / 1e9;
            const r = JSON.parse(out.trim().split("\n").pop()!);
            rows.push({ services, resources: r.resources, wallSeconds: wall, startupSeconds: r.startupSeconds, engineSeconds: r.engineSeconds, analysisSeconds: r.analysisSeconds, planSeconds: r.planSeconds, peakRssMb: r.peakRssMb });
            process.stderr.write(`  ${services} services: ${r.resources} resources in ${wall.toFixed(1)} s\n`);
        }
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
    const header = ["services", "resources", "total s", "start-up s", "engine s", "analysis s", "ms/resource", "peak MB", "KB/resource"];
    const body = rows.map((r) => [
        String(r.services), String(r.resources), r.wallSeconds.toFixed(2), r.startupSeconds.toFixed(2),
        r.engineSeconds.toFixed(2), r.analysisSeconds.toFixed(2),
        ((r.planSeconds * 1000) / r.resources).toFixed(2), r.peakRssMb.toFixed(0), ((r.peakRssMb * 1024) / r.resources).toFixed(0),
    ]);
    console.log(`Plan benchmark: 5 consumer accounts + owner, 5 cells per service, ${machine()}`);
    console.log(table(header, body));
    console.log("total s: the child process's wall time; start-up s: from its start until planning begins (Node, the");
    console.log("TypeScript hook, loading the planner, the Pulumi SDK and providers); engine s: the stack programs on");
    console.log("Pulumi's mock runtime; analysis s: the plan's analysis, report, JSON and Mermaid; ms/resource: the");
    console.log("planning time (config, engine and analysis) per resource.");
}

function main(argv: readonly string[]): number {
    try {
        const o = parseBenchArgs(argv);
        if (o.mode === "help") process.stdout.write(USAGE);
        else if (o.mode === "startup") (require("./startup") as typeof import("./startup")).benchStartup(o.runs);
        else benchSizes(o.sizes);
        return 0;
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`${err.message}\n`);
            return err.exitCode;
        }
        throw err;
    }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
