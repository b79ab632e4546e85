// One benchmark run in its own process (so its peak memory is its own): plans the project in
// argv[2] and prints one JSON line { resources, planSeconds, peakRssMb }.

const started = process.hrtime.bigint();
import { loadProject } from "../plan/load";
import { PlanTimings, makePlan } from "../plan/plan";
import { renderText } from "../plan/render/text";
import { buildTopology } from "../plan/render/topology";
import { renderMermaid } from "../plan/render/mermaid";

async function run(): Promise<void> {
    const loaded = loadProject({ dir: process.argv[2] });
    const t0 = process.hrtime.bigint();
    const timings: PlanTimings = { engineSeconds: 0, analysisSeconds: 0 };
    const plan = await makePlan(loaded, timings);
    // The plan's own work after the engine: analysis (above), the report, the JSON and the Mermaid text.
    const r0 = process.hrtime.bigint();
    const size = renderText(plan).length + JSON.stringify(plan).length + renderMermaid(buildTopology(plan)).length;
    const renderSeconds = Number(process.hrtime.bigint() - r0) / 1e9;
    const t1 = process.hrtime.bigint();
    const resources = plan.stacks.reduce((n, s) => n + s.resources.length, 0);
    process.stdout.write(JSON.stringify({
        resources,
        planSeconds: Number(t1 - t0) / 1e9,
        engineSeconds: timings.engineSeconds,
        ownSeconds: timings.analysisSeconds + renderSeconds,
        outputChars: size,
        loadSeconds: Number(t0 - started) / 1e9,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
    }) + "\n");
}

run().then(() => process.exit(0), (err) => {
    process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
});
