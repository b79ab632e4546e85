// Names that must be unique in an AWS account across every stack of one Pulumi project, wherever
// its stack files live (the repository root and each examples/ folder are the same project,
// "cellmesh", run by the same stacks/ program, so their stacks can share accounts and a backend).
// Pure: the driver's and the plan's discovery (automation/discovery.ts) call it with every stack of
// the project it finds, so both refuse the same clash with the same message before anything runs.
//
// - A VPC Lattice service network's name must be unique in its account (VPC Lattice API reference,
//   CreateServiceNetwork, `name`: "The name must be unique to the account"). An App Mesh mesh is
//   identified by its name alone (its ARN is `arn:<partition>:appmesh:<region>:<account>:mesh/<name>`),
//   so a second CreateMesh of that name addresses the first. Both APIs are regional: the key is the
//   account and the region.
// - cellmesh names each stack's ECS or EKS cluster (`cellmesh-<stack>`), task families and log
//   groups after the stack, so two stacks of one name in one account and region would collide.

import { CellmeshConfig } from "./config";

/** A stack of the project, and the folder its file is in (as shown: `.`, `examples/lattice-eks`). */
export interface ProjectStack {
    readonly name: string;
    readonly dir: string;
    readonly config: CellmeshConfig;
}

const KIND = { lattice: "the VPC Lattice service network", appmesh: "the App Mesh mesh" } as const;
const API = { lattice: "CreateServiceNetwork", appmesh: "CreateMesh" } as const;

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
        problems.push(`stacks ${listed(g)} would ${g.length === 2 ? "both" : "each"} create ${KIND[c.engine]} "${c.meshName}" in account ${c.accountId} (${c.region}); ` +
            `its name must be unique in the account (${API[c.engine]}): give one of them another cellmesh:meshName`);
    }
    for (const g of groups(stacks, (s) => [s.name, s.config.accountId, s.config.region])) {
        if (!relevant(g)) continue;
        const c = g[0].config;
        problems.push(`stacks ${listed(g)} have the same name in account ${c.accountId} (${c.region}); cellmesh names a stack's ` +
            `cluster (cellmesh-${g[0].name}), task families and log groups after it, so they would collide: rename one of the stack files`);
    }
    return problems;
}
