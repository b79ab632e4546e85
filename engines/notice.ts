// What the plan and the driver print first about a project, before any other line: for each engine
// whose AWS service has ended (its `endOfSupport`), one notice naming the stacks that use it (design
// §7). Pure, so the exact text is tested once and both the plan (plan/cli.ts) and the driver
// (automation/cli.ts: rollout, preview, shift) print the same.

import type { Engine } from "./index";
import { ENGINES } from "./index";

/**
 * One short notice per ended engine that any of the stacks runs, naming them; empty otherwise.
 * `stacks` are in the order the caller shows them (owner first).
 */
export function endOfSupportNotices(stacks: readonly { readonly name: string; readonly config: { readonly engine: Engine } }[]): string[] {
    const notices: string[] = [];
    for (const [engine, e] of Object.entries(ENGINES) as [Engine, (typeof ENGINES)[Engine]][]) {
        if (!e.endOfSupport) continue;
        const users = stacks.filter((s) => s.config.engine === engine).map((s) => s.name);
        if (users.length === 0) continue;
        const which = users.length === 1 ? `stack ${users[0]} uses` : `stacks ${users.join(", ")} use`;
        notices.push(`Notice: AWS ended ${e.service} on ${e.endOfSupport.date}; ${which} cellmesh:engine: ${engine} and cannot be deployed. ${e.endOfSupport.advice}`);
    }
    return notices;
}
