// `npm run bench`: plans generated projects of growing size (services of 5 cells over 5 consumer
// accounts), each in a fresh child process, and prints resources, seconds and peak memory per size.
// Usage: npm run bench [-- 5 10 25 50]

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeBenchProject } from "./generate";

interface Row {
    services: number;
    resources: number;
    wallSeconds: number;
    planSeconds: number;
    engineSeconds: number;
    ownSeconds: number;
    peakRssMb: number;
}

function main(): void {
    const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const list = sizes.length > 0 ? sizes : [5, 10, 25, 50];
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-bench-"));
    const rows: Row[] = [];
    try {
        for (const services of list) {
            const dir = path.join(root, `s${services}`);
            writeBenchProject(dir, { services, consumers: 5, cells: 5 });
            const t0 = process.hrtime.bigint();
            const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "worker.ts"), dir], {
                cwd: path.join(__dirname, ".."), encoding: "utf8", maxBuffer: 1 << 26,
            });
            const wall = Number(process.hrtime.bigint() - t0) / 1e9;
            const r = JSON.parse(out.trim().split("\n").pop()!);
            rows.push({ services, resources: r.resources, wallSeconds: wall, planSeconds: r.planSeconds, engineSeconds: r.engineSeconds, ownSeconds: r.ownSeconds, peakRssMb: r.peakRssMb });
            process.stderr.write(`  ${services} services: ${r.resources} resources in ${wall.toFixed(1)} s\n`);
        }
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
    const header = ["services", "resources", "total s", "plan s", "engine s", "own s", "ms/resource", "peak MB", "KB/resource"];
    const body = rows.map((r) => [
        String(r.services), String(r.resources), r.wallSeconds.toFixed(2), r.planSeconds.toFixed(2),
        r.engineSeconds.toFixed(2), r.ownSeconds.toFixed(2),
        ((r.planSeconds * 1000) / r.resources).toFixed(2), r.peakRssMb.toFixed(0), ((r.peakRssMb * 1024) / r.resources).toFixed(0),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
    console.log(`Plan benchmark: 5 consumer accounts + owner, 5 cells per service, ${os.cpus().length} CPUs, Node ${process.version}`);
    console.log(line(header));
    for (const b of body) console.log(line(b));
    console.log("total s: the child process's wall time, start-up included; plan s: planning and rendering in the process;");
    console.log("engine s: the stack programs on Pulumi's mock runtime; own s: the plan's analysis, report, JSON and Mermaid.");
}

main();
