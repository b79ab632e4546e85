// How a service is reached from the internet, shared by both engines: an internet-facing ALB whose
// weighted forward splits over one target group per cell.

import * as pulumi from "@pulumi/pulumi";
import { AlbAccessLogs, AlbHttps } from "./weightedAlb";

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
