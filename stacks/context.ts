// What every part of a stack program is handed: the stack's validated config, and on a consumer the
// owner stack it joins.

import type { CellmeshConfig } from "../config/types";
import type { OwnerReference } from "./ownerContract";

export interface StackContext<C extends CellmeshConfig = CellmeshConfig> {
    readonly config: C;
    /** Set exactly on a consumer. */
    readonly owner?: OwnerReference;
}

/** `{ serviceb: { cell1: 50, cell2: 50 } }`: exported by every stack so status and plans can show it. */
export function weightsOf(c: CellmeshConfig): Record<string, Record<string, number>> {
    return Object.fromEntries(c.services.map((s) => [s.name, Object.fromEntries(s.cells.map((cell) => [cell.name, cell.weight]))]));
}

/** `{ servicea: <value> }` for every service of the stack, from the per-service results in config order. */
export function byService<S, T>(c: CellmeshConfig, services: readonly S[], pick: (svc: S) => T): Record<string, T> {
    return Object.fromEntries(services.map((svc, i) => [c.services[i].name, pick(svc)]));
}
