// Names that must be unique per AWS account and region across every stack of the project, in all its folders
// (network or mesh names, stack names). Pure. Why, with the AWS rules: docs/engines.md, "Names across the project".

import { ENGINES } from "../engines";
import type { CellmeshConfig } from "./types";

/** A stack of the project, and the folder its file is in (as shown: `.`, `examples/lattice-eks`). */
export interface ProjectStack {
    readonly name: string;
    readonly dir: string;
    readonly config: CellmeshConfig;
}


function listed(stacks: readonly ProjectStack[]): string {
    const names = stacks.map((s) => `${s.name} (${s.dir})`);
    return names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function groups<K>(stacks: readonly ProjectStack[], key: (s: ProjectStack) => K | undefined): ProjectStack[][] {
    const byKey = new Map<string, ProjectStack[]>();
    for (const s of stacks) {
        const k = key(s);
        if (k === undefined) continue;
        const id = JSON.stringify(k);
        byKey.set(id, [...(byKey.get(id) ?? []), s]);
    }
    return [...byKey.values()].filter((g) => g.length > 1);
}

/**
 * One line per clash: stacks that would create the same network (or mesh) name, or carry the same
 * stack name, in one account and region. With `focusDir`, only clashes that involve a stack of that
 * folder are reported (another folder's clash is that folder's to fix).
 */
export function sharedNameProblems(stacks: readonly ProjectStack[], focusDir?: string): string[] {
    const relevant = (g: readonly ProjectStack[]) => focusDir === undefined || g.some((s) => s.dir === focusDir);
    const problems: string[] = [];
    for (const g of groups(stacks, (s) => s.config.role === "owner" ? [s.config.engine, s.config.accountId, s.config.region, s.config.meshName] : undefined)) {
        if (!relevant(g)) continue;
        const c = g[0].config;
        if (c.role !== "owner") continue;
        problems.push(`stacks ${listed(g)} would ${g.length === 2 ? "both" : "each"} create the ${ENGINES[c.engine].service} ${ENGINES[c.engine].networkNoun} "${c.meshName}" in account ${c.accountId} (${c.region}); ` +
            `its name must be unique in the account (${ENGINES[c.engine].createNetworkApi}): give one of them another cellmesh:meshName`);
    }
    for (const g of groups(stacks, (s) => [s.name, s.config.accountId, s.config.region])) {
        if (!relevant(g)) continue;
        const c = g[0].config;
        problems.push(`stacks ${listed(g)} have the same name in account ${c.accountId} (${c.region}); cellmesh names a stack's ` +
            `cluster (cellmesh-${g[0].name}), task families and log groups after it, so they would collide: rename one of the stack files`);
    }
    return problems;
}
