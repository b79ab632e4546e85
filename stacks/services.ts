// Small mappings from validated config to component arguments, shared by both stack programs.

import * as pulumi from "@pulumi/pulumi";
import { CellServiceArgs } from "../engines/appmesh/cellService";
import { LatticeCellServiceArgs } from "../engines/lattice/cellService";
import { BackendConfig, ServiceConfig } from "../config/types";

/** What the stack decides for all its services: the mesh, how its objects are made, the namespace, the compute, ingress and mesh TLS. */
export type StackPlacement = Pick<CellServiceArgs, "mesh" | "meshObjects" | "namespace" | "compute" | "ingress" | "meshTls"> & {
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

/** What a Lattice stack decides for all its services: the network, the zone, the targets' VPC, who may call, the compute and ingress. */
export type LatticePlacement = Pick<LatticeCellServiceArgs, "network" | "namespace" | "vpcId" | "access" | "compute" | "ingress">;

/** LatticeCellService arguments for one configured service: clients dial the same `<service>.<namespace>:<port>` as on App Mesh. */
export function latticeServiceArgs(s: ServiceConfig, placement: LatticePlacement): LatticeCellServiceArgs {
    return {
        service: s.name,
        port: s.port,
        cells: s.cells,
        backends: s.backends.map((b) => ({ name: b.virtualServiceName, port: b.port })),
        image: s.image,
        desiredCount: s.desiredCount,
        traffic: s.traffic,
        environment: s.environment,
        ...placement,
    };
}

/** `{ serviceb: { cell1: 50, cell2: 50 } }`: exported by every stack so status and plans can show it. */
export function weightsOf(services: readonly ServiceConfig[]): Record<string, Record<string, number>> {
    return Object.fromEntries(services.map((s) => [s.name, Object.fromEntries(s.cells.map((c) => [c.name, c.weight]))]));
}
