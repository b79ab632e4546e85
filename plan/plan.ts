// Plans a whole project: each selected stack's program on the mock engine, owner first, each
// consumer's stack reference fed with the owner's planned outputs as a rollout would.

import { buildPlan } from "./analyze";
import { RawStackPlan, planStack } from "./engine";
import { LoadedProject } from "./load";
import { Plan } from "./model";
import { withoutStackTraces } from "./stackTraces";

/** Where the time went: running the programs on the mock engine vs the plan's own analysis. */
export interface PlanTimings {
    engineSeconds: number;
    analysisSeconds: number;
}

export async function makePlan(loaded: LoadedProject, timings?: PlanTimings): Promise<Plan> {
    const t0 = process.hrtime.bigint();
    const outputs = new Map<string, Readonly<Record<string, unknown>>>();
    const raw: RawStackPlan[] = [];
    await withoutStackTraces(async () => {
        for (const input of loaded.run) {
            const planned = await planStack(input, { project: loaded.project.name, stackOutputs: outputs });
            outputs.set(input.name, planned.outputs);
            raw.push(planned);
        }
    });
    const t1 = process.hrtime.bigint();
    const plan = buildPlan(loaded.project.name, raw, loaded.selected);
    if (timings) {
        timings.engineSeconds = Number(t1 - t0) / 1e9;
        timings.analysisSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    }
    return plan;
}
