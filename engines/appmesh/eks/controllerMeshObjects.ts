// App Mesh objects as custom resources for the App Mesh controller (EKS variant): Pulumi writes
// VirtualNode, VirtualRouter and VirtualService objects into the cluster and the controller
// creates the App Mesh objects from them (reference facts 21 and 22).

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MeshObjectRef, MeshObjects } from "../meshObjects";
import { APPMESH_API_VERSION, crdListener, crdRoute, crdShape } from "./crdSpecs";
import { cellLabels } from "../../../compute/eks/labels";

export interface ControllerMeshObjectsArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** Kubernetes namespace of the services (labelled for the mesh). */
    readonly namespace: string;
    /**
     * The mesh's ARN. A custom resource does not report the App Mesh ARN back to Pulumi when it is
     * created, so ARNs of objects in the mesh are `<mesh ARN>/<kind>/<name>`, App Mesh's format.
     */
    readonly meshArn: pulumi.Input<string>;
    /** What every custom resource waits for: the controller (its CRDs and webhook), the namespace, the Mesh. */
    readonly ready: readonly pulumi.Resource[];
}

function arnIn(meshArn: pulumi.Input<string>, kind: string, name: string): pulumi.Output<string> {
    return pulumi.interpolate`${meshArn}/${kind}/${name}`;
}

/** MeshObjects that the App Mesh controller turns into App Mesh objects. */
export function controllerMeshObjects(args: ControllerMeshObjectsArgs): MeshObjects {
    const withCluster = (opts: pulumi.CustomResourceOptions, resource?: pulumi.Resource): pulumi.CustomResourceOptions => {
        // CellService passes a plain list of resources.
        const deps = (opts.dependsOn ?? []) as pulumi.Resource[];
        return { ...opts, provider: args.provider, dependsOn: [...deps, ...args.ready, ...(resource ? [resource] : [])] };
    };
    const ref = (cr: pulumi.Resource, name: string, kind: string): MeshObjectRef =>
        // The name output waits for the custom resource, so dependants are ordered after it.
        ({ name: cr.urn.apply(() => name), arn: arnIn(args.meshArn, kind, name), resource: cr });
    const metadata = (name: string) => ({ name, namespace: args.namespace });

    return {
        kind: "appmesh-controller",
        virtualNode(name, def, opts) {
            const cr = new k8s.apiextensions.CustomResource(name, {
                apiVersion: APPMESH_API_VERSION,
                kind: "VirtualNode",
                metadata: metadata(def.awsName),
                spec: {
                    awsName: def.awsName,
                    podSelector: { matchLabels: cellLabels(def.service, def.cell) },
                    listeners: [crdListener(def.listener)],
                    serviceDiscovery: { awsCloudMap: { namespaceName: def.cloudMap.namespaceName, serviceName: def.cloudMap.serviceName } },
                    backends: def.backends.map((b) => ({
                        virtualService: b.virtualServiceArn !== undefined
                            ? { virtualServiceARN: b.virtualServiceArn }
                            : { virtualServiceRef: { name: b.service } },
                    })),
                    ...(def.backendDefaults ? { backendDefaults: crdShape(def.backendDefaults) } : {}),
                    logging: { accessLog: { file: { path: "/dev/stdout" } } },
                },
            }, withCluster(opts));
            return ref(cr, def.awsName, "virtualNode");
        },
        virtualRouter(base, def, opts) {
            // Routes live inside the router object: a weight change touches only this resource.
            const cr = new k8s.apiextensions.CustomResource(`${base}-router`, {
                apiVersion: APPMESH_API_VERSION,
                kind: "VirtualRouter",
                metadata: metadata(def.awsName),
                spec: {
                    awsName: def.awsName,
                    listeners: [{ portMapping: { port: def.port, protocol: def.protocol } }],
                    routes: def.routes.map(crdRoute),
                },
            }, withCluster(opts));
            return ref(cr, def.awsName, "virtualRouter");
        },
        virtualService(name, def, opts) {
            const cr = new k8s.apiextensions.CustomResource(name, {
                apiVersion: APPMESH_API_VERSION,
                kind: "VirtualService",
                // Named after the service, so local backends reference it by that name.
                metadata: metadata(def.service),
                spec: {
                    awsName: def.awsName,
                    provider: { virtualRouter: { virtualRouterRef: { name: def.router.name } } },
                },
            }, withCluster(opts, def.router.resource));
            return ref(cr, def.awsName, "virtualService");
        },
    };
}
