// The names the computes give AWS objects after the stack, its services and cells. Pure: the
// programs build their resources with them and the config loader checks them against AWS's limits
// (config/derivedNames.ts), so the two cannot drift apart.

import type { NameKind } from "../shared/awsNames";

/** The ECS cluster and the EKS cluster of a stack. */
export const clusterName = (stack: string): string => `cellmesh-${stack}`;
/** A cell's ECS task family, which is also its ECS service's name. */
export const taskFamily = (prefix: string, service: string, cell: string): string => `${prefix}-${service}-${cell}`;
/** A Fargate task's log group. */
export const taskLogGroup = (family: string): string => `/cellmesh/${family}`;

/** A name made from config: which kind, what it names, and the config key it comes from. */
export interface DerivedName {
    readonly kind: NameKind;
    readonly name: string;
    /** For messages: `the ECS cluster`. */
    readonly what: string;
    /** The key the name is made from (`stack` for the stack's own name) and its value. */
    readonly key: string;
    readonly value: unknown;
}

type Cells = readonly { readonly name: string; readonly cells: readonly { readonly name: string }[] }[];

/** What ECS Fargate names after the stack and its cells. */
export function ecsDerivedNames(stack: string, services: Cells): DerivedName[] {
    const names: DerivedName[] = [{ kind: "ecsCluster", name: clusterName(stack), what: "the ECS cluster", key: "stack", value: stack }];
    for (const svc of services) {
        for (const cell of svc.cells) {
            const family = taskFamily(stack, svc.name, cell.name);
            const key = `cellmesh:services.${svc.name}.cells.${cell.name}`;
            names.push(
                { kind: "ecsFamily", name: family, what: "the ECS task family and service", key, value: cell.name },
                { kind: "logGroup", name: taskLogGroup(family), what: "the log group", key, value: cell.name },
            );
        }
    }
    return names;
}

/** What EKS names after the stack. */
export function eksDerivedNames(stack: string): DerivedName[] {
    return [{ kind: "eksCluster", name: clusterName(stack), what: "the EKS cluster", key: "stack", value: stack }];
}
