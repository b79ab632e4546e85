// App Mesh limits that the config loader and the policy pack enforce. Pure.

import { WeightRules } from "../../shared/cellWeight";

/** App Mesh accepts 1 to 10 weighted targets per route, so a service has 1 to 10 cells. */
export const MAX_CELLS = 10;
/** App Mesh weights are integers 0..100 and a route's total must not exceed 100. */
export const MAX_WEIGHT = 100;

/** Weighted targets of a route (reference fact 17): the rules every App Mesh service's cells follow. */
export const APPMESH_WEIGHTS: WeightRules = { engine: "App Mesh", maxCells: MAX_CELLS, maxWeight: MAX_WEIGHT, maxTotal: MAX_WEIGHT };
