// Where the App Mesh Envoy image comes from. Pure (no Pulumi imports) so the config loader can use it.

/** App Mesh's Envoy build; the regional registry below serves most regions. */
export const DEFAULT_ENVOY_VERSION = "v1.29.12.1-prod";

/**
 * Registry accounts of the regions whose App Mesh Envoy image is not in 840364872350 (from the App
 * Mesh user guide). ap-southeast-3, eu-south-1, il-central-1 and af-south-1 also have registries of
 * their own that we have not verified: the config loader asks for `cellmesh:envoyImage` there.
 */
const ENVOY_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
    "me-south-1": "772975370895",
    "ap-east-1": "856666278305",
};
export const REGIONS_NEEDING_ENVOY_IMAGE: readonly string[] = ["ap-southeast-3", "eu-south-1", "il-central-1", "af-south-1"];

export function envoyRegistryAccount(region: string): string {
    return ENVOY_REGISTRY_ACCOUNTS[region] ?? "840364872350";
}

/** The regional App Mesh Envoy image (region-specific registry, reference fact 13). */
export function defaultEnvoyImage(region: string): string {
    return `${envoyRegistryAccount(region)}.dkr.ecr.${region}.amazonaws.com/aws-appmesh-envoy:${DEFAULT_ENVOY_VERSION}`;
}

