// The one entry into the stack programs: the Pulumi entry point (stacks/index.ts), the rollout
// driver (automation/) and the offline plan all call `cellmeshProgram`, so they run the same code.

import { CellmeshConfig } from "./config";
import { consumerProgram } from "./consumer";
import { ownerProgram } from "./owner";

/** Stack outputs, as the Pulumi program exports them. */
export type StackOutputs = Record<string, unknown>;

/** Runs the program the config's role selects and returns its stack outputs. */
export function cellmeshProgram(config: CellmeshConfig): StackOutputs {
    return config.role === "owner" ? ownerProgram(config) : consumerProgram(config);
}
