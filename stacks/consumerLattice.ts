// A consumer account on VPC Lattice with ECS Fargate (account 2 of the reference; any number side by
// side): it adopts the owner's service network by ARN, makes its own namespace (a Route 53 private
// hosted zone) resolvable from the owner's VPC, and runs its services' cells, registered in target
// groups of its own Lattice services, in one of two places (`cellmesh:vpcLayout`):
// - VpcPerAccount (default): a VPC of its own, associated with the service network, where the owner's
//   namespace is made resolvable too (AWS's documented multi-account layout; Lattice joins the VPCs,
//   so their CIDRs may overlap);
// - SharedSubnets: the owner's private subnets shared with RAM, as the App Mesh reference architecture
//   does (whether AWS lets a consumer create target groups in a VPC it does not own is unverified).

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LatticeAccess } from "../components/lattice/authPolicy";
import { LatticeCellService } from "../components/lattice/latticeCellService";
import { LatticeNamespace } from "../components/lattice/latticeNamespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../components/lattice/serviceNetwork";
import { ConsumerConfig, NetworkConfig, VpcLayout } from "./config";
import { joinFromOwnVpc } from "./latticeConsumerVpc";
import { accountVpc } from "./network";
import type { OwnerStack } from "./consumer";
import { ecsLatticeCells } from "./ecsLatticeCells";
import { latticeServiceArgs, weightsOf } from "./services";

export interface LatticeConsumerOutputs {
    readonly [key: string]: unknown;
    readonly engine: "lattice";
    readonly compute: "ecs";
    readonly namespace: string;
    /** The namespace's private hosted zone (in this account). */
    readonly hostedZoneId: pulumi.Output<string>;
    /** Where the cells run: this account's own VPC (VpcPerAccount) or the owner's shared subnets. */
    readonly vpcLayout: VpcLayout;
    /** The VPC the cells run in (the owner's, or this account's own). */
    readonly vpcId: pulumi.Output<string>;
    /** The names clients dial, by service (`servicex.internal-domain2.com`). */
    readonly customDomainNames: Record<string, pulumi.Output<string>>;
    /** Lattice's generated DNS names, by service. */
    readonly latticeDnsNames: Record<string, pulumi.Output<string>>;
    readonly serviceArns: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

/** Where a consumer's cells run, and what its services wait for there. */
interface CellPlacement {
    readonly kind: VpcLayout;
    readonly vpcId: pulumi.Output<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly network: LatticeServiceNetwork;
    readonly namespace: LatticeNamespace;
    /** What the services wait for: the zone associations (and the accepted subnet share). */
    readonly ready: pulumi.Resource[];
}

/** The owner's shared private subnets: the owner's VPC is already in the network; our zone anchors on a placeholder VPC. */
function inOwnerVpc(c: ConsumerConfig, owner: OwnerStack): CellPlacement {
    const ownerVpcId = owner.output("vpcId");
    // Outside an organization both shares (subnets and network) must be accepted here first.
    const subnetAccept = owner.external
        ? new aws.ram.ResourceShareAccepter("subnets-accept", { shareArn: owner.output("subnetShareArn") })
        : undefined;

    // No VPC association here: our tasks run in the owner's VPC (shared subnets), which the owner
    // has associated with the network already, and a VPC can join only one network (an account can
    // associate only VPCs it owns anyway). Our services join the network themselves.
    const network = new LatticeServiceNetwork("mesh", {
        ownership: LatticeNetworkOwnership.adopt({
            serviceNetworkArn: owner.output("serviceNetworkArn"),
            ...(owner.external ? { externalShareArn: owner.output("shareArn") } : {}),
            prerequisites: subnetAccept ? [subnetAccept] : [],
        }),
    });

    // Our zone lives in our account on a placeholder VPC of its own, and must resolve in the owner's
    // VPC, where every caller runs: authorized here, associated with the owner account's provider.
    const namespace = new LatticeNamespace("namespace", {
        namespaceName: c.namespace,
        placeholderCidr: c.placeholderVpcCidr,
        remoteVpcs: [{ key: "owner-vpc", vpcId: ownerVpcId, vpcRegion: c.region, provider: owner.provider }],
    });
    return {
        kind: "SharedSubnets",
        vpcId: ownerVpcId,
        subnetIds: owner.output<string[]>("privateSubnetIds"),
        network,
        namespace,
        ready: [...namespace.associations, ...(subnetAccept ? [subnetAccept] : [])],
    };
}

/**
 * A VPC of our own, associated with the network: our target groups then live in a VPC our account
 * owns. Our zone anchors on it and is associated with the owner's VPC; the owner's zone is associated
 * with ours, since our tasks call the owner's services too.
 */
function inOwnVpc(c: ConsumerConfig, settings: NetworkConfig, owner: OwnerStack): CellPlacement {
    const vpc = accountVpc(c.stack, settings);
    const { network, namespace, dnsReady } = joinFromOwnVpc(c, owner, vpc, "tasks");
    return { kind: "VpcPerAccount", vpcId: vpc.vpcId, subnetIds: vpc.privateSubnetIds, network, namespace, ready: dnsReady };
}

export function consumerLatticeProgram(c: ConsumerConfig, owner: OwnerStack): LatticeConsumerOutputs {
    const placement = c.vpcLayout === "SharedSubnets" || !c.network ? inOwnerVpc(c, owner) : inOwnVpc(c, c.network, owner);
    const { network, namespace } = placement;

    const { cluster, compute } = ecsLatticeCells(c, placement.vpcId, placement.subnetIds);

    // Callers reach our services from the owner's VPC and from ours. The network's policy applies too.
    const access = LatticeAccess.vpcOwners([owner.accountId, c.accountId]);
    const services = c.services.map((s) => new LatticeCellService(s.name, latticeServiceArgs(s, {
        network,
        namespace: { name: c.namespace, zoneId: namespace.zoneId },
        // The cells' target groups are ours, in the VPC our tasks run in (in the owner's shared VPC:
        // whether AWS allows a target group there is unverified, docs/unverified.md).
        vpcId: placement.vpcId,
        access,
        compute,
    }), { dependsOn: placement.ready }));
    const byService = <T>(pick: (svc: LatticeCellService) => T): Record<string, T> =>
        Object.fromEntries(services.map((svc, i) => [c.services[i].name, pick(svc)]));

    return {
        engine: "lattice",
        compute: "ecs",
        namespace: c.namespace,
        hostedZoneId: namespace.zoneId,
        vpcLayout: placement.kind,
        vpcId: placement.vpcId,
        customDomainNames: byService((svc) => svc.customDomainName),
        latticeDnsNames: byService((svc) => svc.latticeDnsName),
        serviceArns: byService((svc) => svc.serviceArn),
        clusterName: cluster.name,
        weights: weightsOf(c.services),
    };
}
