// A service's cells (`cellmesh:services.<service>.cells`): their names, their weights under the
// engine's rules, and what a cell written as an object overrides (a version per cell).

import { CELL_OBJECT_KEYS, CellWeight, WeightRules, weightProblems, weightRangeMessage } from "../shared/cellWeight";
import { parseEnvironment } from "./environment";
import { Problems } from "./problems";
import { asInteger, asStructured, isDnsLabel, isPinnedImage, isRecord } from "./validate";

/**
 * A service's cells: each name a DNS label whose `<service>-<cell>` is not another service, each
 * a weight or an object `{ weight, image?, environment?, desiredCount? }` (a version per cell, its
 * fields checked as the service's); then the engine's weight rules (shared/cellWeight.ts), checked
 * here once.
 */
export function parseCells(p: Problems, key: string, raw: unknown, service: string, serviceNames: readonly string[], rules: WeightRules): CellWeight[] {
    if (!isRecord(raw) || Object.keys(raw).length === 0 || Object.keys(raw).length > rules.maxCells) {
        p.add(key, raw, `a map of 1 to ${rules.maxCells} cells from cell name to weight (${rules.engine} splits a service over at most ${rules.maxCells}), e.g. { cell1: 50, cell2: 50 }`);
        return [];
    }
    const cells: CellWeight[] = [];
    /** Where each cell's weight is written: `<key>.<cell>`, or `<key>.<cell>.weight` for an object. */
    const weightKey: Record<string, string> = {};
    for (const [cell, value] of Object.entries(raw)) {
        if (!isDnsLabel(cell)) {
            p.add(`${key}.${cell}`, cell, "a cell name must be DNS-safe: lowercase letters, digits and inner hyphens");
            continue;
        }
        // Each cell is addressable on its own as `<service>-<cell>`: that name must stay a DNS label
        // and must not be another service's name.
        const cellName = `${service}-${cell}`;
        if (cellName.length > 63) {
            p.add(`${key}.${cell}`, cell, `the cell's own name "${cellName}" is longer than 63 characters; shorten the service or cell name`);
        } else if (serviceNames.includes(cellName)) {
            p.add(`${key}.${cell}`, cell, `the cell's own name "${cellName}" is also a service name; rename the cell or the service`);
        }
        const structured = asStructured(value);
        if (isRecord(structured)) {
            const parsed = parseCellObject(p, `${key}.${cell}`, structured, rules);
            weightKey[cell] = `${key}.${cell}.weight`;
            if (parsed) cells.push({ name: cell, ...parsed });
            continue;
        }
        const weight = asInteger(value);
        if (weight === undefined) {
            p.add(`${key}.${cell}`, value, weightRangeMessage(rules));
            continue;
        }
        weightKey[cell] = `${key}.${cell}`;
        cells.push({ name: cell, weight });
    }
    if (cells.length === Object.keys(raw).length) {
        for (const problem of weightProblems(rules, cells)) p.add(problem.cell ? weightKey[problem.cell] ?? `${key}.${problem.cell}` : key, problem.value, problem.message);
    }
    return cells;
}

/** A cell written as an object: its weight and what it overrides; undefined when its weight is unusable. */
function parseCellObject(p: Problems, key: string, raw: Record<string, unknown>, rules: WeightRules): Omit<CellWeight, "name"> | undefined {
    for (const field of Object.keys(raw)) {
        if (!(CELL_OBJECT_KEYS as readonly string[]).includes(field)) p.add(`${key}.${field}`, raw[field], `not a cell setting; valid settings are ${CELL_OBJECT_KEYS.join(", ")}`);
    }
    const overrides: { image?: string; environment?: Record<string, string>; desiredCount?: number } = {};
    if (raw.image !== undefined) {
        if (!isPinnedImage(raw.image)) p.add(`${key}.image`, raw.image, "an image reference with an explicit tag other than latest (or a digest)");
        else overrides.image = raw.image;
    }
    if (raw.environment !== undefined) overrides.environment = parseEnvironment(p, `${key}.environment`, asStructured(raw.environment));
    if (raw.desiredCount !== undefined) {
        const desiredCount = asInteger(raw.desiredCount);
        if (desiredCount === undefined || desiredCount < 0 || desiredCount > 100) p.add(`${key}.desiredCount`, raw.desiredCount, "an integer from 0 to 100 (tasks per cell)");
        else overrides.desiredCount = desiredCount;
    }
    const weight = asInteger(raw.weight);
    if (weight === undefined) {
        p.add(`${key}.weight`, raw.weight, raw.weight === undefined ? `a cell written as an object needs its weight: ${weightRangeMessage(rules)}` : weightRangeMessage(rules));
        return undefined;
    }
    return { weight, ...(Object.keys(overrides).length > 0 ? { overrides } : {}) };
}

/**
 * `<service>-<cell>` names each cell's own AWS objects (its VPC Lattice target group, App Mesh virtual
 * node and Cloud Map service, ECS service and task family, Kubernetes Service), so it must be unique
 * across the stack's services: service `a` with cell `b-c` and service `a-b` with cell `c` are both
 * `a-b-c`. Reported once, on the later cell, naming the earlier.
 */
export function cellNameCollisions(p: Problems, services: readonly { readonly name: string; readonly cells: readonly { readonly name: string }[] }[]): void {
    const first = new Map<string, string>();
    for (const svc of services) {
        for (const cell of svc.cells) {
            const own = `${svc.name}-${cell.name}`;
            const earlier = first.get(own);
            if (earlier === undefined) {
                first.set(own, `cellmesh:services.${svc.name}.cells.${cell.name}`);
                continue;
            }
            p.add(`cellmesh:services.${svc.name}.cells.${cell.name}`, cell.name,
                `the cell's own name "${own}" is also that of ${earlier}; it names the cell's AWS objects (target group, virtual node, ECS service and task family, Kubernetes Service), so it must be unique in the stack: rename one of the two cells or services`);
        }
    }
}

/**
 * A cell that takes traffic needs tasks: a weight above 0 with desiredCount 0 (the cell's own, or
 * the service's it inherits) sends requests to a target group or virtual node with nothing behind it.
 */
export function idleCellProblems(p: Problems, key: string, cells: readonly CellWeight[], serviceDesiredCount: number): void {
    const own = cells.filter((c) => c.weight > 0 && c.overrides?.desiredCount === 0);
    for (const c of own) {
        p.add(`${key}.cells.${c.name}.desiredCount`, 0, `cell ${c.name} has weight ${c.weight}, so it takes traffic and needs tasks: an integer from 1 to 100, or weight 0 to take the cell out of traffic first`);
    }
    const inheriting = cells.filter((c) => c.weight > 0 && c.overrides?.desiredCount === undefined);
    if (serviceDesiredCount === 0 && inheriting.length > 0) {
        const one = inheriting.length === 1;
        const cellsText = `${one ? "cell" : "cells"} ${inheriting.map((c) => c.name).join(", ")}`;
        p.add(`${key}.desiredCount`, 0, `${cellsText} ${one ? "takes" : "take"} traffic (weight above 0) and would have no tasks: an integer from 1 to 100, or give ${one ? "that cell" : "those cells"} weight 0 or a desiredCount of ${one ? "its" : "their"} own`);
    }
}
