// Config to the Lattice engine's cell service: clients dial the same `<service>.<namespace>:<port>`
// as on App Mesh.

import type { ServiceConfig } from "../../config/types";
import type { LatticeCellServiceArgs } from "./cellService";

/** What a Lattice stack decides for all its services: the network, the zone, the targets' VPC, who may call, the compute and ingress. */
export type LatticePlacement = Pick<LatticeCellServiceArgs, "network" | "namespace" | "vpcId" | "access" | "compute" | "registrar" | "ingress">;

/** LatticeCellService arguments for one configured service. */
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
