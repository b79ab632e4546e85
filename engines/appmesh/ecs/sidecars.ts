// The App Mesh sidecars of a Fargate task as typed container definitions: Envoy, the X-Ray daemon,
// the APPMESH proxy configuration, and the app container that waits for Envoy. Values follow AWS's
// App Mesh ECS samples (reference facts 12-15).

import * as aws from "../../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsLogs } from "../../../compute/ecs/containers";

/** Envoy and the X-Ray daemon run as this user; the proxy configuration lets its traffic bypass Envoy. */
export const ENVOY_UID = "1337";
export const ENVOY_ADMIN_PORT = 9901;
export const ENVOY_INGRESS_PORT = 15000;
export const ENVOY_EGRESS_PORT = 15001;
export const XRAY_PORT = 2000;
export const XRAY_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.12";

/**
 * The name Envoy announces to App Mesh: `mesh/<mesh>[@<owner>]/<kind>/<name>`. The `@owner` part
 * is required when the task's account does not own the mesh.
 */
export function appMeshResourceName(
    meshName: pulumi.Input<string>, meshOwner: pulumi.Input<string> | undefined,
    kind: "virtualNode" | "virtualGateway", name: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi.all([meshName, meshOwner, name]).apply(([mesh, owner, n]) =>
        owner ? `mesh/${mesh}@${owner}/${kind}/${n}` : `mesh/${mesh}/${kind}/${n}`);
}

export interface EnvoyContainerArgs {
    readonly image: string;
    readonly resourceName: pulumi.Input<string>;
    readonly logGroupName: string;
    readonly region: string;
    /** Extra ports Envoy listens on (a virtual gateway's listener). */
    readonly listenerPorts?: readonly number[];
}

export function envoyContainer(args: EnvoyContainerArgs): aws.ecs.ContainerDefinition {
    const ports = [ENVOY_ADMIN_PORT, ENVOY_INGRESS_PORT, ENVOY_EGRESS_PORT, ...(args.listenerPorts ?? [])];
    return {
        name: "envoy",
        image: args.image,
        essential: true,
        user: ENVOY_UID,
        ulimits: [{ name: "nofile", softLimit: 15000, hardLimit: 15000 }],
        portMappings: ports.map((containerPort) => ({ containerPort, protocol: "tcp" })),
        environment: [
            { name: "APPMESH_RESOURCE_ARN", value: args.resourceName },
            { name: "ENABLE_ENVOY_XRAY_TRACING", value: "1" },
        ],
        healthCheck: {
            command: ["CMD-SHELL", `curl -s http://localhost:${ENVOY_ADMIN_PORT}/server_info | grep state | grep -q LIVE`],
            interval: 5,
            timeout: 2,
            retries: 3,
            startPeriod: 10,
        },
        logConfiguration: awsLogs(args.logGroupName, args.region, "envoy"),
    };
}

export function xrayContainer(logGroupName: string, region: string): aws.ecs.ContainerDefinition {
    return {
        name: "xray-daemon",
        image: XRAY_IMAGE,
        // Not essential: losing traces must not stop the service.
        essential: false,
        // As UID 1337 its calls to the X-Ray API skip Envoy (IgnoredUID).
        user: ENVOY_UID,
        portMappings: [{ containerPort: XRAY_PORT, protocol: "udp" }],
        logConfiguration: awsLogs(logGroupName, region, "xray"),
    };
}

/** The app container of a mesh task: it starts once Envoy is healthy. */
export function appContainerAfterEnvoy(container: aws.ecs.ContainerDefinition): aws.ecs.ContainerDefinition {
    const { logConfiguration, ...app } = container;
    return {
        ...app,
        // The app's first outbound call goes through Envoy, so Envoy must be up first.
        dependsOn: [{ containerName: "envoy", condition: "HEALTHY" }],
        logConfiguration,
    };
}

/** The APPMESH proxy configuration that redirects the task's traffic through Envoy (fact 12). */
export function appMeshProxyConfiguration(appPort: number): aws.types.input.ecs.TaskDefinitionProxyConfiguration {
    return {
        type: "APPMESH",
        containerName: "envoy",
        properties: {
            IgnoredUID: ENVOY_UID,
            ProxyIngressPort: String(ENVOY_INGRESS_PORT),
            ProxyEgressPort: String(ENVOY_EGRESS_PORT),
            AppPorts: String(appPort),
            // Task metadata and instance metadata endpoints must not go through Envoy.
            EgressIgnoredIPs: "169.254.170.2,169.254.169.254",
        },
    };
}
