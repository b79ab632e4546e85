// What every EKS stack builds in its own account before its services: the cluster (private worker
// nodes, OIDC provider on) and a Kubernetes provider for it (`eksCluster`, used by both engines),
// then for App Mesh the controller with the app namespace and the Mesh object, and the two seams
// CellService uses on EKS (`eksPlatform`). The VPC Lattice engine adds its own controller
// (stacks/latticeEks.ts).

import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellCompute } from "../cellCompute";
import { CrossAccountNamespace } from "../../engines/appmesh/namespace";
import { AppMeshController } from "../../engines/appmesh/eks/controller";
import { controllerMeshObjects } from "../../engines/appmesh/eks/controllerMeshObjects";
import { EksCompute } from "./deployments";
import { MeshObjects } from "../../engines/appmesh/meshObjects";
import { SharedMesh } from "../../engines/appmesh/sharedMesh";
import { CellmeshConfig, EgressFilter } from "../../config/types";
import { EksClusterSettings, EksSettings } from "../../config/eks";
import { StackPlacement } from "../../stacks/services";
import { partitionOf } from "../../config/validate";

/** One account's EKS cluster and the Kubernetes provider that reaches it (both engines). */
export interface EksClusterParts {
    readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster (a secret: it names the cluster's endpoint and CA). */
    readonly kubeconfig: pulumi.Output<string>;
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    /** The cluster's IAM OIDC provider, for IRSA roles. */
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuer: pulumi.Output<string>;
    readonly provider: k8s.Provider;
}

/** What the cluster needs from the config: the stack's name and the cluster settings. */
export interface EksClusterConfig {
    readonly stack: string;
    readonly eks: EksClusterSettings;
}

/**
 * The account's EKS cluster in its VPC: worker nodes in the private subnets without public
 * addresses, encrypted root volumes, the IAM OIDC provider on, control-plane logs; and a Kubernetes
 * provider for it (server-side apply).
 */
export function eksCluster(c: EksClusterConfig, vpc: awsx.ec2.Vpc): EksClusterParts {
    const clusterName = `cellmesh-${c.stack}`;
    const cluster = new eks.Cluster("cluster", {
        name: clusterName,
        version: c.eks.version,
        vpcId: vpc.vpcId,
        publicSubnetIds: vpc.publicSubnetIds,
        privateSubnetIds: vpc.privateSubnetIds,
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
    return {
        // Known in advance, but exported only once the cluster exists.
        clusterName: cluster.urn.apply(() => clusterName),
        kubeconfig: pulumi.secret(cluster.kubeconfigJson),
        nodeSecurityGroupId: cluster.nodeSecurityGroupId,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        provider,
    };
}

export interface EksPlatform extends EksClusterParts {
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

/** The App Mesh engine on EKS: the cluster, the App Mesh controller and the seams CellService uses. */
export function eksPlatform(a: EksPlatformArgs): EksPlatform {
    const c = a.config;
    const cluster = eksCluster(c, a.vpc);
    const { provider } = cluster;

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
        ...(c.meshTls ? { meshTlsCertificateAuthorityArn: c.meshTls.certificateAuthorityArn } : {}),
        meshReady: a.mesh.ready,
    });

    return {
        ...cluster,
        controller,
        meshObjects: controllerMeshObjects({ provider, namespace: c.eks.appNamespace, meshArn: a.mesh.meshArn, ready: controller.ready }),
        compute: EksCompute.deployments({ provider, namespace: c.eks.appNamespace, oidcProviderArn: cluster.oidcProviderArn, oidcIssuer: cluster.oidcIssuer }),
    };
}

/** What every service of an EKS stack shares: the mesh, its objects as custom resources, the namespace, the pods, mesh TLS. */
export function eksPlacement(platform: EksPlatform, c: CellmeshConfig, mesh: SharedMesh, namespace: CrossAccountNamespace): StackPlacement {
    return {
        mesh,
        meshObjects: platform.meshObjects,
        namespace: { name: c.namespace, id: namespace.namespaceId },
        compute: platform.compute,
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    };
}

/** The virtual service ARN of a service in this mesh: App Mesh's `<mesh ARN>/virtualService/<name>`. */
export function virtualServiceArnIn(meshArn: pulumi.Input<string>, virtualServiceName: string): pulumi.Output<string> {
    return pulumi.interpolate`${meshArn}/virtualService/${virtualServiceName}`;
}
