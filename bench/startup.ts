// `npm run bench -- --startup`: how long the commands take to start, measured here with child
// processes and performance.now() (no hyperfine needed). The commands run interleaved, `runs` times
// each, and the median counts; the budgets are the ones of the fast-start issue:
// - `npm run <command> -- --help` within 0.3 s of npm's own start-up (`npm exec -- node -e 1`);
// - `npm run plan` of the root sample within 2 times `node -e "require('@pulumi/pulumi')"`.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { machine, table } from "./report";

const HELP_COMMANDS = ["rollout", "preview", "destroy", "shift", "status", "release", "plan", "bench"] as const;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface Probe {
    readonly label: string;
    readonly file: string;
    readonly args: readonly string[];
}

export function startupProbes(): Probe[] {
    const node = process.execPath;
    return [
        { label: "node -e 1", file: node, args: ["-e", "1"] },
        { label: "npm exec -- node -e 1", file: NPM, args: ["exec", "--", "node", "-e", "1"] },
        { label: "node -e \"require('@pulumi/pulumi')\"", file: node, args: ["-e", "require('@pulumi/pulumi')"] },
        { label: "npm run plan", file: NPM, args: ["run", "plan"] },
        ...HELP_COMMANDS.map((c) => ({ label: `npm run ${c} -- --help`, file: NPM, args: ["run", c, "--", "--help"] })),
    ];
}

function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function benchStartup(runs: number): void {
    const root = path.join(__dirname, "..");
    const probes = startupProbes();
    const times = new Map<string, number[]>(probes.map((p) => [p.label, []]));
    const run = (p: Probe): number => {
        const t0 = performance.now();
        const r = spawnSync(p.file, p.args, { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
        const ms = performance.now() - t0;
        if (r.status !== 0) throw new Error(`${p.label} exited with ${r.status ?? r.signal}: ${r.stderr ?? r.error}`);
        return ms;
    };
    // One warm-up round (file system cache, Node's compile cache, the transpiler's cache), then the
    // measured rounds, interleaved so that a busy moment of the machine hits every command alike.
    for (const p of probes) run(p);
    for (let i = 0; i < runs; i++) {
        for (const p of probes) times.get(p.label)!.push(run(p));
        process.stderr.write(`  round ${i + 1}/${runs}\n`);
    }
    const med = (label: string) => median(times.get(label)!);
    const npmExec = med("npm exec -- node -e 1");
    const pulumi = med("node -e \"require('@pulumi/pulumi')\"");
    const body = probes.map((p) => {
        const m = med(p.label);
        const xs = times.get(p.label)!;
        const note = p.label.endsWith("--help") ? `${m - npmExec >= 0 ? "+" : ""}${((m - npmExec) / 1000).toFixed(2)} s vs npm exec`
            : p.label === "npm run plan" ? `${(m / pulumi).toFixed(2)} x require('@pulumi/pulumi')` : "";
        return [p.label, (m / 1000).toFixed(3), (Math.min(...xs) / 1000).toFixed(3), (Math.max(...xs) / 1000).toFixed(3), note];
    });
    console.log(`Start-up benchmark: ${runs} interleaved runs per command after one warm-up round, ${machine()}`);
    console.log(table(["command", "median s", "min s", "max s", ""], body, true));
    const worstHelp = Math.max(...HELP_COMMANDS.map((c) => med(`npm run ${c} -- --help`))) - npmExec;
    const ratio = med("npm run plan") / pulumi;
    console.log(`--help: at most ${(worstHelp / 1000).toFixed(2)} s more than npm exec -- node -e 1 (budget 0.30 s): ${worstHelp <= 300 ? "ok" : "over"}`);
    console.log(`npm run plan: ${ratio.toFixed(2)} times node -e "require('@pulumi/pulumi')" (budget 2): ${ratio <= 2 ? "ok" : "over"}`);
}
