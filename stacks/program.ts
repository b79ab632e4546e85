// The one entry into the stack programs: the Pulumi entry point (stacks/index.ts), the rollout
// driver (automation/) and the offline plan all call `cellmeshProgram`, so they run the same code.

import { CellmeshConfig } from "../config/types";
import { consumerProgram } from "./consumer";
import { ownerProgram } from "./owner";

/** Stack outputs, as the Pulumi program exports them. */
export type StackOutputs = Record<string, unknown>;

/**
 * Runs the program the config's role selects and resolves to its stack outputs. Async because a
 * consumer reads one owner output (the sharing mode) as a plain value to decide what to create.
 */
export async function cellmeshProgram(config: CellmeshConfig): Promise<StackOutputs> {
    return config.role === "owner" ? ownerProgram(config) : consumerProgram(config);
}
