// `shift --gate`: the planned steps of a shift, each judged by the cells' health before the next
// (automation/gate/machine.ts), rolled back and deployed when the gate says so.

import { ENGINES } from "../../engines";
import { sleepUntilAborted } from "../../shared/health/retry";
import type { StackInfo } from "../discovery";
import type { RunDeps } from "../orchestrate";
import type { AwsCredentialIdentityProvider } from "../preflight";
import type { StackResult } from "../progress";
import type { Decision, GateResult, GateStep, Weights } from "./machine";
import { watchedCells } from "./machine";
import { runGate } from "./run";
import type { GateSettings } from "./settings";
import { healthScope, readService, weightDeployer } from "./world";

export interface GatedDeps extends RunDeps {
    sleep(ms: number, signal: AbortSignal): Promise<void>;
    credentials(info: StackInfo): AwsCredentialIdentityProvider;
}

export interface GatedShiftOutcome {
    readonly stack: string;
    readonly service: string;
    readonly from: Weights;
    readonly target: Weights;
    readonly watched: readonly string[];
    readonly settings: GateSettings;
    /** What the gate cannot see for this service (engines/<engine>/health.ts). */
    readonly blind: readonly string[];
    readonly result: GateResult;
    readonly decisions: readonly Decision[];
    /** The weights the stack's config holds at the end. */
    readonly finalWeights: Weights;
    readonly firstFailure?: string;
    readonly rollbackError?: string;
    readonly results: readonly StackResult[];
}

/** What the gate cannot see for one service of a stack. */
export async function blindSpots(info: StackInfo, service: string): Promise<string[]> {
    const svc = info.config.services.find((s) => s.name === service)!;
    const reader = await ENGINES[info.config.engine].health?.();
    return reader ? reader.blind({ service, ingress: svc.ingress, compute: info.config.compute }) : [`${ENGINES[info.config.engine].title} gives the gate no traffic or target signals`];
}

export async function runGatedShift(info: StackInfo, service: string, plan: { from: Weights; target: Weights; steps: readonly GateStep[] }, settings: GateSettings, deps: GatedDeps): Promise<GatedShiftOutcome> {
    const stack = await deps.openStack(info);
    const results: StackResult[] = [];
    // A throttling back-off ends at Ctrl-C, and no further try is made (the rollback is not delayed).
    const scope = await healthScope(info, service, stack, deps.credentials(info), sleepUntilAborted((ms, signal) => deps.sleep(ms, signal), deps.signal));
    const deployer = weightDeployer(info, service, stack, deps, results);
    const watched = watchedCells(plan.from, plan.target);
    const blind = await blindSpots(info, service);
    for (const b of blind) deps.reporter.line(`[${info.name}] gate cannot see: ${b}`);
    deps.reporter.line(`[${info.name}] gate watches ${watched.join(", ")} of ${service}: 5XX <= ${settings.maxErrorRatePercent}%, p99 <= ${settings.maxLatencyMs} ms, >= ${settings.minRequests} requests per ${settings.intervalSeconds}s, ${settings.failureThreshold} failures roll back, propagation ${settings.propagationSeconds}s, bake ${settings.bakeSeconds}s`);
    const run = await runGate({ from: plan.from, steps: plan.steps, watched, settings }, {
        clock: { now: deps.now, sleep: deps.sleep },
        read: (window) => readService(scope, info.config.engine, info.config.compute, window),
        deploy: (weights, step) => {
            deps.reporter.line(`[${info.name}] shift ${service} step ${step + 1}/${plan.steps.length} (${plan.steps[step].percent}%): ${Object.entries(weights).map(([c, w]) => `${c}=${w}`).join(" ")}`);
            return deployer.up(weights, deps.signal);
        },
        // A rollback runs even after Ctrl-C: its up gets a signal of its own (a second Ctrl-C exits).
        rollback: (weights) => deployer.up(weights, new AbortController().signal),
        signal: deps.signal,
        line: (t) => deps.reporter.line(`[${info.name}] ${t}`),
    });
    return {
        stack: info.name, service, from: plan.from, target: plan.target, watched, settings, blind, result: run.result, decisions: run.decisions,
        finalWeights: deployer.configured(), results,
        ...(run.firstFailure ? { firstFailure: run.firstFailure } : {}), ...(run.rollbackError ? { rollbackError: run.rollbackError } : {}),
    };
}

/** The error text for a gated shift that did not promote; undefined when it did. */
export function gateFailureMessage(o: GatedShiftOutcome, command: string): string | undefined {
    const show = (w: Weights) => Object.entries(w).map(([c, v]) => `${c}=${v}`).join(" ");
    switch (o.result) {
        case "promoted":
            return undefined;
        case "inconclusive":
            return `${command} halted, inconclusive: too little traffic or no data for ${o.watched.join(", ")} (see the checks above); ${o.stack} keeps ${show(o.finalWeights)} deployed. Send traffic and run the same command again, or lower --min-requests on purpose.`;
        case "rolled-back":
            return `${command} rolled back: ${o.firstFailure ?? "the gate failed"}; ${o.stack} is back at ${show(o.finalWeights)} (deployed).`;
        case "cancelled":
            return `${command} cancelled by Ctrl-C; ${o.stack} is back at ${show(o.finalWeights)} (deployed).`;
        case "rollback-failed":
            return `${command} failed: ${o.firstFailure ?? "the gate failed"}; then the rollback to ${show(o.finalWeights)} did not deploy: ${o.rollbackError ?? "up failed"}. The config holds ${show(o.finalWeights)}; fix the error and run npm run shift -- --stack ${o.stack} --service ${o.service} --weights ${show(o.finalWeights).replace(/ /g, ",")} to deploy it.`;
    }
}
