// Everything the driver checks before it calls AWS (the preflight) or the Pulumi CLI, for every
// command alike and whether or not --skip-preflight is given (it skips only the AWS calls): each
// stack's config and the rules across stacks (discovery, config/projectChecks.ts), for `shift`
// its target stack, service and cells and the weights of every step, by the engine's rules
// (`ENGINES[engine].config.weights`, shared/cellWeight.ts), for `release` its stack, service, cells
// and image, and for both the gate's settings and floors. Bad flag values are usage errors (exit 2)
// that name the flag as typed.

import type { Command } from "./args";
import { discoverProject, Project, StackInfo } from "./discovery";
import { UsageError } from "./errors";
import { ENGINES } from "../engines";
import { weightProblems } from "../shared/cellWeight";
import { currentWeights, planShift, show, ShiftStep, Weights } from "./shift";
import { gateSettings, GateSettings } from "./gate/settings";

export type ShiftPlan = { readonly from: Weights; readonly target: Weights; readonly steps: ShiftStep[] };

export interface OfflineResult {
    readonly project: Project;
    /** For `shift`: the validated steps. */
    readonly shift?: ShiftPlan;
    /** For `shift --gate` and `release`: the gate's settings, floors checked. */
    readonly gate?: GateSettings;
}

type RunCommand = Exclude<Command, { command: "help" }>;

/** Discovers and checks the project in `dir` for `cmd`; throws the first thing wrong, with every problem of that kind. */
export function offlineChecks(dir: string, cmd: RunCommand): OfflineResult {
    if (cmd.command !== "shift" && cmd.command !== "release") return { project: discoverProject(dir, cmd.stacks) };
    const project = discoverProject(dir, [cmd.stack], { flag: "--stack" });
    const info = project.owner ?? project.consumers[0];
    const svc = info.config.services.find((s) => s.name === cmd.service);
    const gate = (flags: NonNullable<typeof cmd.gate>) => gateSettings(info.config.engine, svc?.release, flags, `${cmd.command} ${cmd.service} in ${info.name}`);
    if (cmd.command === "shift") {
        const shift = checkShift(info, cmd.service, cmd.weights, cmd.steps);
        return { project, shift, ...(cmd.gate ? { gate: gate(cmd.gate) } : {}) };
    }
    if (!svc) throw new UsageError(`--service ${cmd.service}: stack ${info.name} has no service "${cmd.service}"; its services: ${info.config.services.map((s) => s.name).join(", ")}`);
    // The release's own checks (image, cells, an unfinished release of another image); loaded only here.
    const { planRelease } = require("./release/release") as typeof import("./release/release");
    const { readRecord, recordFile } = require("./release/record") as typeof import("./release/record");
    planRelease(info, { service: cmd.service, image: cmd.image, ...(cmd.cells ? { cells: cmd.cells } : {}), steps: cmd.steps, settings: gate(cmd.gate) }, readRecord(recordFile(project.dir, info.name, cmd.service)));
    return { project, gate: gate(cmd.gate) };
}

/** `cell1=0,cell2=100`: the weights as given on the command line. */
function typed(weights: ReadonlyMap<string, number>): string {
    return [...weights].map(([c, w]) => `${c}=${w}`).join(",");
}

/** The target (and every step) of a shift, checked against the stack's config and its engine's weight rules. */
export function checkShift(info: StackInfo, service: string, target: ReadonlyMap<string, number>, steps: readonly number[]): ShiftPlan {
    const services = info.config.services.map((s) => s.name);
    if (!services.includes(service)) {
        throw new UsageError(`--service ${service}: stack ${info.name} has no service "${service}"; its services: ${services.join(", ")}`);
    }
    const from = currentWeights(info, service);
    const flag = `--weights "${typed(target)}"`;
    const unknown = [...target.keys()].filter((c) => !(c in from));
    if (unknown.length > 0) {
        throw new UsageError(`${flag}: service ${service} of stack ${info.name} has no cell ${unknown.join(", ")}; its cells: ${Object.keys(from).join(", ")} (add a cell in Pulumi.${info.name}.yaml and roll out first)`);
    }
    const full: Record<string, number> = { ...from, ...Object.fromEntries(target) };
    const rules = ENGINES[info.config.engine].config.weights;
    const problems = weightProblems(rules, Object.entries(full).map(([name, weight]) => ({ name, weight })));
    if (problems.length > 0) {
        // Cells the flag leaves out keep their weight and count in the total: a rule about all the
        // cells shows them.
        const kept = Object.keys(from).some((c) => !target.has(c));
        throw new UsageError(problems.map((p) => p.cell !== undefined
            ? `${flag}: ${p.cell} = ${String(p.value)}: ${p.message}`
            : `${flag}${kept ? ` (${service}'s cells then: ${show(full)})` : ""}: ${p.message}`).join("\n"));
    }
    // The steps between, against every rule of the stack's config.
    return planShift(info, service, target, steps);
}
