// What both Lattice stacks on EKS build in their own account's cluster once the service network is
// there (created by the owner, adopted by a consumer): the AWS Gateway API Controller and its
// GatewayClass, the app namespace, the network's Gateway (after the cluster VPC's association with
// the network), the node security group rules that admit VPC Lattice, and per service a
// LatticeEksService (pods, TargetGroupPolicies, HTTPRoute with the cell weights, its IAMAuthPolicy,
// the alias record). An owner with an `ingress: true` service also gets the AWS Load Balancer
// Controller for its weighted ALB entry.

import * as aws from "../../../shared/aws";
import type { Vpc } from "@pulumi/awsx/ec2";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LatticeGatewayController } from "./controller";
import { LatticeGateway } from "./gateway";
import { LatticeEksIngress, LatticeEksService } from "./cellService";
import { LatticeAccess } from "../authPolicy";
import { allowLatticeToNodes } from "./nodeAccess";
import { AwsLoadBalancerController } from "../../../compute/eks/loadBalancerController";
import { EksCompute } from "../../../compute/eks/deployments";
import type { EksClusterParts } from "../../../compute/eks/cluster";
import { CellmeshConfig, OwnerConfig } from "../../../config/types";
import { LatticeEksSettings } from "../../../config/eks";
import { partitionOf } from "../../../config/validate";

export type LatticeEksConfig = CellmeshConfig & { readonly eks: LatticeEksSettings };

export interface LatticeEksPlatform extends EksClusterParts {
    readonly controller: LatticeGatewayController;
    readonly appNamespace: k8s.core.v1.Namespace;
    readonly gateway: LatticeGateway;
    /** The network's ARN: each service's association with it is Pulumi's (LatticeEksService). */
    readonly serviceNetworkArn: pulumi.Input<string>;
    /** One ingress rule per service port on the node security group, from the VPC Lattice prefix list. */
    readonly nodeAccess: aws.vpc.SecurityGroupIngressRule[];
}

export interface LatticeEksPlatformArgs {
    readonly config: LatticeEksConfig;
    readonly vpc: Vpc;
    /** The account's cluster (compute/eks). */
    readonly cluster: EksClusterParts;
    /**
     * The service network's name, which the Gateway carries (owner and consumer alike): the controller
     * identifies networks by Gateway name and compares associations by network name (gateway.ts).
     */
    readonly serviceNetwork: pulumi.Input<string>;
    /** The network's ARN (the owner's account's): the controller's role may associate services with it. */
    readonly serviceNetworkArn: pulumi.Input<string>;
    /** The cluster VPC's association with the network: the Gateway is applied only after it. */
    readonly vpcAssociation: pulumi.Resource;
}

/** The services' ports, each once, ascending: one Gateway listener and one node rule each. */
export function servicePorts(c: CellmeshConfig): number[] {
    return [...new Set(c.services.map((s) => s.port))].sort((a, b) => a - b);
}

export function latticeEksPlatform(a: LatticeEksPlatformArgs): LatticeEksPlatform {
    const c = a.config;
    const cluster = a.cluster;
    const { provider } = cluster;
    const ports = servicePorts(c);

    const controller = new LatticeGatewayController("lattice", {
        provider,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        clusterName: cluster.clusterName,
        clusterVpcId: a.vpc.vpcId,
        serviceNetworkArn: a.serviceNetworkArn,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        chartVersion: c.eks.gatewayControllerChartVersion,
        gatewayApiVersion: c.eks.gatewayApiVersion,
    });
    // No App Mesh labels: nothing is injected into these pods.
    const appNamespace = new k8s.core.v1.Namespace("apps", { metadata: { name: c.eks.appNamespace } }, { provider });
    // One listener per service port, so the Lattice services listen where clients dial (`:5001`).
    const gateway = new LatticeGateway("lattice", {
        provider,
        serviceNetwork: a.serviceNetwork,
        namespace: c.eks.appNamespace,
        vpcAssociation: a.vpcAssociation,
        ready: [...controller.ready, appNamespace],
        ports,
    });
    const nodeAccess = allowLatticeToNodes("lattice-nodes", { region: c.region, nodeSecurityGroupId: cluster.nodeSecurityGroupId, ports });
    return { ...cluster, controller, appNamespace, gateway, serviceNetworkArn: a.serviceNetworkArn, nodeAccess };
}

/** What the entry services of an owner share: the AWS Load Balancer Controller and where their ALBs go. */
export type LatticeEksEntry = Omit<LatticeEksIngress, "kind">;

/**
 * The owner's public entry on EKS, or undefined when no service has `ingress: true` (then no AWS Load
 * Balancer Controller is installed): the controller, and the owner VPC's public subnets for the ALBs.
 */
export function latticeEksEntry(c: OwnerConfig & { readonly eks: LatticeEksSettings }, platform: LatticeEksPlatform, vpc: Vpc): LatticeEksEntry | undefined {
    if (!c.services.some((s) => s.ingress)) return undefined;
    const controller = new AwsLoadBalancerController("lbc", {
        provider: platform.provider,
        region: c.region,
        clusterName: platform.clusterName,
        vpcId: vpc.vpcId,
        oidcProviderArn: platform.oidcProviderArn,
        oidcIssuer: platform.oidcIssuer,
        chartVersion: c.eks.loadBalancerControllerChartVersion,
        watchNamespace: c.eks.appNamespace,
    });
    return {
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        publicSubnetIds: vpc.publicSubnetIds,
        ...(c.albCertificateArn ? { https: { certificateArn: c.albCertificateArn } } : {}),
        ...(c.albAccessLogs ? { accessLogs: c.albAccessLogs } : {}),
        podSecurityGroupId: platform.nodeSecurityGroupId,
        controller,
    };
}

/**
 * The stack's services on the platform; `entry` (owner) is the public entry of services with
 * `ingress: true`; `access` is each service's auth policy (the ECS variant's callers).
 */
export function latticeEksServices(
    c: LatticeEksConfig, platform: LatticeEksPlatform, zone: { readonly name: string; readonly zoneId: pulumi.Input<string> },
    opts: { readonly entry?: LatticeEksEntry; readonly access: LatticeAccess; readonly dependsOn?: readonly pulumi.Resource[] },
): LatticeEksService[] {
    return c.services.map((s) => new LatticeEksService(s.name, {
        provider: platform.provider,
        service: s.name,
        namespace: c.eks.appNamespace,
        zone,
        port: s.port,
        cells: s.cells,
        ...(s.traffic.pinning ? { pinning: s.traffic.pinning } : {}),
        // Clients dial the same `<service>.<namespace>:<port>` as on App Mesh.
        backends: s.backends.map((b) => ({ name: b.virtualServiceName, port: b.port })),
        ...(s.image ? { image: s.image } : {}),
        desiredCount: s.desiredCount,
        environment: s.environment,
        gateway: { name: platform.gateway.name, namespace: platform.gateway.namespace, listenerName: platform.gateway.listeners[s.port] },
        namespaceReady: [platform.appNamespace],
        compute: EksCompute.deployments({ provider: platform.provider, namespace: c.eks.appNamespace, oidcProviderArn: platform.oidcProviderArn, oidcIssuer: platform.oidcIssuer }),
        routeReady: [platform.gateway, ...platform.controller.ready],
        policyCrds: platform.controller.policyCrds,
        access: opts.access,
        serviceNetworkArn: platform.serviceNetworkArn,
        traffic: s.traffic,
        ...(opts.entry && s.ingress ? { ingress: LatticeEksIngress.weightedAlb(opts.entry) } : {}),
    }, opts.dependsOn ? { dependsOn: [...opts.dependsOn] } : undefined));
}

