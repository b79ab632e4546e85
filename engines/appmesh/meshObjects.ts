// How a CellService's App Mesh objects come to exist. On ECS Pulumi creates them through the App
// Mesh API (`aws.appmesh.*`); on EKS Pulumi writes custom resources and the App Mesh controller
// creates them (engines/appmesh/eks/controllerMeshObjects.ts). CellService describes the objects once,
// in App Mesh's own spec shapes, and hands them to one of these.

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { Protocol } from "../../shared/trafficPolicy";
import { SharedMesh } from "./sharedMesh";

/** A service this node calls. */
export interface MeshBackend {
    /** The backend's service name (`serviceb`). */
    readonly service: string;
    /** The virtual service name, which clients dial (`servicex.internal-domain2.com`). */
    readonly virtualServiceName: string;
    /**
     * The virtual service's ARN when it belongs to another stack; unset for a service of this stack.
     * The App Mesh controller references other accounts' services only by ARN (reference fact 22).
     */
    readonly virtualServiceArn?: pulumi.Input<string>;
}

export interface VirtualNodeDefinition {
    /** Name in App Mesh (`serviceb-cell1`). */
    readonly awsName: string;
    readonly service: string;
    readonly cell: string;
    readonly listener: aws.types.input.appmesh.VirtualNodeSpecListener;
    /** Cloud Map discovery in the node's own account (reference fact 7). */
    readonly cloudMap: { readonly namespaceName: string; readonly serviceName: pulumi.Input<string> };
    readonly backends: readonly MeshBackend[];
    /** Client policy for every backend (mesh TLS). @default none */
    readonly backendDefaults?: aws.types.input.appmesh.VirtualNodeSpecBackendDefaults;
}

export interface RouteDefinition {
    /** Suffix of the child's name (`route`, `pin-cell1`, `path-cell1`). */
    readonly key: string;
    /** Name in App Mesh (`serviceb-route`). */
    readonly awsName: string;
    /** Weighted targets name the virtual nodes by their App Mesh names. */
    readonly spec: aws.types.input.appmesh.RouteSpec;
}

export interface VirtualRouterDefinition {
    readonly awsName: string;
    readonly port: number;
    readonly protocol: Protocol;
    /** The weighted route first, then pin routes. */
    readonly routes: readonly RouteDefinition[];
}

export interface VirtualServiceDefinition {
    /** The service's name (`serviceb`). */
    readonly service: string;
    /** Name in App Mesh, which clients dial (`serviceb.internal-domain1.com`). */
    readonly awsName: string;
    readonly router: MeshObjectRef;
}

export interface MeshObjectRef {
    /** The App Mesh name. */
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** The Pulumi resource, for dependants that reference nothing of it. */
    readonly resource: pulumi.Resource;
}

export interface MeshObjects {
    /** `appmesh-api` (Pulumi calls App Mesh) or `appmesh-controller` (custom resources in a cluster). */
    readonly kind: "appmesh-api" | "appmesh-controller";
    virtualNode(name: string, def: VirtualNodeDefinition, opts: pulumi.CustomResourceOptions): MeshObjectRef;
    /** The router and its routes; children are named `<base>-router` and `<base>-<route key>`. */
    virtualRouter(base: string, def: VirtualRouterDefinition, opts: pulumi.CustomResourceOptions): MeshObjectRef;
    virtualService(name: string, def: VirtualServiceDefinition, opts: pulumi.CustomResourceOptions): MeshObjectRef;
}

/** Static factories of the two ways App Mesh objects come to exist. */
export const MeshObjects = {
    /** Pulumi creates every object through the App Mesh API; consumer-side objects carry `meshOwner`. */
    appMeshApi(mesh: SharedMesh): MeshObjects {
        const inMesh = { meshName: mesh.meshName, ...(mesh.childMeshOwner ? { meshOwner: mesh.childMeshOwner } : {}) };
        return {
            kind: "appmesh-api",
            virtualNode(name, def, opts) {
                const node = new aws.appmesh.VirtualNode(name, {
                    name: def.awsName,
                    ...inMesh,
                    spec: {
                        listeners: [def.listener],
                        serviceDiscovery: { awsCloudMap: { namespaceName: def.cloudMap.namespaceName, serviceName: def.cloudMap.serviceName } },
                        backends: def.backends.map((b) => ({ virtualService: { virtualServiceName: b.virtualServiceName } })),
                        ...(def.backendDefaults ? { backendDefaults: def.backendDefaults } : {}),
                        logging: { accessLog: { file: { path: "/dev/stdout" } } },
                    },
                }, opts);
                return { name: node.name, arn: node.arn, resource: node };
            },
            virtualRouter(base, def, opts) {
                const router = new aws.appmesh.VirtualRouter(`${base}-router`, {
                    name: def.awsName,
                    ...inMesh,
                    spec: { listeners: [{ portMapping: { port: def.port, protocol: def.protocol } }] },
                }, opts);
                for (const route of def.routes) {
                    new aws.appmesh.Route(`${base}-${route.key}`, {
                        name: route.awsName,
                        ...inMesh,
                        virtualRouterName: router.name,
                        spec: route.spec,
                    }, opts);
                }
                return { name: router.name, arn: router.arn, resource: router };
            },
            virtualService(name, def, opts) {
                const vs = new aws.appmesh.VirtualService(name, {
                    name: def.awsName,
                    ...inMesh,
                    spec: { provider: { virtualRouter: { virtualRouterName: def.router.name } } },
                }, opts);
                return { name: vs.name, arn: vs.arn, resource: vs };
            },
        };
    },
};
