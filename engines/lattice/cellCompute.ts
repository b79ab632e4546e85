// The seam between a cell's Lattice identity (LatticeCellService) and what runs it. The App Mesh
// seam (../compute.ts) hands over a virtual node and a Cloud Map service; on Lattice a cell is a
// target group, and the compute registers its tasks or pods there.

import * as pulumi from "@pulumi/pulumi";
import { CellLoadBalancer } from "../../compute/cellCompute";

/** Everything a compute variant needs to run one cell of one service on Lattice. */
export interface LatticeCellWorkload {
    readonly service: string;
    readonly cell: string;
    /** The app's port: the target group's port. */
    readonly port: number;
    /** The user's image; undefined runs the demo app. */
    readonly image?: string;
    readonly desiredCount: number;
    /** Environment for the app (SERVICE_NAME, CELL_NAME, PORT, BACKENDS). */
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
    /** The cell's Lattice target group (type IP), where its tasks register. */
    readonly targetGroupArn: pulumi.Input<string>;
    /** What the cell's tasks should wait for: the Lattice listener that forwards to the target group. */
    readonly routing: readonly pulumi.Resource[];
    /** Set for the entry service: the cell's ALB target group (tasks register in both). */
    readonly loadBalancer?: CellLoadBalancer;
}

export interface LatticeCellCompute {
    /** Short name of the variant, for plans and logs (`ecs`). */
    readonly kind: string;
    deployCell(name: string, workload: LatticeCellWorkload, opts: pulumi.ComponentResourceOptions): pulumi.Resource;
}
