// Pure pieces of a service's HTTPRoute for the AWS Gateway API Controller: the guards (Lattice
// quotas, Kubernetes names, pins) and the rules. The controller turns rule i into the Lattice
// listener rule of priority i + 1 and copies each backendRef's weight (default 1) into the target
// group weight unchanged (pkg/gateway/model_build_rule.go), so pins come first, the weighted rule
// last, and weights must already be Lattice weights (0..999).

import { CellWeight } from "../../../shared/cellWeight";
import { CellPinningPolicy } from "../../../shared/trafficPolicy";
import { LATTICE_MAX_RULES } from "../limits";

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
export function latticeRouteProblem(service: string, cells: readonly CellWeight[], pinning?: CellPinningPolicy): string | undefined {
    // The cells' count and weights are the config loader's (LATTICE_WEIGHTS); here the names they make.
    const names = cells.map((c) => c.name);
    for (const n of [service, ...names.map((c) => cellServiceName(service, c))]) {
        if (!SERVICE_NAME.test(n)) {
            return `"${n}" is not a valid Kubernetes Service name (lowercase letters, digits and inner hyphens, starting with a letter, at most 63 characters)`;
        }
    }
    if (!pinning) return undefined;
    if (pinning.header.trim() === "") return "cellPinning.header is empty; name the header whose value picks the cell";
    for (const [cell, prefix] of Object.entries(pinning.paths)) {
        if (!names.includes(cell)) return `cellPinning.paths names "${cell}", which is not one of the cells (${names.join(", ")})`;
        if (!prefix.startsWith("/")) return `cellPinning.paths.${cell} is "${prefix}"; a path prefix starts with "/"`;
    }
    const paths = Object.keys(pinning.paths).length;
    const rules = paths + cells.length + 1;
    if (rules > LATTICE_MAX_RULES) {
        return `cell pinning needs ${rules} rules (${paths} path pins, ${cells.length} header pins and the weighted rule); a VPC Lattice listener has at most ${LATTICE_MAX_RULES}`;
    }
    return undefined;
}

/**
 * The route's rules, in the order the controller gives them priorities: path pins, then header pins
 * (as the App Mesh engine evaluates them), then the weighted rule over every cell. Pins reach their
 * cell whatever the weights, a drained (weight 0) cell included.
 */
export function httpRouteRules(service: string, port: number, cells: readonly CellWeight[], pinning?: CellPinningPolicy): HttpRouteRule[] {
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
