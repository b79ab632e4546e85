// One benchmark run in its own process (so its peak memory is its own): plans the project in
// argv[2] and prints one JSON line { resources, startupSeconds, engineSeconds, analysisSeconds, ... }.

import { performance } from "node:perf_hooks";
import { loadProject } from "../plan/load";
import { PlanTimings, makePlan } from "../plan/plan";
import { renderText } from "../plan/render/text";
import { buildTopology } from "../plan/render/topology";
import { renderMermaid } from "../plan/render/mermaid";

async function run(): Promise<void> {
    // Start-up: from the process's start (performance's time origin) to here: Node, the TypeScript
    // hook, and loading the planner with the Pulumi SDK and providers.
    const startupSeconds = performance.now() / 1000;
    const loaded = loadProject({ dir: process.argv[2] });
    const t0 = performance.now();
    const timings: PlanTimings = { engineSeconds: 0, analysisSeconds: 0 };
    const plan = await makePlan(loaded, timings);
    // The plan's own work after the engine: analysis (above), the report, the JSON and the Mermaid text.
    const r0 = performance.now();
    const size = renderText(plan).length + JSON.stringify(plan).length + renderMermaid(buildTopology(plan)).length;
    const renderSeconds = (performance.now() - r0) / 1000;
    const resources = plan.stacks.reduce((n, s) => n + s.resources.length, 0);
    process.stdout.write(JSON.stringify({
        resources,
        startupSeconds,
        loadSeconds: (t0 - startupSeconds * 1000) / 1000,
        planSeconds: (performance.now() - t0) / 1000,
        engineSeconds: timings.engineSeconds,
        analysisSeconds: timings.analysisSeconds + renderSeconds,
        outputChars: size,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
    }) + "\n");
}

run().then(() => process.exit(0), (err) => {
    process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
});
