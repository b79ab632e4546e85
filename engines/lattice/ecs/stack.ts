// VPC Lattice on ECS Fargate: the account's ECS infrastructure role for Lattice, every cell a Fargate
// service running the app alone and registered in its target group, a LatticeCellService per
// service (Lattice service, listener with the cell weights, alias record), the entry services
// behind their weighted ALB, and the stack's outputs.

import type { EcsPlatform } from "../../../compute/ecs";
import { partitionOf } from "../../../config/validate";
import { StackContext, byService, weightsOf } from "../../../stacks/context";
import { cellTargetsOf } from "../../../shared/cellTargets";
import type { OwnerOutputs } from "../../../stacks/ownerContract";
import type { StackOutputs, StackParts } from "../../engine";
import { LatticeCellService, LatticeCellServiceArgs, LatticeIngress } from "../cellService";
import type { LatticeOwnerContract } from "../contract";
import type { LatticeZoneNamespace } from "../namespace";
import { latticeAccess } from "../network";
import { latticeServiceArgs } from "../services";
import type { LatticeServiceNetwork } from "../serviceNetwork";
import { EcsCompute } from "../../../compute/ecs/fargateCells";
import { LatticeRegistration } from "../registration";
import { EcsLatticeInfrastructureRole } from "./infrastructureRole";

export function latticeOnEcs(s: StackContext, parts: StackParts<LatticeServiceNetwork, LatticeZoneNamespace, EcsPlatform>): StackOutputs {
    const c = s.config;
    const { placement, network, namespace, platform } = parts;
    const partition = partitionOf(c.region);
    const infrastructureRole = new EcsLatticeInfrastructureRole("ecs-lattice", { partition });
    const compute = EcsCompute.fargate({
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition,
        clusterArn: platform.cluster.arn,
        vpcId: placement.vpcId,
        subnetIds: placement.subnetIds,
        logRetentionDays: c.logRetentionDays,
        ...(c.logKmsKeyArn ? { logKmsKeyArn: c.logKmsKeyArn } : {}),
    });
    const common: Pick<LatticeCellServiceArgs, "network" | "namespace" | "vpcId" | "access" | "compute" | "registrar"> = {
        network,
        namespace: { name: c.namespace, zoneId: namespace.zone.zoneId },
        // The cells' target groups are ours, in the VPC our tasks run in (with SharedSubnets the owner's:
        // whether AWS allows a target group there is unverified, docs/unverified.md).
        vpcId: placement.vpcId,
        access: latticeAccess(s),
        compute,
        registrar: LatticeRegistration.ecsTargets({ region: c.region, infrastructureRole }),
    };

    if (c.role === "consumer") {
        // Callers reach our services from the owner's VPC and from ours, once our names resolve there.
        const services = c.services.map((svc) => new LatticeCellService(svc.name, latticeServiceArgs(svc, common), { dependsOn: [...parts.dnsReady, ...placement.ready] }));
        return {
            engine: "lattice",
            compute: "ecs",
            namespace: c.namespace,
            hostedZoneId: namespace.zone.zoneId,
            vpcLayout: c.vpcLayout,
            vpcId: placement.vpcId,
            customDomainNames: byService(c, services, (svc) => svc.customDomainName),
            latticeDnsNames: byService(c, services, (svc) => svc.latticeDnsName),
            serviceArns: byService(c, services, (svc) => svc.serviceArn),
            clusterName: platform.cluster.name,
            weights: weightsOf(c),
            cellTargets: cellTargetsOf(c, services.map((svc) => ({ latticeTargetGroupArns: svc.targetGroupArns, entry: svc.entry }))),
        };
    }

    const vpc = placement.vpc!;
    const services = c.services.map((svc) => new LatticeCellService(svc.name, latticeServiceArgs(svc, {
        ...common,
        ...(svc.ingress ? {
            ingress: LatticeIngress.publicAlb({
                vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, publicSubnetIds: vpc.publicSubnetIds,
                ...(c.albCertificateArn ? { https: { certificateArn: c.albCertificateArn } } : {}),
                ...(c.albAccessLogs ? { accessLogs: c.albAccessLogs } : {}),
            }),
        } : {}),
    })));
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
        ...(placement.subnetShareArn ? { subnetShareArn: placement.subnetShareArn } : {}),
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        privateSubnetIds: vpc.privateSubnetIds,
        namespace: c.namespace,
        hostedZoneId: namespace.zone.zoneId,
        customDomainNames: byService(c, services, (svc) => svc.customDomainName),
        latticeDnsNames: byService(c, services, (svc) => svc.latticeDnsName),
        serviceArns: byService(c, services, (svc) => svc.serviceArn),
        ingressUrls: Object.fromEntries(services.flatMap((svc, i) => svc.url ? [[c.services[i].name, svc.url]] : [])),
        clusterName: platform.cluster.name,
        weights: weightsOf(c),
        cellTargets: cellTargetsOf(c, services.map((svc) => ({ latticeTargetGroupArns: svc.targetGroupArns, entry: svc.entry }))),
    } satisfies OwnerOutputs<LatticeOwnerContract>;
}
