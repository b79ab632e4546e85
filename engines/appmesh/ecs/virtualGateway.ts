import * as aws from "../../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENVOY_ADMIN_PORT, appMeshResourceName, envoyContainer, xrayContainer } from "./sidecars";
import { ecrRepositoryArn } from "../../../compute/demoApp";
import type { EcsSettings } from "../../../compute/ecs/fargateCells";
import { ENVOY_TASK_ALIAS, envoyTaskNetwork } from "./envoyTask";
import { FargateService } from "../../../compute/ecs/fargateService";
import { xrayStatement } from "./xray";
import { MeshTlsPolicy, gatewayBackendDefaults, meshTlsStatements } from "../meshTls";
import { SharedMesh } from "../sharedMesh";
import { GATEWAY_ALB_TARGET } from "../../../shared/awsNames";
import { AlbAccessLogs, AlbHttps, WeightedAlb } from "../../../shared/weightedAlb";
import { renamedFrom } from "../../../shared/renamed";

export interface GatewayRouteSpec {
    /** Path prefix without the slash (`servicea` -> `/servicea`). */
    readonly prefix: string;
    /** The target virtual service; it must already exist (App Mesh checks). */
    readonly virtualServiceName: pulumi.Input<string>;
}

export interface MeshGatewayArgs {
    /** The owner's mesh: virtual gateways live in the mesh owner's account (reference fact 3). */
    readonly mesh: SharedMesh;
    /** Envoy's listener port. @default 8080 */
    readonly port?: number;
    readonly routes: readonly GatewayRouteSpec[];
    /** Where the account's tasks run, and the Envoy image. */
    readonly ecs: EcsSettings & { readonly envoyImage: string };
    readonly vpcCidr: pulumi.Input<string>;
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Tasks running Envoy. @default 1 */
    readonly desiredCount?: number;
    /** HTTPS on the gateway's ALB (plain HTTP then redirects). @default undefined: plain HTTP */
    readonly https?: AlbHttps;
    /** Access logs of the gateway's ALB. @default undefined: none */
    readonly accessLogs?: AlbAccessLogs;
    /**
     * Mesh TLS: the gateway calls the services' TLS listeners, validating them against the CA (and
     * presenting a client certificate with mutual TLS). The ALB still reaches the gateway over plain
     * HTTP inside the VPC. @default undefined: plain text to the services
     */
    readonly meshTls?: MeshTlsPolicy;
}

/**
 * The App Mesh virtual gateway: Envoy alone on Fargate (no proxy configuration) behind its own
 * ALB, with one gateway route `/<service>` per route spec. The matched prefix is rewritten to `/`
 * and the host to the target service, App Mesh's default (fact 20).
 */
export class MeshGateway extends pulumi.ComponentResource {
    public readonly url: pulumi.Output<string>;
    public readonly virtualGatewayName: pulumi.Output<string>;

    constructor(name: string, args: MeshGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:appmesh:VirtualGateway", name, {}, renamedFrom("cellmesh:ingress:MeshGateway", opts));
        if (args.mesh.childMeshOwner !== undefined) {
            throw new Error(`MeshGateway ${name}: virtual gateways must live in the mesh owner's account; create it in the owner stack`);
        }
        const prefixes = args.routes.map((r) => r.prefix);
        const duplicate = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
        if (duplicate) throw new Error(`MeshGateway ${name}: two routes use the prefix /${duplicate}`);

        const port = args.port ?? 8080;
        const inMesh = { parent: this, dependsOn: args.mesh.ready };
        const gateway = new aws.appmesh.VirtualGateway(`${name}-gateway`, {
            name: `${name}-gateway`,
            meshName: args.mesh.meshName,
            spec: {
                listeners: [{ portMapping: { port, protocol: "http" } }],
                ...(args.meshTls ? { backendDefaults: gatewayBackendDefaults(args.meshTls) } : {}),
                logging: { accessLog: { file: { path: "/dev/stdout" } } },
            },
        }, inMesh);

        for (const route of args.routes) {
            new aws.appmesh.GatewayRoute(`${name}-${route.prefix}`, {
                name: `${route.prefix}-gateway-route`,
                meshName: args.mesh.meshName,
                virtualGatewayName: gateway.name,
                spec: {
                    httpRoute: {
                        match: { prefix: `/${route.prefix}` },
                        action: { target: { virtualService: { virtualServiceName: route.virtualServiceName } } },
                    },
                },
            }, inMesh);
        }

        const alb = new WeightedAlb(`${name}-ingress`, {
            vpcId: args.ecs.vpcId,
            vpcCidr: args.vpcCidr,
            publicSubnetIds: args.publicSubnetIds,
            targetPort: port,
            targets: [{ name: GATEWAY_ALB_TARGET, weight: 100 }],
            // Envoy's admin port tells whether the gateway is live (fact 15).
            healthCheck: { path: "/server_info", port: ENVOY_ADMIN_PORT },
            ...(args.https ? { https: args.https } : {}),
            ...(args.accessLogs ? { accessLogs: args.accessLogs } : {}),
        }, { parent: this });

        const ecs = args.ecs;
        const family = `${ecs.prefix}-${name}`;
        new FargateService(`${name}-envoy`, {
            family,
            region: ecs.region,
            accountId: ecs.accountId,
            clusterArn: ecs.clusterArn,
            vpcId: ecs.vpcId,
            subnetIds: ecs.subnetIds,
            containers: (logGroupName) => [
                envoyContainer({
                    image: ecs.envoyImage,
                    resourceName: appMeshResourceName(args.mesh.meshName, undefined, "virtualGateway", gateway.name),
                    logGroupName, region: ecs.region, listenerPorts: [port],
                }),
                xrayContainer(logGroupName, ecs.region),
            ],
            taskStatements: [
                { Sid: "EnvoyAsThisGateway", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: gateway.arn },
                ...(args.meshTls ? meshTlsStatements(args.meshTls, undefined) : []),
                xrayStatement(),
            ],
            ecrRepositoryArns: [ecrRepositoryArn(ecs.envoyImage, ecs.partition)].filter((a): a is string => a !== undefined),
            // The ALB reaches Envoy's listener, and its admin port for health checks (fact 15).
            ...envoyTaskNetwork(family, { meshPorts: [], meshCidrs: [], loadBalancer: { ports: [port, ENVOY_ADMIN_PORT], securityGroupId: alb.securityGroupId } }),
            loadBalancer: { targetGroupArn: alb.targetGroupArns[GATEWAY_ALB_TARGET], containerName: "envoy", containerPort: port, listener: alb.listener },
            desiredCount: args.desiredCount ?? 1,
            logRetentionDays: ecs.logRetentionDays,
            ...(ecs.logKmsKeyArn ? { logKmsKeyArn: ecs.logKmsKeyArn } : {}),
        }, { parent: this, aliases: [{ type: ENVOY_TASK_ALIAS }] });

        this.url = alb.url;
        this.virtualGatewayName = gateway.name;
        this.registerOutputs({ url: this.url, virtualGatewayName: this.virtualGatewayName });
    }
}
