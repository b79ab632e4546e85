// Pure pieces of a service's HTTPRoute for the AWS Gateway API Controller: the guards (Lattice
// quotas, Kubernetes names, pins) and the rules. The controller turns rule i into the Lattice
// listener rule of priority i + 1 and copies each backendRef's weight (default 1) into the target
// group weight unchanged (pkg/gateway/model_build_rule.go), so pins come first, the weighted rule
// last, and weights must already be Lattice weights (0..999).

import { CellPinningPolicy } from "../../../shared/trafficPolicy";

/** One cell of a service and its share of the traffic. */
export interface LatticeCell {
    readonly name: string;
    /** Relative weight, an integer 0..999 (a VPC Lattice target group weight). */
    readonly weight: number;
}

/** Target groups per forward action (the cells of one service). */
export const LATTICE_MAX_CELLS = 10;
/** Target group weights are integers 0..999. */
export const LATTICE_MAX_WEIGHT = 999;
/** Rules per Lattice listener: every HTTPRoute rule, the weighted one included. */
export const LATTICE_MAX_ROUTE_RULES = 10;

export interface BackendRef {
    readonly name: string;
    readonly kind: "Service";
    readonly port: number;
    /** Omitted on pin rules (one backend; the controller's default is 1). */
    readonly weight?: number;
}

export type RouteMatch =
    | { readonly headers: readonly [{ readonly type: "Exact"; readonly name: string; readonly value: string }] }
    | { readonly path: { readonly type: "PathPrefix"; readonly value: string } };

export interface HttpRouteRule {
    /** Absent on the weighted rule: the controller then matches every path (prefix `/`). */
    readonly matches?: readonly [RouteMatch];
    readonly backendRefs: readonly BackendRef[];
}

/** The ClusterIP Service that stands for one cell (`<service>-<cell>`): one target group. */
export function cellServiceName(service: string, cell: string): string {
    return `${service}-${cell}`;
}

/**
 * The VPC Lattice service name the controller gives an HTTPRoute: the route's name cut to 20
 * characters and its namespace cut to 18, each trimmed of hyphens, joined by `-`
 * (pkg/utils LatticeServiceName, without the service-name-override annotation).
 */
export function latticeServiceName(route: string, namespace: string): string {
    const cut = (s: string, n: number) => s.slice(0, n).replace(/^-+|-+$/g, "");
    return `${cut(route, 20)}-${cut(namespace, 18)}`;
}

/** A Kubernetes Service name (RFC 1035 label). */
const SERVICE_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why a service's cells and pins cannot become one HTTPRoute, or undefined. */
export function latticeRouteProblem(service: string, cells: readonly LatticeCell[], pinning?: CellPinningPolicy): string | undefined {
    if (cells.length < 1 || cells.length > LATTICE_MAX_CELLS) {
        return `${cells.length} cells; a VPC Lattice forward action takes 1 to ${LATTICE_MAX_CELLS} target groups (one per cell)`;
    }
    const names = cells.map((c) => c.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) return `cell "${twice}" is listed twice`;
    for (const n of [service, ...names.map((c) => cellServiceName(service, c))]) {
        if (!SERVICE_NAME.test(n)) {
            return `"${n}" is not a valid Kubernetes Service name (lowercase letters, digits and inner hyphens, starting with a letter, at most 63 characters)`;
        }
    }
    for (const c of cells) {
        if (!Number.isInteger(c.weight) || c.weight < 0 || c.weight > LATTICE_MAX_WEIGHT) {
            return `cell "${c.name}" has weight ${c.weight}; VPC Lattice target group weights are integers from 0 to ${LATTICE_MAX_WEIGHT}`;
        }
    }
    if (cells.every((c) => c.weight === 0)) return "the cell weights add up to 0; give at least one cell a positive weight";
    if (!pinning) return undefined;
    if (pinning.header.trim() === "") return "cellPinning.header is empty; name the header whose value picks the cell";
    for (const [cell, prefix] of Object.entries(pinning.paths)) {
        if (!names.includes(cell)) return `cellPinning.paths names "${cell}", which is not one of the cells (${names.join(", ")})`;
        if (!prefix.startsWith("/")) return `cellPinning.paths.${cell} is "${prefix}"; a path prefix starts with "/"`;
    }
    const paths = Object.keys(pinning.paths).length;
    const rules = paths + cells.length + 1;
    if (rules > LATTICE_MAX_ROUTE_RULES) {
        return `cell pinning needs ${rules} rules (${paths} path pins, ${cells.length} header pins and the weighted rule); a VPC Lattice listener has at most ${LATTICE_MAX_ROUTE_RULES}`;
    }
    return undefined;
}

/**
 * The route's rules, in the order the controller gives them priorities: path pins, then header pins
 * (as the App Mesh engine evaluates them), then the weighted rule over every cell. Pins reach their
 * cell whatever the weights, a drained (weight 0) cell included.
 */
export function httpRouteRules(service: string, port: number, cells: readonly LatticeCell[], pinning?: CellPinningPolicy): HttpRouteRule[] {
    const only = (cell: string): BackendRef[] => [{ name: cellServiceName(service, cell), kind: "Service", port }];
    const pins: HttpRouteRule[] = pinning ? [
        ...cells.filter((c) => pinning.paths[c.name] !== undefined).map((c): HttpRouteRule => ({
            matches: [{ path: { type: "PathPrefix", value: pinning.paths[c.name] } }],
            backendRefs: only(c.name),
        })),
        ...cells.map((c): HttpRouteRule => ({
            matches: [{ headers: [{ type: "Exact", name: pinning.header, value: c.name }] }],
            backendRefs: only(c.name),
        })),
    ] : [];
    const weighted: HttpRouteRule = {
        backendRefs: cells.map((c) => ({ name: cellServiceName(service, c.name), kind: "Service", port, weight: c.weight })),
    };
    return [...pins, weighted];
}
