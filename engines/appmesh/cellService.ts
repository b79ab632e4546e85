import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { CellCompute, cellWorkload } from "../../compute/cellCompute";
import type { AppMeshRegistrar } from "./registration";
import { ServiceIngress, serviceEntryAlb } from "../../shared/albIngress";
import { CellWeight } from "../../shared/cellWeight";
import type { WeightedAlb } from "../../shared/weightedAlb";
import { MeshObjects, RouteDefinition } from "./meshObjects";
import { MeshTlsPolicy, certificateNames, listenerTls, nodeBackendDefaults } from "./meshTls";
import { SharedMesh } from "./sharedMesh";
import { DEFAULT_TRAFFIC, TrafficPolicy, WEIGHTED_ROUTE_PRIORITY, nodeListener, routeSpec } from "../../shared/trafficPolicy";
import { renamedFrom } from "../../shared/renamed";


export interface BackendSpec {
    /** The backend's service name (`servicex`). */
    readonly service: string;
    /** Virtual service name, which clients dial (`servicex.internal-domain2.com`). */
    readonly virtualServiceName: string;
    readonly port: number;
    /** Set for a service of another stack: its virtual service ARN, from that stack's outputs. */
    readonly virtualServiceArn?: pulumi.Input<string>;
}

/** The account's Cloud Map namespace the cells register in. */
export interface NamespaceRef {
    readonly name: string;
    readonly id: pulumi.Input<string>;
}

// The ingress options live beside the ALB; both engines use them.
export { AlbIngress, ServiceIngress } from "../../shared/albIngress";

export interface CellServiceArgs {
    /** Service name (`serviceb`); the virtual service is `<service>.<namespace>`. */
    readonly service: string;
    /** App port: Envoy's listener, the router's listener and the port clients dial. */
    readonly port: number;
    /** 1 to 10 cells with their weights (validated by the config loader: APPMESH_WEIGHTS). */
    readonly cells: readonly CellWeight[];
    /** Services this one calls. @default [] */
    readonly backends?: readonly BackendSpec[];
    /** @default the demo app */
    readonly image?: string;
    /** Tasks per cell. @default 1 */
    readonly desiredCount?: number;
    readonly mesh: SharedMesh;
    /** How the App Mesh objects are created. @default MeshObjects.appMeshApi(mesh) */
    readonly meshObjects?: MeshObjects;
    readonly namespace: NamespaceRef;
    /** Runs each cell (ECS Fargate, EKS). */
    readonly compute: CellCompute;
    /** What the compute needs for each cell's virtual node (Envoy sidecars on ECS, injection on EKS). */
    readonly registrar: AppMeshRegistrar;
    /** @default none: reachable only inside the mesh */
    readonly ingress?: ServiceIngress;
    /** Protocol, health check, retries, timeouts, limits and cell pinning. @default plain HTTP (DEFAULT_TRAFFIC) */
    readonly traffic?: TrafficPolicy;
    /** Extra environment variables for the app. @default {} */
    readonly environment?: Readonly<Record<string, string>>;
    /**
     * TLS between Envoys: each cell gets an ACM private certificate from the policy's CA for its
     * listener, and validates its backends against that CA. @default undefined: plain text in the mesh
     */
    readonly meshTls?: MeshTlsPolicy;
    /**
     * Address of the placeholder DNS record for the virtual service name. Apps resolve the name
     * before Envoy intercepts the connection, and Envoy routes by name, so any address works.
     * @default "10.10.10.10"
     */
    readonly dialRecordAddress?: string;
}


/**
 * One logical service of one account, split into cells. Per cell: a Cloud Map service, a virtual
 * node discovered through it, and the compute that runs it. Per service: a virtual router whose
 * route spreads traffic over the cells by weight, and the virtual service clients dial.
 */
export class CellService extends pulumi.ComponentResource {
    public readonly virtualServiceName: pulumi.Output<string>;
    public readonly virtualServiceArn: pulumi.Output<string>;
    /** Virtual node ARN per cell. */
    public readonly nodeArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** The public URL when the service has ingress. */
    public readonly url: pulumi.Output<string> | undefined;
    /** The weighted ALB when the service has ingress. */
    public readonly entry: WeightedAlb | undefined;

    constructor(name: string, args: CellServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:appmesh:CellService", name, {}, renamedFrom("cellmesh:mesh:CellService", opts));
        const traffic = args.traffic ?? DEFAULT_TRAFFIC;
        if (args.ingress && traffic.protocol !== "http") {
            throw new Error(`CellService ${name}: ALB ingress needs protocol http, not ${traffic.protocol}`);
        }

        const child = { parent: this };
        const objects = args.meshObjects ?? MeshObjects.appMeshApi(args.mesh);
        // Nothing may be created in a shared mesh before the share is usable (reference fact 4).
        const inMesh = { parent: this, dependsOn: args.mesh.ready };
        const fqdn = `${args.service}.${args.namespace.name}`;

        // The dial name must resolve in DNS (fact 9): a Cloud Map service with one placeholder record.
        const dialName = new aws.servicediscovery.Service(`${name}-dial-name`, {
            name: args.service,
            description: `DNS name clients dial for ${fqdn}; Envoy routes by name`,
            namespaceId: args.namespace.id,
            dnsConfig: { namespaceId: args.namespace.id, dnsRecords: [{ type: "A", ttl: 300 }], routingPolicy: "MULTIVALUE" },
        }, child);
        new aws.servicediscovery.Instance(`${name}-dial-record`, {
            serviceId: dialName.id,
            instanceId: "placeholder",
            attributes: { AWS_INSTANCE_IPV4: args.dialRecordAddress ?? "10.10.10.10" },
        }, child);

        const ingress = args.ingress && serviceEntryAlb(name, args.ingress, {
            port: args.port, cells: args.cells,
            // The ALB's requests reach the cell's Envoy listener, which speaks TLS under mesh TLS.
            ...(args.meshTls ? { targetProtocol: "HTTPS" as const } : {}),
        }, this);

        const backends = args.backends ?? [];
        const nodes = args.cells.map((cell) => {
            const cellName = `${args.service}-${cell.name}`;
            // Each cell is addressable on its own as <service>-<cell>.<namespace>.
            const discovery = new aws.servicediscovery.Service(`${name}-${cell.name}-discovery`, {
                name: cellName,
                namespaceId: args.namespace.id,
                dnsConfig: { namespaceId: args.namespace.id, dnsRecords: [{ type: "A", ttl: 30 }], routingPolicy: "MULTIVALUE" },
                healthCheckCustomConfig: { failureThreshold: 1 },
            }, child);
            // Mesh TLS: the cell's own certificate, issued in this account from the (shared) CA.
            const certificate = args.meshTls && new aws.acm.Certificate(`${name}-${cell.name}-certificate`, {
                ...certificateNames(args.service, cell.name, args.namespace.name),
                certificateAuthorityArn: args.meshTls.certificateAuthorityArn,
            }, child);
            const listener = nodeListener(args.port, traffic);
            const node = objects.virtualNode(`${name}-${cell.name}-node`, {
                awsName: cellName,
                service: args.service,
                cell: cell.name,
                listener: certificate && args.meshTls ? { ...listener, tls: listenerTls(args.meshTls, certificate.arn) } : listener,
                cloudMap: { namespaceName: args.namespace.name, serviceName: discovery.name },
                backends: backends.map((b) => ({
                    service: b.service, virtualServiceName: b.virtualServiceName,
                    ...(b.virtualServiceArn !== undefined ? { virtualServiceArn: b.virtualServiceArn } : {}),
                })),
                ...(args.meshTls ? { backendDefaults: nodeBackendDefaults(args.meshTls) } : {}),
            }, inMesh);
            // The cell's place in the mesh, handed to the compute that runs it.
            const registration = args.registrar({
                service: args.service,
                cell: cell.name,
                port: args.port,
                meshName: args.mesh.meshName,
                ...(args.mesh.childMeshOwner ? { meshOwner: args.mesh.childMeshOwner } : {}),
                virtualNodeName: node.name,
                virtualNodeArn: node.arn,
                virtualNode: node.resource,
                discoveryServiceArn: discovery.arn,
                ...(ingress ? { loadBalancerSecurityGroupId: ingress.securityGroupId } : {}),
                ...(certificate && args.meshTls ? { meshTls: { policy: args.meshTls, certificateArn: certificate.arn } } : {}),
            });
            args.compute.deployCell(`${name}-${cell.name}`, cellWorkload(args, cell, backends.map((b) => ({ host: b.virtualServiceName, port: b.port })), ingress || undefined), registration, child);
            return { cell, node };
        });

        const pinning = traffic.pinning;
        // The weighted route is the only object a weight change touches (with the ALB listener of
        // the entry service). Pin routes reach one cell whatever the weights (even a drained one),
        // so a cell can be tested before it gets traffic; they are evaluated before the weighted route.
        const routes: RouteDefinition[] = [{
            key: "route",
            awsName: `${args.service}-route`,
            spec: routeSpec(traffic, nodes.map(({ cell, node }) => ({ virtualNode: node.name, weight: cell.weight })), { kind: "all" },
                pinning ? WEIGHTED_ROUTE_PRIORITY : undefined),
        }];
        if (pinning) {
            nodes.forEach(({ cell, node }, i) => {
                const only = [{ virtualNode: node.name, weight: 100 }];
                routes.push({
                    key: `pin-${cell.name}`,
                    awsName: `${args.service}-pin-${cell.name}`,
                    spec: routeSpec(traffic, only, { kind: "header", name: pinning.header, value: cell.name }, 100 + i),
                });
                const prefix = pinning.paths[cell.name];
                if (prefix !== undefined) {
                    routes.push({
                        key: `path-${cell.name}`,
                        awsName: `${args.service}-path-${cell.name}`,
                        spec: routeSpec(traffic, only, { kind: "prefix", prefix }, 10 + i),
                    });
                }
            });
        }
        const router = objects.virtualRouter(name, { awsName: `${args.service}-router`, port: args.port, protocol: traffic.protocol, routes }, inMesh);
        const virtualService = objects.virtualService(`${name}-vs`, { service: args.service, awsName: fqdn, router }, inMesh);

        this.virtualServiceName = virtualService.name;
        this.virtualServiceArn = virtualService.arn;
        this.nodeArns = Object.fromEntries(nodes.map(({ cell, node }) => [cell.name, node.arn]));
        this.url = ingress?.url;
        this.entry = ingress || undefined;
        this.registerOutputs({ virtualServiceName: this.virtualServiceName, virtualServiceArn: this.virtualServiceArn, url: this.url });
    }
}
