// The App Mesh engine's services: one CellService per configured service, on the compute the stack
// runs (the cells' Fargate tasks or pods), with the mesh objects made by the App Mesh API (ECS) or
// by the App Mesh controller from custom resources (EKS).

import * as pulumi from "@pulumi/pulumi";
import type { BackendConfig, ServiceConfig } from "../../config/types";
import { CellServiceArgs } from "./cellService";

/** What the stack decides for all its services: the mesh, how its objects are made, the namespace, the compute, ingress and mesh TLS. */
export type StackPlacement = Pick<CellServiceArgs, "mesh" | "meshObjects" | "namespace" | "compute" | "registrar" | "ingress" | "meshTls"> & {
    /** The virtual service ARN of another stack's service (EKS: the controller references them by ARN). */
    readonly remoteBackendArn?: (backend: BackendConfig) => pulumi.Input<string>;
};

/** CellService arguments for one configured service. */
export function cellServiceArgs(s: ServiceConfig, placement: StackPlacement): CellServiceArgs {
    const { remoteBackendArn, ...rest } = placement;
    return {
        service: s.name,
        port: s.port,
        cells: s.cells,
        backends: s.backends.map((b) => ({
            service: b.service, virtualServiceName: b.virtualServiceName, port: b.port,
            ...(b.kind === "remote" && remoteBackendArn ? { virtualServiceArn: remoteBackendArn(b) } : {}),
        })),
        image: s.image,
        desiredCount: s.desiredCount,
        traffic: s.traffic,
        environment: s.environment,
        ...rest,
    };
}

/** The virtual service ARN of a service in this mesh: App Mesh's `<mesh ARN>/virtualService/<name>`. */
export function virtualServiceArnIn(meshArn: pulumi.Input<string>, virtualServiceName: string): pulumi.Output<string> {
    return pulumi.interpolate`${meshArn}/virtualService/${virtualServiceName}`;
}
