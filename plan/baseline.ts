// The saved plan `--diff` compares with: read and checked before anything is planned, so a file that
// is not a plan.json (a stack file, a typo) or a plan of another project or folder is one clean line,
// not a stack trace or a diff where everything is "added".

import * as fs from "node:fs";
import { usageError } from "../automation/usage";
import type { Plan } from "./model";

/** Reads `file` as a plan.json written by `npm run plan`. */
export function readBaseline(file: string, outDir: string): Plan {
    if (!fs.existsSync(file)) {
        throw usageError("plan", `--diff ${file}: no such file (run npm run plan once first, it writes ${outDir}/plan.json; or save one with: cp ${outDir}/plan.json before.json)`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        throw usageError("plan", `--diff ${file} is not a plan.json written by npm run plan (it is not JSON)`);
    }
    const plan = doc as Partial<Plan> | null;
    if (plan?.version !== 1 || !Array.isArray(plan.stacks) || typeof plan.project !== "string") {
        throw usageError("plan", `--diff ${file} is not a plan.json written by npm run plan (no version 1 plan with a project and stacks)`);
    }
    return plan as Plan;
}

/** The saved plan must be of this project and of this folder (some stack in common). */
export function checkBaseline(before: Plan, file: string, project: string, stacks: readonly string[], dir: string): void {
    if (before.project !== project) {
        throw usageError("plan", `--diff ${file} is a plan of project ${before.project}, not of ${project}; compare with a plan.json of this project`);
    }
    const theirs = before.stacks.map((s) => s.stack);
    if (!theirs.some((s) => stacks.includes(s))) {
        throw usageError("plan", `--diff ${file} plans the stacks ${theirs.join(", ")}, none of which is a stack of ${dir} (${stacks.join(", ")}): it is a plan of another folder; compare with a plan.json of this one`);
    }
}
