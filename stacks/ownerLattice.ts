// The mesh owner on VPC Lattice with ECS Fargate (account 1 of the reference): its VPC (and, for the
// SharedSubnets layout, the RAM share of its private subnets), the service network (auth policy, RAM
// share, the VPC's association),
// the owner's namespace as a Route 53 private hosted zone, the ECS cluster and its infrastructure
// role for Lattice, the owner's services, and every output consumers read through their reference.

import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { LatticeAccess } from "../components/lattice/authPolicy";
import { LatticeCellService, LatticeIngress } from "../components/lattice/latticeCellService";
import { LatticeNamespace } from "../components/lattice/latticeNamespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../components/lattice/serviceNetwork";
import { RamShare } from "../components/ramShare";
import { OwnerConfig, VpcLayout } from "./config";
import { accountVpc } from "./network";
import { ecsLatticeCells } from "./ecsLatticeCells";
import { latticeServiceArgs, weightsOf } from "./services";

/** Outputs of a Lattice owner stack; consumers read these by name. */
export interface LatticeOwnerOutputs {
    readonly [key: string]: unknown;
    /** `lattice`: consumers check they run the same engine. */
    readonly engine: "lattice";
    /** `ecs`: consumers check they run the same compute variant. */
    readonly compute: "ecs";
    readonly region: string;
    readonly sharing: string;
    readonly serviceNetworkArn: pulumi.Output<string>;
    /** The service network's name (`cellmesh:meshName`). */
    readonly serviceNetworkName: string;
    /** The owner's account id (the service network's), for the consumers' owner-account provider. */
    readonly ownerAccountId: string;
    /** The RAM share of the service network. */
    readonly shareArn: pulumi.Output<string>;
    /** Where the mesh's accounts run their cells; consumers check theirs against it. */
    readonly vpcLayout: VpcLayout;
    /** The RAM share of the private subnets consumers run their tasks in (SharedSubnets only). */
    readonly subnetShareArn?: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly namespace: string;
    /** The namespace's private hosted zone. */
    readonly hostedZoneId: pulumi.Output<string>;
    /** The names clients dial, by service (`serviceb.internal-domain1.com`). */
    readonly customDomainNames: Record<string, pulumi.Output<string>>;
    /** Lattice's generated DNS names, by service. */
    readonly latticeDnsNames: Record<string, pulumi.Output<string>>;
    readonly serviceArns: Record<string, pulumi.Output<string>>;
    readonly ingressUrls: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

export function ownerLatticeProgram(c: OwnerConfig): LatticeOwnerOutputs {
    const external = c.sharing === "external";
    const vpc = accountVpc(c.stack, c.network);

    // SharedSubnets (as on App Mesh): consumers run their tasks in the owner's private subnets,
    // shared through RAM. VpcPerAccount (the default): each consumer has a VPC of its own; nothing
    // of the owner's VPC is shared.
    const subnetShare = c.vpcLayout === "SharedSubnets" ? shareSubnets(c, vpc) : undefined;

    // Unsigned callers from VPCs of the mesh's accounts, on the network and on every service (both
    // policies must allow a request). The stack's own account is the validated aws:allowedAccountIds.
    const access = LatticeAccess.vpcOwners([c.accountId, ...c.consumers]);
    // The owner's tasks (with SharedSubnets the consumers' too) run in this VPC; its association with
    // the network makes the services reachable from it. A VPC can join only one network.
    const network = new LatticeServiceNetwork("mesh", {
        name: c.meshName,
        ownership: LatticeNetworkOwnership.create({ consumerAccountIds: c.consumers, allowExternalPrincipals: external, access }),
        vpcs: [{ key: "owner", vpcId: vpc.vpcId }],
    });

    // The owner's zone lives on the owner's own VPC: no placeholder needed. Consumers with a VPC of
    // their own associate it with the zone themselves (stacks/latticeConsumerVpc.ts).
    const namespace = new LatticeNamespace("namespace", { namespaceName: c.namespace, homeVpcId: vpc.vpcId });

    const { cluster, compute } = ecsLatticeCells(c, vpc.vpcId, vpc.privateSubnetIds);

    const services = c.services.map((s) => new LatticeCellService(s.name, latticeServiceArgs(s, {
        network,
        namespace: { name: c.namespace, zoneId: namespace.zoneId },
        vpcId: vpc.vpcId,
        access,
        compute,
        ...(s.ingress ? {
            ingress: LatticeIngress.publicAlb({
                vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, publicSubnetIds: vpc.publicSubnetIds,
                ...(c.albCertificateArn ? { https: { certificateArn: c.albCertificateArn } } : {}),
                ...(c.albAccessLogs ? { accessLogs: c.albAccessLogs } : {}),
            }),
        } : {}),
    })));
    const byService = <T>(pick: (svc: LatticeCellService) => T): Record<string, T> =>
        Object.fromEntries(services.map((svc, i) => [c.services[i].name, pick(svc)]));

    return {
        engine: "lattice",
        compute: "ecs",
        region: c.region,
        sharing: c.sharing,
        serviceNetworkArn: network.serviceNetworkArn,
        serviceNetworkName: c.meshName,
        ownerAccountId: c.accountId,
        shareArn: network.shareArn!,
        vpcLayout: c.vpcLayout,
        ...(subnetShare ? { subnetShareArn: subnetShare.shareArn } : {}),
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        privateSubnetIds: vpc.privateSubnetIds,
        namespace: c.namespace,
        hostedZoneId: namespace.zoneId,
        customDomainNames: byService((svc) => svc.customDomainName),
        latticeDnsNames: byService((svc) => svc.latticeDnsName),
        serviceArns: byService((svc) => svc.serviceArn),
        ingressUrls: Object.fromEntries(services.flatMap((svc, i) => svc.url ? [[c.services[i].name, svc.url]] : [])),
        clusterName: cluster.name,
        weights: weightsOf(c.services),
    };
}

/** The RAM share of the owner's private subnets with every consumer (SharedSubnets). */
function shareSubnets(c: OwnerConfig, vpc: awsx.ec2.Vpc): RamShare {
    const subnetArns: Record<string, pulumi.Output<string>> = {};
    for (let i = 0; i < c.network.availabilityZones; i++) {
        subnetArns[`private-${i}`] = aws.ec2.getSubnetOutput({ id: vpc.privateSubnetIds.apply((ids) => ids[i]) }).arn;
    }
    return new RamShare("subnets", { resources: subnetArns, principals: c.consumers, allowExternalPrincipals: c.sharing === "external" });
}
