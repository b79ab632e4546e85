// Where a cell's settings live in a stack's config, for the commands that write them (shift,
// release). A cell is written either as a weight (`cells.cell2: 20`) or as an object
// (`cells.cell2: { weight: 20, image: ... }`); each shape is written back in its own form, so
// `pulumi config set --path 'services.serviceb.cells.cell2' 20` and `... cells.cell2.weight 20`
// both keep working by hand.

import type { RawConfig } from "../config/types";
import { asStructured, isRecord } from "../config/validate";

/** The service's `cells` map as the stack file holds it (objects stay objects). */
export function rawCells(raw: RawConfig, service: string): Record<string, unknown> {
    const services = asStructured(raw["cellmesh:services"]);
    const svc = isRecord(services) ? asStructured(services[service]) : undefined;
    const cells = isRecord(svc) ? asStructured(svc.cells) : undefined;
    return isRecord(cells) ? cells : {};
}

/** True when the cell is written as an object `{ weight, image?, ... }`. */
export function isCellObject(raw: RawConfig, service: string, cell: string): boolean {
    return isRecord(asStructured(rawCells(raw, service)[cell]));
}

/** The `--path` config key of a cell: `cellmesh:services.<service>.cells.<cell>`. */
export function cellKey(service: string, cell: string): string {
    return `cellmesh:services.${service}.cells.${cell}`;
}

/**
 * The `--path` config key of a cell's weight: `cellmesh:services.<service>.cells.<cell>[.weight]`.
 * `asObject`: the cell's shape when the caller tracks it (a release turns a plain weight into an object).
 */
export function cellWeightKey(raw: RawConfig, service: string, cell: string, asObject = isCellObject(raw, service, cell)): string {
    const key = cellKey(service, cell);
    return asObject ? `${key}.weight` : key;
}

/** The raw config with the service's weights replaced, every cell in its own shape (for validation). */
export function withCellWeights(raw: RawConfig, service: string, weights: Readonly<Record<string, number>>): RawConfig {
    const services = asStructured(raw["cellmesh:services"]);
    const copy = JSON.parse(JSON.stringify(isRecord(services) ? services : {})) as Record<string, Record<string, unknown>>;
    const cells: Record<string, unknown> = JSON.parse(JSON.stringify(rawCells(raw, service)));
    for (const [cell, weight] of Object.entries(weights)) {
        const current = asStructured(cells[cell]);
        cells[cell] = isRecord(current) ? { ...current, weight } : weight;
    }
    copy[service] = { ...asStructured(copy[service]) as Record<string, unknown>, cells };
    return { ...raw, "cellmesh:services": copy };
}
