// App Mesh limits that both the components' guards and the config loader enforce. Pure: no imports.

/** App Mesh accepts 1 to 10 weighted targets per route, so a service has 1 to 10 cells. */
export const MAX_CELLS = 10;
/** App Mesh weights are integers 0..100 and a route's total must not exceed 100. */
export const MAX_WEIGHT = 100;
