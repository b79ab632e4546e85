// What the plan and the driver print first about a project, before any other line: today only
// AWS App Mesh's end of support (design §7). Pure, so the exact text is tested once and both the
// plan (plan/cli.ts) and the driver (automation/cli.ts: rollout, preview, shift) print the same.

import { Engine } from "./config";

/** The date AWS ended App Mesh: no account can create or reach App Mesh resources since. */
export const APP_MESH_END_OF_SUPPORT = "2026-09-30";

/**
 * One short notice when any of the stacks runs the App Mesh engine, naming them; undefined
 * otherwise. `stacks` are in the order the caller shows them (owner first).
 */
export function appMeshNotice(stacks: readonly { readonly name: string; readonly config: { readonly engine: Engine } }[]): string | undefined {
    const appMesh = stacks.filter((s) => s.config.engine === "appmesh").map((s) => s.name);
    if (appMesh.length === 0) return undefined;
    const which = appMesh.length === 1 ? `stack ${appMesh[0]} uses` : `stacks ${appMesh.join(", ")} use`;
    return `Notice: AWS ended App Mesh on ${APP_MESH_END_OF_SUPPORT}; ${which} cellmesh:engine: appmesh and cannot be deployed. ` +
        "VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice).";
}
