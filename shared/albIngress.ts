// How a service is reached from the internet, shared by both engines: an internet-facing ALB whose
// weighted forward splits over one target group per cell.

import * as pulumi from "@pulumi/pulumi";
import type { CellWeight } from "./cellWeight";
import { AlbAccessLogs, AlbHttps, WeightedAlb } from "./weightedAlb";

/** Public entry through an internet-facing ALB that splits by the cell weights. */
export interface AlbIngress {
    readonly kind: "alb";
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** HTTPS with this certificate; plain HTTP then redirects. @default undefined: plain HTTP */
    readonly https?: AlbHttps;
    /** @default undefined: no access logs */
    readonly accessLogs?: AlbAccessLogs;
}
export type ServiceIngress = AlbIngress;
export const ServiceIngress = {
    publicAlb(opts: Omit<AlbIngress, "kind">): AlbIngress {
        return { kind: "alb", ...opts };
    },
};

/**
 * A service's public entry, the same for every engine: the WeightedAlb `<name>-ingress` in the public
 * subnets, one target group per cell on the app's port, weighted like the cells, with the stack's
 * HTTPS and access logs.
 */
export function serviceEntryAlb(
    name: string, ingress: AlbIngress,
    service: { readonly port: number; readonly cells: readonly CellWeight[]; readonly healthCheckPath?: string; readonly targetProtocol?: "HTTP" | "HTTPS" },
    parent: pulumi.Resource,
): WeightedAlb {
    return new WeightedAlb(`${name}-ingress`, {
        vpcId: ingress.vpcId,
        vpcCidr: ingress.vpcCidr,
        publicSubnetIds: ingress.publicSubnetIds,
        targetPort: service.port,
        targets: service.cells,
        ...(service.healthCheckPath ? { healthCheck: { path: service.healthCheckPath } } : {}),
        ...(ingress.https ? { https: ingress.https } : {}),
        ...(ingress.accessLogs ? { accessLogs: ingress.accessLogs } : {}),
        ...(service.targetProtocol ? { targetProtocol: service.targetProtocol } : {}),
    }, { parent });
}
