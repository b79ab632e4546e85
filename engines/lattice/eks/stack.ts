// VPC Lattice on EKS: the AWS Gateway API Controller and the network's Gateway in the account's
// cluster, the services as HTTPRoutes over per-cell pods, the weighted public ALB of each
// `ingress: true` service with the AWS Load Balancer Controller (owner), and the stack's outputs.

import type { EksPlatform } from "../../../compute/eks";
import { latticeEks } from "../../../config/eks";
import { StackContext, byService, weightsOf } from "../../../stacks/context";
import { cellTargetsOf } from "../../../shared/cellTargets";
import type { OwnerOutputs, OwnerReference } from "../../../stacks/ownerContract";
import type { StackOutputs, StackParts } from "../../engine";
import type { LatticeOwnerContract } from "../contract";
import type { LatticeZoneNamespace } from "../namespace";
import { latticeAccess } from "../network";
import type { LatticeServiceNetwork } from "../serviceNetwork";
import { latticeEksEntry, latticeEksPlatform, latticeEksServices } from "./platform";

export async function latticeOnEks(s: StackContext, parts: StackParts<LatticeServiceNetwork, LatticeZoneNamespace, EksPlatform>): Promise<StackOutputs> {
    const c = s.config;
    const config = { ...c, eks: latticeEks(c.eks!) };
    const { placement, network, namespace, platform: cluster } = parts;
    const vpc = placement.vpc!;
    // Every Gateway carries the network's name, never its `sn-` id: the controller compares a service's
    // associations by network name (gateway.ts). A consumer reads it from the owner (checked present).
    const networkName = c.role === "owner" ? c.meshName : String(await (s.owner as OwnerReference<LatticeOwnerContract>).plain("serviceNetworkName"));
    const platform = latticeEksPlatform({
        config, vpc, cluster,
        serviceNetwork: networkName,
        serviceNetworkArn: network.serviceNetworkArn,
        vpcAssociation: network.vpcAssociations[placement.joinKey],
    });
    const zone = { name: c.namespace, zoneId: namespace.zone.zoneId };
    const access = latticeAccess(s);

    if (c.role === "consumer") {
        const services = latticeEksServices(config, platform, zone, { access, dependsOn: parts.dnsReady });
        return {
            engine: "lattice",
            compute: "eks",
            namespace: c.namespace,
            hostedZoneId: namespace.zone.zoneId,
            vpcId: vpc.vpcId,
            vpcCidr: c.network!.vpcCidr,
            serviceNetworkArn: network.serviceNetworkArn,
            customDomainNames: byService(c, services, (svc) => svc.customDomainName),
            latticeServiceNames: byService(c, services, (svc) => svc.latticeServiceName),
            latticeDnsNames: byService(c, services, (svc) => svc.latticeDnsName),
            serviceArns: byService(c, services, (svc) => svc.serviceArn),
            clusterName: platform.clusterName,
            kubeconfig: platform.kubeconfig,
            weights: weightsOf(c),
            cellTargets: cellTargetsOf(c, services),
        };
    }

    // Services with `ingress: true` get the weighted ALB; only then is the AWS Load Balancer Controller
    // installed. Each service's own auth policy admits the same callers as the network's (as on ECS).
    const entry = latticeEksEntry({ ...c, eks: config.eks }, platform, vpc);
    const services = latticeEksServices(config, platform, zone, { ...(entry ? { entry } : {}), access });
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
        hostedZoneId: namespace.zone.zoneId,
        customDomainNames: byService(c, services, (svc) => svc.customDomainName),
        latticeServiceNames: byService(c, services, (svc) => svc.latticeServiceName),
        latticeDnsNames: byService(c, services, (svc) => svc.latticeDnsName),
        serviceArns: byService(c, services, (svc) => svc.serviceArn),
        ingressUrls: Object.fromEntries(services.flatMap((svc, i) => svc.url ? [[c.services[i].name, svc.url]] : [])),
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        weights: weightsOf(c),
        cellTargets: cellTargetsOf(c, services),
    } satisfies OwnerOutputs<LatticeOwnerContract>;
}
