// What every Envoy task of App Mesh on Fargate has (a cell's, the virtual gateway's): its security
// group admits the mesh port from the mesh's VPC and the load balancer's ports from its group, and
// its size is the AWS samples'. Created as `cellmesh:ecs:FargateMeshService` before the engine seam.

import * as pulumi from "@pulumi/pulumi";
import type { FargateTaskNetwork } from "../../../compute/cellCompute";
import type { FargateIngressRule } from "../../../compute/ecs/fargateService";

/** The type App Mesh's Fargate services were created under: their alias. */
export const ENVOY_TASK_ALIAS = "cellmesh:ecs:FargateMeshService";

/** An Envoy task's network shape: mesh ports from the VPC's CIDRs, load balancer ports from its group. */
export function envoyTaskNetwork(family: string, a: {
    readonly meshPorts: readonly number[];
    readonly meshCidrs: readonly pulumi.Input<string>[];
    readonly loadBalancer?: { readonly ports: readonly number[]; readonly securityGroupId: pulumi.Input<string> };
}): FargateTaskNetwork {
    return {
        securityGroupDescription: `cellmesh ${family}: mesh ports only`,
        ingress: [
            ...a.meshPorts.flatMap((port) => a.meshCidrs.map((cidr, i): FargateIngressRule => ({
                key: `${port}-${i}`, port, description: `mesh port ${port} from inside the network`, from: { cidr },
            }))),
            ...(a.loadBalancer?.ports ?? []).map((port): FargateIngressRule => ({
                key: `${port}-from-alb`, port, description: `port ${port} from the load balancer`, from: { securityGroupId: a.loadBalancer!.securityGroupId },
            })),
        ],
        // Envoy needs the App Mesh, X-Ray and Cloud Map APIs and the image registries over NAT.
        egressDescription: "outbound: AWS APIs, image registries and mesh peers",
        // As in the AWS samples.
        cpu: "512",
        memory: "1024",
    };
}
