// The seam between a cell's mesh identity (CellService) and what runs it (ECS tasks or EKS pods).
// CellService creates the discovery service and the virtual node, then asks a CellCompute to run
// the cell; each compute variant implements `deployCell`.

import * as pulumi from "@pulumi/pulumi";
import { MeshTlsPolicy } from "../engines/appmesh/meshTls";

/** Everything a compute variant needs to run one cell of one service. */
export interface CellWorkload {
    readonly service: string;
    readonly cell: string;
    readonly port: number;
    /** The user's image; undefined runs the demo app. */
    readonly image?: string;
    readonly desiredCount: number;
    /** Environment for the app (SERVICE_NAME, CELL_NAME, PORT, BACKENDS). */
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
    readonly meshName: pulumi.Input<string>;
    /** The mesh owner's account when this account does not own the mesh. */
    readonly meshOwner?: pulumi.Input<string>;
    readonly virtualNodeName: pulumi.Input<string>;
    readonly virtualNodeArn: pulumi.Input<string>;
    /** The virtual node itself: pods must not start before the object that injects their Envoy. */
    readonly virtualNode: pulumi.Resource;
    /** The cell's Cloud Map service, where its tasks register. */
    readonly discoveryServiceArn: pulumi.Input<string>;
    /** Set for the entry service: the cell's ALB target group. */
    readonly loadBalancer?: CellLoadBalancer;
    /** Set with mesh TLS: Envoy's identity must be allowed to export this certificate and read the CA. */
    readonly meshTls?: CellMeshTls;
}

export interface CellMeshTls {
    readonly policy: MeshTlsPolicy;
    /** The cell's ACM private certificate, presented by its listener. */
    readonly certificateArn: pulumi.Input<string>;
}

export interface CellLoadBalancer {
    readonly targetGroupArn: pulumi.Input<string>;
    readonly securityGroupId: pulumi.Input<string>;
    /** The listener: ECS refuses a target group that no load balancer uses yet. */
    readonly listener: pulumi.Resource;
}

export interface CellCompute {
    /** Short name of the variant, for plans and logs (`ecs`). */
    readonly kind: string;
    deployCell(name: string, workload: CellWorkload, opts: pulumi.ComponentResourceOptions): pulumi.Resource;
}

/**
 * The app's environment in every cell, whatever the engine or compute: the user's variables, then
 * what cellmesh sets (SERVICE_NAME, CELL_NAME, PORT, and BACKENDS as `http://<name>:<port>` URLs).
 */
export function cellEnvironment(
    service: string, cell: string, port: number,
    backends: readonly { readonly host: string; readonly port: number }[],
    extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
    return {
        ...extra,
        SERVICE_NAME: service,
        CELL_NAME: cell,
        PORT: String(port),
        BACKENDS: backends.map((b) => `http://${b.host}:${b.port}`).join(","),
    };
}
