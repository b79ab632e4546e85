// A consumer account on VPC Lattice with EKS (account 2 of the reference; any number side by side):
// its own VPC and cluster, the owner's service network adopted by ARN and its cluster VPC associated
// with it (a consumer may associate VPCs it owns), its namespace resolvable from the owner's VPC and
// the owner's from its own, the AWS Gateway API Controller, a Gateway for the shared network, and its
// services as HTTPRoutes. No VPC peering: traffic between the accounts goes through Lattice, so the
// VPCs' CIDRs may overlap.

import * as pulumi from "@pulumi/pulumi";
import { associateZoneAcrossAccounts } from "../components/crossAccountNamespace";
import { LatticeAccess } from "../components/lattice/authPolicy";
import { LatticeNamespace } from "../components/lattice/latticeNamespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../components/lattice/serviceNetwork";
import { ConsumerConfig, NetworkConfig } from "./config";
import type { OwnerStack } from "./consumer";
import { LatticeEksSettings } from "./eks";
import { byService, latticeEksPlatform, latticeEksServices } from "./latticeEks";
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

export function consumerLatticeEksProgram(c: LatticeEksConsumerConfig, owner: OwnerStack): LatticeEksConsumerOutputs {
    const vpc = accountVpc(c.stack, c.network);

    // Our cluster VPC joins the owner's network (after the external share is accepted, if any).
    const network = new LatticeServiceNetwork("mesh", {
        ownership: LatticeNetworkOwnership.adopt({
            serviceNetworkArn: owner.output("serviceNetworkArn"),
            ...(owner.external ? { externalShareArn: owner.output("shareArn") } : {}),
        }),
        vpcs: [{ key: "cluster", vpcId: vpc.vpcId }],
    });

    // Our zone, on our own VPC, must resolve in the owner's VPC (its pods call ours)...
    const namespace = new LatticeNamespace("namespace", {
        namespaceName: c.namespace,
        homeVpcId: vpc.vpcId,
        remoteVpcs: [{ key: "owner-vpc", vpcId: owner.output("vpcId"), vpcRegion: c.region, provider: owner.provider }],
    });
    // ...and the owner's in ours (our pods call the owner's services).
    const ownerZone = associateZoneAcrossAccounts("owner-namespace", {
        zoneId: owner.output("hostedZoneId"), vpcId: vpc.vpcId, vpcRegion: c.region, zoneProvider: owner.provider,
    });

    const platform = latticeEksPlatform({
        config: c, vpc,
        // A shared network may share its name with one of ours; its id is unambiguous.
        serviceNetwork: network.serviceNetworkId,
        serviceNetworkArn: network.serviceNetworkArn,
        vpcAssociation: network.vpcAssociations.cluster,
    });
    // Callers reach our services from the owner's VPC and from our own (consumers' zones are not
    // associated with each other's VPCs): the ECS consumer's accounts.
    const services = latticeEksServices(c, platform, { name: c.namespace, zoneId: namespace.zoneId }, {
        access: LatticeAccess.vpcOwners([owner.accountId, c.accountId]),
        dependsOn: [...namespace.associations, ownerZone],
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
