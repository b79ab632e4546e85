// Validation for `cellmesh:engine: lattice`: what a parsed config asks for that VPC Lattice cannot
// honour. Pure: the config loader calls it after parsing, so a bad value stops the program before any
// resource is created, with the one message format (`<key> = <value>: <what is valid>`).

import {
    LATTICE_MAX_RULES, LATTICE_MAX_TARGET_GROUPS, LATTICE_MAX_WEIGHT, latticeNameProblem,
} from "../components/lattice/limits";
import { unsupportedTraffic } from "../components/lattice/latticeTraffic";
import { ServiceConfig, VirtualGatewayConfig } from "./config";
import { Problems } from "./problems";

export { LATTICE_MAX_RULES, LATTICE_MAX_TARGET_GROUPS, LATTICE_MAX_WEIGHT };

/** Stack-wide settings that only the App Mesh engine uses (a parsed config fits this shape). */
export interface LatticeExtras {
    readonly envoyImage?: string;
    readonly virtualGateway?: VirtualGatewayConfig;
}

/** Adds a problem for every setting of the parsed config that the Lattice engine cannot honour. */
export function latticeProblems(p: Problems, services: readonly ServiceConfig[], extras: LatticeExtras = {}): void {
    if (extras.envoyImage !== undefined) {
        p.add("cellmesh:envoyImage", extras.envoyImage, "VPC Lattice runs no Envoy sidecar; remove envoyImage for engine lattice");
    }
    if (extras.virtualGateway !== undefined) {
        p.add("cellmesh:virtualGateway", { enabled: true, port: extras.virtualGateway.port },
            "VPC Lattice has no virtual gateway; remove virtualGateway for engine lattice (a service's ingress ALB still works)");
    }
    for (const svc of services) serviceProblems(p, svc);
}

function serviceProblems(p: Problems, svc: ServiceConfig): void {
    const key = `cellmesh:services.${svc.name}`;
    const nameProblem = latticeNameProblem("service", svc.name);
    if (nameProblem) p.add(key, svc.name, `not a valid VPC Lattice service name (${nameProblem}); rename the service`);

    const shown = svc.cells.map((c) => `${c.name}=${c.weight}`).join(" ");
    if (svc.cells.length > LATTICE_MAX_TARGET_GROUPS) {
        p.add(`${key}.cells`, shown, `VPC Lattice forwards to at most ${LATTICE_MAX_TARGET_GROUPS} target groups (one per cell); use at most ${LATTICE_MAX_TARGET_GROUPS} cells`);
    }
    for (const cell of svc.cells) {
        if (cell.weight > LATTICE_MAX_WEIGHT) {
            p.add(`${key}.cells.${cell.name}`, cell.weight, `VPC Lattice weights are integers from 0 to ${LATTICE_MAX_WEIGHT}`);
        }
        const group = `${svc.name}-${cell.name}`;
        const groupProblem = latticeNameProblem("targetGroup", group);
        if (groupProblem) p.add(`${key}.cells.${cell.name}`, cell.name, `the cell's target group name "${group}" is not valid on VPC Lattice (${groupProblem}); rename the cell or the service`);
    }

    for (const u of unsupportedTraffic(svc.traffic)) {
        p.add(`${key}.${u.setting}`, settingValue(svc, u.setting), u.reason);
    }

    const pinning = svc.traffic.pinning;
    if (pinning) {
        const rules = svc.cells.length + Object.keys(pinning.paths).length;
        if (rules > LATTICE_MAX_RULES) {
            p.add(`${key}.cellPinning`, pinning.header, `pinning ${svc.cells.length} cells needs ${rules} listener rules (one header rule per cell plus the path pins); a VPC Lattice listener has at most ${LATTICE_MAX_RULES}: use fewer cells or path pins`);
        }
    }
}

/** The configured value behind a traffic setting, for the message (`timeout.idleMs` -> its milliseconds). */
function settingValue(svc: ServiceConfig, setting: string): unknown {
    const t = svc.traffic;
    switch (setting) {
        case "protocol": return t.protocol;
        case "retry": return t.retry && { maxRetries: t.retry.maxRetries, perRetryTimeoutMs: t.retry.perRetryTimeoutMillis, events: t.retry.events };
        case "timeout.perRequestMs": return t.timeout?.perRequestMillis;
        case "timeout.idleMs": return t.timeout?.idleMillis;
        case "outlierDetection": {
            const o = t.outlierDetection;
            return o && { maxServerErrors: o.maxServerErrors, intervalMs: o.intervalMillis, baseEjectionDurationMs: o.baseEjectionDurationMillis, maxEjectionPercent: o.maxEjectionPercent };
        }
        case "connectionPool": return t.connectionPool;
        case "healthCheck.intervalMs": return t.healthCheck.intervalMillis;
        case "healthCheck.timeoutMs": return t.healthCheck.timeoutMillis;
        default: return undefined;
    }
}
