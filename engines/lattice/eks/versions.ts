// Which AWS Gateway API Controller chart goes with which Gateway API release, and the defaults.
// Pure: the config loader checks the pair before anything is created.

/** The AWS Gateway API Controller for VPC Lattice chart (OCI, its versions carry a `v`). */
export const DEFAULT_GATEWAY_CONTROLLER_CHART_VERSION = "v2.1.3";
/** The Gateway API standard CRDs controller v2.1 is built against. */
export const DEFAULT_GATEWAY_API_VERSION = "v1.5.0";

const EXACT_CHART = /^v(\d+)\.(\d+)\.(\d+)$/;
const EXACT_GATEWAY_API = /^v1\.(\d+)\.(\d+)$/;

/**
 * Why a chart / Gateway API pair is refused, or undefined. Controller v2.1 is built against Gateway
 * API v1.5 and does not work with older CRDs; v2.0.x is built against v1.2 and crashes on the v1.5
 * CRDs (TLSRoute v1alpha2 is no longer served). Source: the controller's upgrade guide v2.0 -> v2.1.
 */
export function controllerVersionProblem(chartVersion: string, gatewayApiVersion: string): string | undefined {
    const chart = EXACT_CHART.exec(chartVersion);
    if (!chart) return `chartVersion must be an exact chart version with its "v" (e.g. "v2.1.3"), got "${chartVersion}"`;
    const api = EXACT_GATEWAY_API.exec(gatewayApiVersion);
    if (!api) return `gatewayApiVersion must be an exact Gateway API v1 release with its "v" (e.g. "v1.5.0"), got "${gatewayApiVersion}"`;
    const [major, minor] = [Number(chart[1]), Number(chart[2])];
    const apiMinor = Number(api[1]);
    if ((major > 2 || (major === 2 && minor >= 1)) && apiMinor < 5) {
        return `controller ${chartVersion} is built against Gateway API v1.5 and does not work with older CRDs; use gatewayApiVersion v1.5.0 or later, got ${gatewayApiVersion}`;
    }
    if (major === 2 && minor === 0 && apiMinor >= 5) {
        return `controller ${chartVersion} is built against Gateway API v1.2 and fails on the v1.5 CRDs; use a gatewayApiVersion before v1.5, or chart v2.1 or later`;
    }
    return undefined;
}
