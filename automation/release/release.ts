// `release`: a new image for one service, one cell at a time (the first named is the canary). Per
// cell: drain it (weight 0, deployed), give it the image (cells.<cell>.image, deployed), wait until
// its tasks or pods run and its targets are healthy, optionally GET a URL pinned to it, then bring
// its weight back in gated steps (automation/gate) and bake; a cell at weight 0 (a standby) has no
// traffic to judge, so it is released on task and target health alone. A failure gives the cell its
// previous image at weight 0 (deployed), waits until that runs healthy, then gives it its weight back
// (deployed) and stops; a resume skips cells that already run the image at their weight and
// continues the one in progress from its configured weight.

import type { Stack } from "@pulumi/pulumi/automation";
import { isPinnedImage } from "../../config/validate";
import type { CellReading, HealthScope, MetricWindow } from "../../shared/health/types";
import { sleepUntilAborted } from "../../shared/health/retry";
import { cellKey, cellWeightKey, isCellObject } from "../cellConfig";
import type { StackInfo } from "../discovery";
import { DriverError } from "../errors";
import type { StackResult } from "../progress";
import { interpolate } from "../shift";
import type { Decision, GateResult, Weights } from "../gate/machine";
import { runGate } from "../gate/run";
import type { GateSettings } from "../gate/settings";
import { GatedDeps, blindSpots } from "../gate/shift";
import { healthScope, readService, weightDeployer } from "../gate/world";
import { ReleaseRecord, readRecord, recordFile, writeRecord } from "./record";

export interface ReleaseOptions {
    readonly service: string;
    readonly image: string;
    readonly cells?: readonly string[];
    readonly steps: readonly number[];
    readonly settings: GateSettings;
    readonly checkUrl?: string;
    /** How long a cell may take to run its tasks and pass its health checks. @default 600 */
    readonly settleTimeoutSeconds?: number;
}

export interface ReleaseDeps extends GatedDeps {
    readonly projectDir: string;
    /** Reads the cells (tests pass a fake; default: the engine's and compute's readers). */
    read?(scope: HealthScope, window: MetricWindow): Promise<CellReading[]>;
    /** GETs the pinned URL; resolves to the HTTP status. */
    get?(url: string, headers: Record<string, string>): Promise<number>;
}

export interface CellRelease {
    readonly cell: string;
    /** `restored-drained`: back on its previous image, which did not run healthy, so left at weight 0. */
    readonly outcome: "skipped" | "released" | "restored" | "restored-drained" | "restore-failed" | "halted" | "cancelled";
    readonly note?: string;
    readonly decisions: readonly Decision[];
}

export interface ReleaseOutcome {
    readonly stack: string;
    readonly service: string;
    readonly image: string;
    readonly order: readonly string[];
    readonly blind: readonly string[];
    readonly cells: readonly CellRelease[];
    readonly results: readonly StackResult[];
    /** Set when the release stopped: where, why and how to resume. */
    readonly stopped?: string;
}

const show = (w: Weights) => Object.entries(w).map(([c, v]) => `${c}=${v}`).join(" ");

/** The cells' weights and own images as the stack's config holds them now. */
function configured(info: StackInfo, service: string): { weights: Record<string, number>; images: Record<string, string | null> } {
    const svc = info.config.services.find((s) => s.name === service);
    if (!svc) throw new DriverError(`stack ${info.name} has no service "${service}"; its services: ${info.config.services.map((s) => s.name).join(", ")}`);
    return {
        weights: Object.fromEntries(svc.cells.map((c) => [c.name, c.weight])),
        images: Object.fromEntries(svc.cells.map((c) => [c.name, c.overrides?.image ?? null])),
    };
}

/** Checks the command against the config before anything changes. */
export function planRelease(info: StackInfo, o: ReleaseOptions, existing: ReleaseRecord | undefined): ReleaseRecord {
    const { weights, images } = configured(info, o.service);
    const names = Object.keys(weights);
    if (!isPinnedImage(o.image)) throw new DriverError(`--image "${o.image}": an image reference with an explicit tag other than latest (or a digest)`);
    const order = o.cells ?? existing?.cells ?? names;
    const unknown = order.filter((c) => !names.includes(c));
    if (unknown.length > 0) throw new DriverError(`--cells: service ${o.service} of stack ${info.name} has no cell ${unknown.join(", ")}; its cells: ${names.join(", ")}`);
    if (new Set(order).size !== order.length) throw new DriverError(`--cells "${order.join(",")}": name each cell once`);
    if (o.checkUrl && !info.config.services.find((s) => s.name === o.service)!.traffic.pinning) {
        throw new DriverError(`--check-url needs cellPinning on ${o.service} (its header sends the check to the cell); add cellPinning: { header: x-cell } to it and roll out first`);
    }
    if (names.length < 2) throw new DriverError(`service ${o.service} has one cell: draining it would leave the service no traffic; add a cell (cells.<name>) and roll out first, or change its image with rollout`);
    if (existing && existing.image !== o.image) {
        throw new DriverError(`a release of ${existing.image} to ${o.service} in stack ${info.name} is not finished (${recordFile(".", info.name, o.service).replace(/^\.\//, "")}); resume it with npm run release -- --stack ${info.name} --service ${o.service} --image ${existing.image}, or delete that file to give it up`);
    }
    return existing ?? { stack: info.name, service: o.service, image: o.image, cells: order, homeWeights: weights, previousImages: images };
}

export async function runRelease(info: StackInfo, o: ReleaseOptions, deps: ReleaseDeps): Promise<ReleaseOutcome> {
    const file = recordFile(deps.projectDir, info.name, o.service);
    const record = planRelease(info, o, readRecord(file));
    writeRecord(file, record);
    const stack = await deps.openStack(info);
    const results: StackResult[] = [];
    // A throttling back-off ends at Ctrl-C, and no further try is made (the stop is not delayed).
    const scope = await healthScope(info, o.service, stack, deps.credentials(info), sleepUntilAborted((ms, signal) => deps.sleep(ms, signal), deps.signal));
    const read = (window: MetricWindow) => (deps.read ? deps.read(scope, window) : readService(scope, info.config.engine, info.config.compute, window));
    /** Whether each cell is written as an object now (a release turns a plain weight into one). */
    const objects = new Set(Object.keys(configured(info, o.service).weights).filter((c) => isCellObject(info.raw, o.service, c)));
    const deployer = weightDeployer(info, o.service, stack, deps, results, (cell) => cellWeightKey(info.raw, o.service, cell, objects.has(cell)));
    const blind = await blindSpots(info, o.service);
    const line = (t: string) => deps.reporter.line(`[${info.name}] ${t}`);
    for (const b of blind) line(`gate cannot see: ${b}`);
    const now = configured(info, o.service);
    const images: Record<string, string | null> = { ...now.images };
    const cells: CellRelease[] = [];
    const out = (stopped?: string): ReleaseOutcome => ({ stack: info.name, service: o.service, image: record.image, order: record.cells, blind, cells, results, ...(stopped ? { stopped } : {}) });
    const resume = `npm run release -- --stack ${info.name} --service ${o.service} --image ${record.image}`;
    /** Restoring ups run even after Ctrl-C, like the gate's rollback: a signal that never aborts. */
    const never = new AbortController().signal;
    const timeout = (o.settleTimeoutSeconds ?? 600) * 1000;

    /**
     * Writes a cell's image and its weight in the cell's shape: a plain weight becomes an object
     * `{ weight, image }`; restoring a cell that was a plain weight makes it one again.
     */
    const setImage = async (cell: string, image: string | null, weight: number) => {
        const key = cellKey(o.service, cell);
        const plainBefore = record.previousImages[cell] === null && !isCellObject(info.raw, o.service, cell);
        if (image === null && plainBefore) {
            if (objects.has(cell)) await stack.removeConfig(key, true);
            await stack.setConfig(key, { value: String(weight) }, true);
            objects.delete(cell);
        } else {
            if (!objects.has(cell)) await stack.removeConfig(key, true);
            await stack.setConfig(cellWeightKey(info.raw, o.service, cell, true), { value: String(weight) }, true);
            if (image === null) await stack.removeConfig(`${key}.image`, true);
            else await stack.setConfig(`${key}.image`, { value: image }, true);
            objects.add(cell);
        }
        images[cell] = image;
        deployer.assume({ ...deployer.configured(), [cell]: weight });
    };

    /** Waits until the cell's tasks or pods run, settled, and its targets are healthy (at most `timeout`). */
    const waitHealthy = async (cell: string, image: string): Promise<{ ok: true } | { ok: false; why: string; cancelled?: true }> => {
        const since = deps.now();
        for (;;) {
            const end = Math.floor(deps.now() / 60_000) * 60_000;
            let readings: CellReading[];
            try {
                readings = await read({ start: new Date(end - 60_000), end: new Date(end) });
            } catch (err) {
                // A throttling back-off ends at Ctrl-C and the read then fails: that is the Ctrl-C, not a reader error.
                if (deps.signal.aborted) return { ok: false, why: "Ctrl-C came before it was healthy", cancelled: true };
                throw err;
            }
            const mine = readings.find((r) => r.cell === cell);
            const w = mine?.workload;
            const targetsOk = (mine?.targets ?? []).every((t) => t.targets.length > 0 && t.targets.every((x) => ["HEALTHY", "healthy"].includes(x.state)));
            if (w?.failed) return { ok: false, why: `${w.source}: ${w.failed}` };
            if (w && w.settled && w.running >= w.desired && targetsOk) {
                line(`release ${o.service}: ${cell} runs ${w.running} of ${w.desired} on ${image}, targets healthy`);
                return { ok: true };
            }
            if (deps.now() - since >= timeout) {
                return { ok: false, why: `${w ? `${w.source}: ${w.running} of ${w.desired} running` : "no task status"}${targetsOk ? "" : ", targets not healthy"} after ${timeout / 1000}s` };
            }
            await deps.sleep(o.settings.intervalSeconds * 1000, deps.signal);
            if (deps.signal.aborted) return { ok: false, why: "Ctrl-C came before it was healthy", cancelled: true };
        }
    };

    for (const cell of record.cells) {
        const home = record.homeWeights[cell];
        const weights = deployer.configured();
        if (images[cell] === record.image && weights[cell] === home) {
            line(`release ${o.service}: ${cell} already runs ${record.image} at weight ${home}; skipped`);
            cells.push({ cell, outcome: "skipped", decisions: [] });
            continue;
        }
        if (deps.signal.aborted) return out(`cancelled by Ctrl-C before ${cell}; resume with ${resume}`);
        /**
         * Gives the cell back what it had, in two deployed steps so that no traffic reaches tasks that
         * are not healthy: its previous image at weight 0, then, once that runs healthy, its weight.
         */
        const restore = async (why: string, decisions: readonly Decision[] = []): Promise<ReleaseOutcome> => {
            const previous = record.previousImages[cell];
            const back = { ...deployer.configured(), [cell]: home };
            const shiftBack = `npm run shift -- --stack ${info.name} --service ${o.service} --weights ${show(back).replace(/ /g, ",")}`;
            const stop = (outcome: CellRelease["outcome"], note: string, state: string): ReleaseOutcome => {
                cells.push({ cell, outcome, note, decisions });
                return out(`stopped at ${cell}: ${why}; ${state}. Fix the cause and resume with ${resume}`);
            };
            if (images[cell] === previous) {
                // It never got the new image (its drain failed): its weight back is all there is to restore.
                line(`release ${o.service}: ${cell} failed (${why}); restoring its weights ${show(back)}`);
                const r = await deployer.up(back, never);
                return r.ok
                    ? stop("restored", why, `${cell} is back at weight ${home} (deployed)`)
                    : stop("restore-failed", `${why}; then restoring did not deploy: ${r.message}`, `restoring its weight did not deploy (${r.message}): the config holds weight ${home}, deploy it with npm run rollout -- --stacks ${info.name}`);
            }
            const label = previous ?? "the service's image";
            line(`release ${o.service}: ${cell} failed (${why}); restoring ${label} at weight 0, then, once it runs healthy, weights ${show(back)}`);
            await setImage(cell, previous, 0);
            const imaged = await deployer.up(deployer.configured(), never);
            if (!imaged.ok) {
                return stop("restore-failed", `${why}; then restoring its previous image did not deploy: ${imaged.message}`,
                    `restoring its previous image did not deploy (${imaged.message}): the config holds its previous image at weight 0; deploy it with npm run rollout -- --stacks ${info.name} and, once it runs healthy, give it its weight back with ${shiftBack}`);
            }
            // A reader that throws leaves the cell drained, as an unhealthy one does.
            const healthy = await waitHealthy(cell, label).catch((err: Error) => ({ ok: false as const, why: `its health could not be read: ${err?.name ?? "Error"}: ${String(err?.message ?? err).split("\n")[0]}` }));
            if (!healthy.ok) {
                return stop("restored-drained", `${why}; then its previous image was not healthy (${healthy.why}): left at weight 0`,
                    `${cell} is back on its previous image but not healthy (${healthy.why}): left at weight 0 (deployed); once it runs healthy, ${shiftBack} gives it its weight back`);
            }
            if (deployer.configured()[cell] !== home) {
                const r = await deployer.up(back, never);
                if (!r.ok) {
                    return stop("restore-failed", `${why}; then its weight did not deploy: ${r.message}`,
                        `${cell} is back on its previous image (deployed, healthy) but its weight ${home} did not deploy (${r.message}): the config holds it, deploy it with npm run rollout -- --stacks ${info.name}`);
                }
            }
            return stop("restored", why, `${cell} is back on its previous image at weight ${home} (deployed)`);
        };
        // 1. Drain and give the cell the image (skipped when a resumed cell already has it).
        if (images[cell] !== record.image) {
            if (weights[cell] !== 0) {
                line(`release ${o.service}: draining ${cell} (weight ${weights[cell]} -> 0)`);
                const drained = await deployer.up({ ...weights, [cell]: 0 }, deps.signal);
                if (!drained.ok) return restore(`draining did not deploy: ${drained.message}`);
            }
            line(`release ${o.service}: ${cell} gets ${record.image}`);
            await setImage(cell, record.image, 0);
            const r = await deployer.up(deployer.configured(), deps.signal);
            if (!r.ok) return restore(`the new image did not deploy: ${r.message}`);
        }
        // 2. Wait until its tasks or pods run and its targets are healthy.
        const healthy = await waitHealthy(cell, record.image);
        if (!healthy.ok && healthy.cancelled) return out(`cancelled by Ctrl-C while ${cell} started on ${record.image} (weight 0); resume with ${resume}`);
        if (!healthy.ok) return restore(healthy.why);
        // 3. Optionally, the cell alone through its pinned route, before it gets traffic.
        if (o.checkUrl) {
            // planRelease refused --check-url without pinning; the header defaults to x-cell.
            const header = info.config.services.find((s) => s.name === o.service)!.traffic.pinning!.header;
            const status = await (deps.get ?? httpStatus)(o.checkUrl, { [header]: cell });
            if (status < 200 || status > 299) return restore(`GET ${o.checkUrl} with ${header}: ${cell} answered HTTP ${status}`);
            line(`release ${o.service}: GET ${o.checkUrl} pinned to ${cell}: HTTP ${status}`);
        }
        // 4. A standby cell (weight 0) gets no traffic to judge: every evaluation would be inconclusive.
        const from = deployer.configured();
        if (home === 0 && from[cell] === 0) {
            const note = `${cell} has weight 0: released on task and target health only, no traffic to measure`;
            line(`release ${o.service}: ${note}`);
            cells.push({ cell, outcome: "released", note, decisions: [] });
            continue;
        }
        // 5. Its weight back in gated steps, from where the config has it.
        const target = { ...from, [cell]: home };
        const steps = o.steps.map((percent) => ({ percent, weights: percent === 100 ? target : interpolate(from, target, percent) }));
        const run = await runGate({ from, steps, watched: [cell], settings: o.settings }, {
            clock: { now: deps.now, sleep: deps.sleep },
            read,
            deploy: (w, step) => {
                line(`release ${o.service}: ${cell} step ${step + 1}/${steps.length} (${steps[step].percent}%): ${show(w)}`);
                return deployer.up(w, deps.signal);
            },
            rollback: (w) => deployer.up(w, never),
            signal: deps.signal,
            line,
        });
        const result: GateResult = run.result;
        if (result === "promoted") {
            cells.push({ cell, outcome: "released", decisions: run.decisions });
            continue;
        }
        if (result === "cancelled") {
            cells.push({ cell, outcome: "cancelled", decisions: run.decisions });
            return out(`cancelled by Ctrl-C at ${cell}, which runs ${record.image} at the last good weights ${show(run.deployed)} (deployed); resume with ${resume}`);
        }
        if (result === "inconclusive") {
            cells.push({ cell, outcome: "halted", note: "inconclusive", decisions: run.decisions });
            return out(`halted at ${cell}, inconclusive: too little traffic or no data (see the checks); it runs ${record.image} at ${show(run.deployed)}. Send traffic and resume with ${resume}`);
        }
        return restore(run.firstFailure ?? result, run.decisions);
    }
    (await import("node:fs")).rmSync(file, { force: true });
    return out();
}

/** GET with headers; the status code (a network error is status 0). */
async function httpStatus(url: string, headers: Record<string, string>): Promise<number> {
    try {
        return (await fetch(url, { headers, signal: AbortSignal.timeout(10_000) })).status;
    } catch {
        return 0;
    }
}

export type { Stack };
