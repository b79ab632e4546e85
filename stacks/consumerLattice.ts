// A consumer account on VPC Lattice with ECS Fargate (account 2 of the reference; any number side by
// side): it adopts the owner's service network by ARN, makes its own namespace (a Route 53 private
// hosted zone) resolvable from the owner's VPC, and runs its services' cells in the owner's shared
// private subnets, registered in target groups of its own Lattice services.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LatticeAccess } from "../components/lattice/authPolicy";
import { EcsLatticeInfrastructureRole } from "../components/lattice/ecsInfrastructureRole";
import { EcsLatticeCompute } from "../components/lattice/ecsLatticeCompute";
import { LatticeCellService } from "../components/lattice/latticeCellService";
import { LatticeNamespace } from "../components/lattice/latticeNamespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../components/lattice/serviceNetwork";
import { ConsumerConfig } from "./config";
import type { OwnerStack } from "./consumer";
import { latticeServiceArgs, weightsOf } from "./services";
import { partitionOf } from "./validate";
import { ecsCluster } from "./ecsCluster";

export interface LatticeConsumerOutputs {
    readonly [key: string]: unknown;
    readonly engine: "lattice";
    readonly compute: "ecs";
    readonly namespace: string;
    /** The namespace's private hosted zone (in this account). */
    readonly hostedZoneId: pulumi.Output<string>;
    /** The names clients dial, by service (`servicex.internal-domain2.com`). */
    readonly customDomainNames: Record<string, pulumi.Output<string>>;
    /** Lattice's generated DNS names, by service. */
    readonly latticeDnsNames: Record<string, pulumi.Output<string>>;
    readonly serviceArns: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

export function consumerLatticeProgram(c: ConsumerConfig, owner: OwnerStack): LatticeConsumerOutputs {
    const ownerVpcId = owner.output("vpcId");
    // Outside an organization both shares (subnets and network) must be accepted here first.
    const subnetAccept = owner.external
        ? new aws.ram.ResourceShareAccepter("subnets-accept", { shareArn: owner.output("subnetShareArn") })
        : undefined;

    // No VPC association here: on ECS our tasks run in the owner's VPC (shared subnets), which the
    // owner has associated with the network already, and a VPC can join only one network (an
    // account can associate only VPCs it owns anyway). Our services join the network themselves.
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

    const cluster = ecsCluster(c.stack);
    const partition = partitionOf(c.region);
    const infrastructureRole = new EcsLatticeInfrastructureRole("ecs-lattice", { partition });
    const compute = EcsLatticeCompute.fargate({
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition,
        clusterArn: cluster.arn,
        vpcId: ownerVpcId,
        subnetIds: owner.output<string[]>("privateSubnetIds"),
        infrastructureRole,
        logRetentionDays: c.logRetentionDays,
        ...(c.logKmsKeyArn ? { logKmsKeyArn: c.logKmsKeyArn } : {}),
    });

    // Callers reach our services from the owner's VPC (every task runs there on ECS); our own
    // account is listed for VPCs of ours that may join later. The network's policy applies too.
    const access = LatticeAccess.vpcOwners([owner.accountId, c.accountId]);
    const services = c.services.map((s) => new LatticeCellService(s.name, latticeServiceArgs(s, {
        network,
        namespace: { name: c.namespace, zoneId: namespace.zoneId },
        // The cells' target groups are ours but live in the owner's VPC, where our tasks run
        // (whether AWS allows that for a VPC shared through RAM is unverified: README).
        vpcId: ownerVpcId,
        access,
        compute,
    }), { dependsOn: [...namespace.associations, ...(subnetAccept ? [subnetAccept] : [])] }));
    const byService = <T>(pick: (svc: LatticeCellService) => T): Record<string, T> =>
        Object.fromEntries(services.map((svc, i) => [c.services[i].name, pick(svc)]));

    return {
        engine: "lattice",
        compute: "ecs",
        namespace: c.namespace,
        hostedZoneId: namespace.zoneId,
        customDomainNames: byService((svc) => svc.customDomainName),
        latticeDnsNames: byService((svc) => svc.latticeDnsName),
        serviceArns: byService((svc) => svc.serviceArn),
        clusterName: cluster.name,
        weights: weightsOf(c.services),
    };
}
