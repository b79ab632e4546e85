// What every EKS stack builds in its own account before its services: the cluster (private worker
// nodes, OIDC provider on), a Kubernetes provider for it, the App Mesh controller with the app
// namespace and the Mesh object, and the two seams CellService uses on EKS.

import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellCompute } from "../components/compute";
import { CrossAccountNamespace } from "../components/crossAccountNamespace";
import { AppMeshController } from "../components/eks/appMeshController";
import { controllerMeshObjects } from "../components/eks/controllerMeshObjects";
import { EksCompute } from "../components/eks/eksCompute";
import { MeshObjects } from "../components/meshObjects";
import { SharedMesh } from "../components/sharedMesh";
import { CellmeshConfig, EgressFilter } from "./config";
import { EksSettings } from "./eks";
import { partitionOf } from "./validate";

export interface EksPlatform {
    readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster (a secret: it names the cluster's endpoint and CA). */
    readonly kubeconfig: pulumi.Output<string>;
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly provider: k8s.Provider;
    readonly controller: AppMeshController;
    readonly meshObjects: MeshObjects;
    readonly compute: CellCompute;
}

export interface EksPlatformArgs {
    readonly config: CellmeshConfig & { readonly eks: EksSettings };
    readonly vpc: awsx.ec2.Vpc;
    readonly mesh: SharedMesh;
    readonly namespace: CrossAccountNamespace;
    /** Owner only. */
    readonly egressFilter?: EgressFilter;
}

export function eksPlatform(a: EksPlatformArgs): EksPlatform {
    const c = a.config;
    const clusterName = `cellmesh-${c.stack}`;
    const cluster = new eks.Cluster("cluster", {
        name: clusterName,
        version: c.eks.version,
        vpcId: a.vpc.vpcId,
        publicSubnetIds: a.vpc.publicSubnetIds,
        privateSubnetIds: a.vpc.privateSubnetIds,
        // Worker nodes live in the private subnets only, without public addresses.
        nodeAssociatePublicIpAddress: false,
        instanceType: c.eks.instanceType,
        desiredCapacity: c.eks.nodeCount,
        minSize: c.eks.nodeCount,
        maxSize: c.eks.maxNodes,
        nodeRootVolumeEncrypted: true,
        createOidcProvider: true,
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        tags: { "cellmesh:stack": c.stack },
    });
    const provider = new k8s.Provider("cluster", { kubeconfig: cluster.kubeconfigJson, enableServerSideApply: true });

    const controller = new AppMeshController("appmesh", {
        provider,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        chartVersion: c.eks.controllerChartVersion,
        meshName: a.mesh.meshName,
        meshArn: a.mesh.meshArn,
        ...(a.mesh.childMeshOwner ? { meshOwner: a.mesh.childMeshOwner } : { egressFilter: a.egressFilter ?? "DROP_ALL" }),
        cloudMapNamespaceArn: a.namespace.namespaceArn,
        hostedZoneId: a.namespace.hostedZoneId,
        appNamespace: c.eks.appNamespace,
        ...(c.envoyImage ? { envoyImage: c.envoyImage } : {}),
        meshReady: a.mesh.ready,
    });

    return {
        // Known in advance, but exported only once the cluster exists.
        clusterName: cluster.urn.apply(() => clusterName),
        kubeconfig: pulumi.secret(cluster.kubeconfigJson),
        nodeSecurityGroupId: cluster.nodeSecurityGroupId,
        provider,
        controller,
        meshObjects: controllerMeshObjects({ provider, namespace: c.eks.appNamespace, meshArn: a.mesh.meshArn, ready: controller.ready }),
        compute: EksCompute.deployments({ provider, namespace: c.eks.appNamespace }),
    };
}

/** The virtual service ARN of a service in this mesh: App Mesh's `<mesh ARN>/virtualService/<name>`. */
export function virtualServiceArnIn(meshArn: pulumi.Input<string>, virtualServiceName: string): pulumi.Output<string> {
    return pulumi.interpolate`${meshArn}/virtualService/${virtualServiceName}`;
}
