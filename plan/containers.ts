// What cellmesh puts in a cell's containers, read back from its task definition (ECS) or Deployment
// (EKS): the app's environment (SERVICE_NAME, BACKENDS ...), which names the services it calls.

import type { RawResource } from "./engine";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

/** The environment of a task definition's containers (ECS) or a Deployment's pod containers (EKS). */
function containerEnvironments(r: Pick<RawResource, "type" | "inputs">): { name?: string; value?: string }[][] {
    if (r.type === DEPLOYMENT) {
        const containers = (r.inputs.spec as any)?.template?.spec?.containers;
        return Array.isArray(containers) ? containers.map((c: any) => (Array.isArray(c?.env) ? c.env : [])) : [];
    }
    if (r.type !== TASK_DEFINITION || typeof r.inputs.containerDefinitions !== "string") return [];
    let containers: unknown;
    try {
        containers = JSON.parse(r.inputs.containerDefinitions);
    } catch {
        return [];
    }
    return Array.isArray(containers) ? containers.map((c: any) => (Array.isArray(c?.environment) ? c.environment : [])) : [];
}

/** The value of an environment variable cellmesh sets on a cell's app container (`SERVICE_NAME`), if any. */
export function cellEnv(r: { type: string; inputs: Record<string, unknown> }, name: string): string | undefined {
    for (const env of containerEnvironments(r)) {
        const value = env.find((e) => e?.name === name)?.value;
        if (typeof value === "string") return value;
    }
    return undefined;
}

/**
 * The hosts a cell's containers call (an ECS task definition, or on EKS a Deployment), from the
 * `BACKENDS` environment variable cellmesh sets (`http://servicex.internal-domain2.com:5001,...`).
 * On Lattice nothing else names a backend.
 */
export function taskBackends(r: { type: string; inputs: Record<string, unknown> }): string[] {
    const hosts: string[] = [];
    for (const env of containerEnvironments(r)) {
        const value = env.find((e) => e?.name === "BACKENDS")?.value ?? "";
        for (const url of value.split(",").filter(Boolean)) {
            const host = /^[a-z0-9]+:\/\/([^:/]+)/.exec(url)?.[1];
            if (host && !hosts.includes(host)) hosts.push(host);
        }
    }
    return hosts;
}

/** What `images` shows for a cell running the demo app (the stock Node image with the app's source). */
export const DEMO_APP_LABEL = "demo app";

/**
 * The image of a cell's app container (the container named `app`: a task definition's on ECS, the
 * pod template's on EKS), `demo app` when it runs the demo app's source, undefined for other resources.
 */
export function appImage(r: Pick<RawResource, "type" | "inputs">): string | undefined {
    let containers: unknown;
    if (r.type === DEPLOYMENT) {
        containers = (r.inputs.spec as any)?.template?.spec?.containers;
    } else if (r.type === TASK_DEFINITION && typeof r.inputs.containerDefinitions === "string") {
        try {
            containers = JSON.parse(r.inputs.containerDefinitions);
        } catch {
            return undefined;
        }
    }
    const app = Array.isArray(containers) ? containers.find((c: any) => c?.name === "app") : undefined;
    if (!app || typeof app.image !== "string") return undefined;
    return Array.isArray(app.command) && app.command[0] === "node" && app.command[1] === "-e" ? DEMO_APP_LABEL : app.image;
}
