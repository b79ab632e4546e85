// The service network owner on VPC Lattice with EKS (account 1 of the reference): its own VPC and
// cluster, the service network (auth policy, RAM share, this cluster VPC's association), the owner's
// namespace as a Route 53 private hosted zone, the AWS Gateway API Controller, the network's
// Gateway, the services as HTTPRoutes over per-cell pods, the weighted public ALB of each `ingress:
// true` service (with the AWS Load Balancer Controller), and every output consumers read. No subnet
// share and no VPC peering: each account has its own VPC, joined by the service network.

import * as pulumi from "@pulumi/pulumi";
import { LatticeAccess } from "../components/lattice/authPolicy";
import { LatticeNamespace } from "../components/lattice/latticeNamespace";
import { LatticeNetworkOwnership, LatticeServiceNetwork } from "../components/lattice/serviceNetwork";
import { OwnerConfig } from "./config";
import { LatticeEksSettings } from "./eks";
import { byService, latticeEksEntry, latticeEksPlatform, latticeEksServices } from "./latticeEks";
import { accountVpc } from "./network";
import { weightsOf } from "./services";

/** Outputs of a Lattice owner stack on EKS; consumers read these by name. */
export interface LatticeEksOwnerOutputs {
    readonly [key: string]: unknown;
    readonly engine: "lattice";
    readonly compute: "eks";
    readonly region: string;
    readonly sharing: string;
    readonly serviceNetworkArn: pulumi.Output<string>;
    /** The service network's name: every consumer's Gateway carries it (the controller finds networks by Gateway name). */
    readonly serviceNetworkName: string;
    /** The owner's account id (the service network's), for the consumers' owner-account provider. */
    readonly ownerAccountId: string;
    /** The RAM share of the service network. */
    readonly shareArn: pulumi.Output<string>;
    /** The owner's VPC (consumers associate their zones with it). */
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly namespace: string;
    /** The namespace's private hosted zone (consumers associate their VPCs with it). */
    readonly hostedZoneId: pulumi.Output<string>;
    /** The names clients dial, by service (`serviceb.internal-domain1.com`). */
    readonly customDomainNames: Record<string, pulumi.Output<string>>;
    /** The Lattice service the controller creates per HTTPRoute, by service. */
    readonly latticeServiceNames: Record<string, string>;
    /** Lattice's generated DNS names, by service. */
    readonly latticeDnsNames: Record<string, pulumi.Output<string>>;
    readonly serviceArns: Record<string, pulumi.Output<string>>;
    /** Public URLs of services with ingress: their weighted ALBs (`https://` with a certificate). */
    readonly ingressUrls: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster (a secret). */
    readonly kubeconfig: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

export function ownerLatticeEksProgram(c: OwnerConfig & { readonly eks: LatticeEksSettings }): LatticeEksOwnerOutputs {
    const external = c.sharing === "external";
    const vpc = accountVpc(c.stack, c.network);

    // Unsigned callers from VPCs of the mesh's accounts (each account's cluster VPC is its own).
    const access = LatticeAccess.vpcOwners([c.accountId, ...c.consumers]);
    const network = new LatticeServiceNetwork("mesh", {
        name: c.meshName,
        ownership: LatticeNetworkOwnership.create({ consumerAccountIds: c.consumers, allowExternalPrincipals: external, access }),
        vpcs: [{ key: "cluster", vpcId: vpc.vpcId }],
    });
    // The owner's zone lives on the owner's own VPC; consumers associate theirs with it.
    const namespace = new LatticeNamespace("namespace", { namespaceName: c.namespace, homeVpcId: vpc.vpcId });

    const platform = latticeEksPlatform({
        config: c, vpc,
        // The Gateway carries the network's name (as every consumer's does).
        serviceNetwork: c.meshName,
        serviceNetworkArn: network.serviceNetworkArn,
        vpcAssociation: network.vpcAssociations.cluster,
    });
    // Services with `ingress: true` get the weighted ALB; only then is the AWS Load Balancer Controller
    // installed. Each service's own auth policy admits the same callers as the network's (as on ECS).
    const entry = latticeEksEntry(c, platform, vpc);
    const services = latticeEksServices(c, platform, { name: c.namespace, zoneId: namespace.zoneId }, { ...(entry ? { entry } : {}), access });

    return {
        engine: "lattice",
        compute: "eks",
        region: c.region,
        sharing: c.sharing,
        serviceNetworkArn: network.serviceNetworkArn,
        serviceNetworkName: c.meshName,
        ownerAccountId: c.accountId,
        shareArn: network.shareArn!,
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        namespace: c.namespace,
        hostedZoneId: namespace.zoneId,
        customDomainNames: byService(c, services, (svc) => svc.customDomainName),
        latticeServiceNames: byService(c, services, (svc) => svc.latticeServiceName),
        latticeDnsNames: byService(c, services, (svc) => svc.latticeDnsName),
        serviceArns: byService(c, services, (svc) => svc.serviceArn),
        ingressUrls: Object.fromEntries(services.flatMap((svc, i) => svc.url ? [[c.services[i].name, svc.url]] : [])),
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        weights: weightsOf(c.services),
    };
}
