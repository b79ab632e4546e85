// The gate's world for one service of one stack: its readers (the engine's and the compute's, loaded
// lazily through the registries), the stack's outputs, and deploys that write the weights into the
// stack's config (each cell in its own shape) and up that stack alone, as shift does.

import type { Stack } from "@pulumi/pulumi/automation";
import { COMPUTES } from "../../compute";
import { ENGINES } from "../../engines";
import type { CellReading, HealthScope, MetricWindow } from "../../shared/health/types";
import { cellWeightKey } from "../cellConfig";
import type { StackInfo } from "../discovery";
import { RunDeps, runStack } from "../orchestrate";
import type { AwsCredentialIdentityProvider } from "../preflight";
import type { StackResult } from "../progress";
import type { DeployResult } from "./run";
import type { Weights } from "./machine";

/** Every cell's readings (traffic over the window, targets and tasks now) for one service. */
export async function readService(scope: HealthScope, engine: StackInfo["config"]["engine"], compute: StackInfo["config"]["compute"], window: MetricWindow): Promise<CellReading[]> {
    const engineReader = await ENGINES[engine].health?.();
    const computeReader = await COMPUTES[compute].health();
    const [traffic, targets, workloads] = await Promise.all([
        engineReader ? engineReader.traffic(scope, window) : Promise.resolve({}),
        engineReader ? engineReader.targets(scope) : Promise.resolve({}),
        computeReader.workloads(scope),
    ]);
    return scope.cells.map((cell) => ({
        cell, traffic: (traffic as Record<string, CellReading["traffic"]>)[cell] ?? [], targets: (targets as Record<string, CellReading["targets"]>)[cell] ?? [],
        ...(workloads[cell] ? { workload: workloads[cell] } : {}),
    }));
}

/** The scope of `service` in `info`'s stack, with its outputs as the stack holds them now. */
export async function healthScope(info: StackInfo, service: string, stack: Stack, credentials: AwsCredentialIdentityProvider, sleep: (ms: number) => Promise<void>): Promise<HealthScope> {
    const svc = info.config.services.find((s) => s.name === service)!;
    const outputs = Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, v.value]));
    const namespace = info.config.eks?.appNamespace;
    return {
        stack: info.name, region: info.config.region, service, cells: svc.cells.map((c) => c.name), ingress: svc.ingress, outputs,
        ...(namespace ? { namespace } : {}), credentials, sleep,
    };
}

/** Writes the weights that differ from `configured` (the cells' own shapes) and ups the stack. */
export function weightDeployer(info: StackInfo, service: string, stack: Stack, runDeps: RunDeps, results: StackResult[], keyOf: (cell: string) => string = (cell) => cellWeightKey(info.raw, service, cell)) {
    let configured: Weights = Object.fromEntries(info.config.services.find((s) => s.name === service)!.cells.map((c) => [c.name, c.weight]));
    const write = async (to: Weights) => {
        for (const [cell, weight] of Object.entries(to)) {
            if (configured[cell] !== weight) await stack.setConfig(keyOf(cell), { value: String(weight) }, true);
        }
        configured = to;
    };
    const up = async (to: Weights, signal: AbortSignal): Promise<DeployResult> => {
        await write(to);
        const result = await runStack(info, "up", { ...runDeps, signal, openStack: async () => stack });
        results.push(result);
        return result.result === "succeeded" ? { ok: true } : { ok: false, message: result.message ?? result.result };
    };
    /** After a write the deployer did not make (release's image change). */
    const assume = (weights: Weights) => void (configured = weights);
    return { up, write, assume, configured: () => configured };
}
