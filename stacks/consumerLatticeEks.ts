// A consumer account on VPC Lattice with EKS (account 2 of the reference; any number side by side):
// its own VPC and cluster, the owner's service network adopted by ARN and its cluster VPC associated
// with it (a consumer may associate VPCs it owns), its namespace resolvable from the owner's VPC and
// the owner's from its own, the AWS Gateway API Controller, a Gateway for the shared network, and its
// services as HTTPRoutes, each joined to the owner's network by Pulumi, by the network's ARN. No VPC
// peering: traffic between the accounts goes through Lattice, so the VPCs' CIDRs may overlap.

import * as pulumi from "@pulumi/pulumi";
import { LatticeAccess } from "../components/lattice/authPolicy";
import { ConsumerConfig, NetworkConfig } from "./config";
import type { OwnerStack } from "./consumer";
import { LatticeEksSettings } from "./eks";
import { byService, latticeEksPlatform, latticeEksServices } from "./latticeEks";
import { joinFromOwnVpc } from "./latticeConsumerVpc";
import { accountVpc } from "./network";
import { weightsOf } from "./services";

export type LatticeEksConsumerConfig = ConsumerConfig & { readonly eks: LatticeEksSettings; readonly network: NetworkConfig };

export interface LatticeEksConsumerOutputs {
    readonly [key: string]: unknown;
    readonly engine: "lattice";
    readonly compute: "eks";
    readonly namespace: string;
    /** The namespace's private hosted zone (in this account). */
    readonly hostedZoneId: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    /** The owner's service network this stack's VPC and services joined. */
    readonly serviceNetworkArn: pulumi.Output<string>;
    readonly customDomainNames: Record<string, pulumi.Output<string>>;
    readonly latticeServiceNames: Record<string, string>;
    readonly latticeDnsNames: Record<string, pulumi.Output<string>>;
    readonly serviceArns: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

/** `networkName`: the owner's service network's name (its `serviceNetworkName` output), which our Gateway carries. */
export function consumerLatticeEksProgram(c: LatticeEksConsumerConfig, owner: OwnerStack, networkName: string): LatticeEksConsumerOutputs {
    const vpc = accountVpc(c.stack, c.network);

    // Our cluster VPC joins the owner's network; our zone resolves in the owner's VPC (its pods call
    // ours) and the owner's in ours (our pods call the owner's services).
    const { network, namespace, dnsReady } = joinFromOwnVpc(c, owner, vpc, "cluster");

    const platform = latticeEksPlatform({
        config: c, vpc,
        // The network's name, not its `sn-` id: the controller compares a service's associations by
        // network name (latticeGateway.ts). It finds the shared network by that name in
        // ListServiceNetworks or through our VPC's association, made first.
        serviceNetwork: networkName,
        serviceNetworkArn: network.serviceNetworkArn,
        vpcAssociation: network.vpcAssociations.cluster,
    });
    // Callers reach our services from the owner's VPC and from our own (consumers' zones are not
    // associated with each other's VPCs): the ECS consumer's accounts.
    const services = latticeEksServices(c, platform, { name: c.namespace, zoneId: namespace.zoneId }, {
        access: LatticeAccess.vpcOwners([owner.accountId, c.accountId]),
        dependsOn: dnsReady,
    });

    return {
        engine: "lattice",
        compute: "eks",
        namespace: c.namespace,
        hostedZoneId: namespace.zoneId,
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        serviceNetworkArn: network.serviceNetworkArn,
        customDomainNames: byService(c, services, (svc) => svc.customDomainName),
        latticeServiceNames: byService(c, services, (svc) => svc.latticeServiceName),
        latticeDnsNames: byService(c, services, (svc) => svc.latticeDnsName),
        serviceArns: byService(c, services, (svc) => svc.serviceArn),
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        weights: weightsOf(c.services),
    };
}
