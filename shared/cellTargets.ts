// The `cellTargets` stack output: per service and cell, the AWS objects whose health the release gate
// reads (automation/gate, docs/releases.md). Outputs only: it adds no resource and changes none.

import type * as pulumi from "@pulumi/pulumi";
import type { CellmeshConfig } from "../config/types";
import type { WeightedAlb } from "./weightedAlb";

/** One cell's health sources, as the stack exports them (ARNs; absent where the engine has none). */
export interface CellTargets {
    /** The cell's VPC Lattice target group (ECS; on EKS the controller makes it and the gate finds it by its tags). */
    readonly latticeTargetGroupArn?: string;
    /** The entry service's weighted ALB and the cell's target group on it. */
    readonly loadBalancerArn?: string;
    readonly albTargetGroupArn?: string;
}

/** What a service component exposes for the output. */
export interface CellTargetSources {
    /** Lattice target group ARN by cell. */
    readonly latticeTargetGroupArns?: Readonly<Record<string, pulumi.Output<string>>>;
    /** The entry service's weighted ALB. */
    readonly entry?: WeightedAlb;
}

/** `{ serviceb: { cell1: { latticeTargetGroupArn: ... } } }` for every service of the stack, in config order. */
export function cellTargetsOf(c: CellmeshConfig, services: readonly CellTargetSources[]): Record<string, Record<string, Record<string, pulumi.Output<string>>>> {
    return Object.fromEntries(c.services.map((svc, i) => [svc.name, Object.fromEntries(svc.cells.map((cell) => {
        const s = services[i];
        const lattice = s.latticeTargetGroupArns?.[cell.name];
        const alb = s.entry?.targetGroupArns[cell.name];
        return [cell.name, {
            ...(lattice ? { latticeTargetGroupArn: lattice } : {}),
            ...(s.entry && alb ? { loadBalancerArn: s.entry.loadBalancerArn, albTargetGroupArn: alb } : {}),
        }];
    }))]));
}
