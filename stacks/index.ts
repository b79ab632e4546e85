// Pulumi entry point (Pulumi.yaml `main: stacks/`): load and validate this stack's config, then run
// the program its role selects. Validation throws before any resource is registered.

import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../config/load";
import { ConfigError } from "../config/types";
import { cellmeshProgram } from "./program";

function load() {
    try {
        return parseStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
    } catch (err) {
        // RunError prints the message alone, without a stack trace the user does not need.
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

export = cellmeshProgram(load());
