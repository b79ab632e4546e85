// Small mappings from validated config to component arguments, shared by both stack programs.

import { CellServiceArgs } from "../components/cellService";
import { ServiceConfig } from "./config";

/** What the stack decides for all its services: the mesh, the namespace, the compute, ingress and mesh TLS. */
export type StackPlacement = Pick<CellServiceArgs, "mesh" | "namespace" | "compute" | "ingress" | "meshTls">;

/** CellService arguments for one configured service. */
export function cellServiceArgs(s: ServiceConfig, placement: StackPlacement): CellServiceArgs {
    return {
        service: s.name,
        port: s.port,
        cells: s.cells,
        backends: s.backends.map((b) => ({ virtualServiceName: b.virtualServiceName, port: b.port })),
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
