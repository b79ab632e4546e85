// What a VPC Lattice consumer with a VPC of its own builds to join the owner's mesh (EKS always, ECS
// with `cellmesh:vpcCidr`): the owner's service network adopted by ARN with this VPC associated (a
// consumer may associate VPCs it owns with a network shared to it), its namespace zone anchored on
// this VPC and resolvable from the owner's VPC (the owner's callers), and the owner's zone resolvable
// from this VPC (our callers). Each zone association takes two steps with two providers.

import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { associateZoneAcrossAccounts } from "../shared/privateZone";
import { LatticeNamespace } from "../engines/lattice/namespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../engines/lattice/serviceNetwork";
import { ConsumerConfig } from "../config/types";
import type { OwnerStack } from "./consumer";

export interface OwnVpcMembership {
    readonly network: LatticeServiceNetwork;
    readonly namespace: LatticeNamespace;
    /** What the services wait for: their names resolve where their callers run, both ways. */
    readonly dnsReady: pulumi.Resource[];
}

/** `key` names the VPC association (`mesh-<key>-vpc`). */
export function joinFromOwnVpc(c: ConsumerConfig, owner: OwnerStack, vpc: awsx.ec2.Vpc, key: string): OwnVpcMembership {
    const network = new LatticeServiceNetwork("mesh", {
        ownership: LatticeNetworkOwnership.adopt({
            serviceNetworkArn: owner.output("serviceNetworkArn"),
            ...(owner.external ? { externalShareArn: owner.output("shareArn") } : {}),
        }),
        vpcs: [{ key, vpcId: vpc.vpcId }],
    });
    const namespace = new LatticeNamespace("namespace", {
        namespaceName: c.namespace,
        homeVpcId: vpc.vpcId,
        remoteVpcs: [{ key: "owner-vpc", vpcId: owner.output("vpcId"), vpcRegion: c.region, provider: owner.provider }],
    });
    const ownerZone = associateZoneAcrossAccounts("owner-namespace", {
        zoneId: owner.output("hostedZoneId"), vpcId: vpc.vpcId, vpcRegion: c.region, zoneProvider: owner.provider,
    });
    return { network, namespace, dnsReady: [...namespace.associations, ownerZone] };
}
