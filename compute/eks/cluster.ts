// The account's EKS cluster in its own VPC (both engines): private worker nodes, the IAM OIDC
// provider for IRSA roles, control-plane logs, and a Kubernetes provider that reaches it.

import type { Vpc } from "@pulumi/awsx/ec2";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EksClusterSettings } from "../../config/eks";
import { clusterName as eksClusterName } from "../names";

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
export function eksCluster(c: EksClusterConfig, vpc: Vpc): EksClusterParts {
    const clusterName = eksClusterName(c.stack);
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
