// Small mappings from validated config to component arguments, shared by both stack programs.

import { BackendSpec } from "../components/cellService";
import { ServiceConfig } from "./config";

export function backendSpecs(s: ServiceConfig): BackendSpec[] {
    return s.backends.map((b) => ({ virtualServiceName: b.virtualServiceName, port: b.port }));
}

/** `{ serviceb: { cell1: 50, cell2: 50 } }`: exported by every stack so status and plans can show it. */
export function weightsOf(services: readonly ServiceConfig[]): Record<string, Record<string, number>> {
    return Object.fromEntries(services.map((s) => [s.name, Object.fromEntries(s.cells.map((c) => [c.name, c.weight]))]));
}
