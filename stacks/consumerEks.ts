// A consumer account on EKS: its own VPC and cluster peered with the owner's VPC, its namespace
// resolvable from the owner's VPC and the owner's namespace resolvable from its own, the shared
// mesh adopted through the App Mesh controller, and its services as custom resources.

import { CellService } from "../engines/appmesh/cellService";
import { CrossAccountNamespace } from "../engines/appmesh/namespace";
import { associateZoneAcrossAccounts } from "../shared/privateZone";
import { VpcPeering } from "../shared/vpcPeering";
import { MeshOwnership, SharedMesh } from "../engines/appmesh/sharedMesh";
import { ConsumerConfig, NetworkConfig } from "../config/types";
import type { ConsumerOutputs, OwnerStack } from "./consumer";
import { EksSettings } from "../config/eks";
import { eksPlacement, eksPlatform, virtualServiceArnIn } from "../compute/eks/platform";
import { accountVpc, privateRouteTableIds } from "../shared/vpc";
import { cellServiceArgs, weightsOf } from "./services";

export type EksConsumerConfig = ConsumerConfig & { readonly eks: EksSettings; readonly network: NetworkConfig };

export async function consumerEksProgram(c: EksConsumerConfig, owner: OwnerStack): Promise<ConsumerOutputs> {
    // Plain values that decide what to create.
    const ownerRouteTables = (await owner.plain<string[]>("privateRouteTableIds")) ?? [];
    const ownerNamespace = await owner.plain<string>("namespace");
    const ownerAccountId = owner.output("meshOwner");

    const vpc = accountVpc(c.stack, c.network);
    const mesh = new SharedMesh("mesh", {
        meshName: owner.output("meshName"),
        ownership: MeshOwnership.adopt({
            ownerAccountId,
            meshArn: owner.output("meshArn"),
            ...(owner.external ? { externalShareArn: owner.output("meshShareArn") } : {}),
            prerequisites: owner.serviceLinkedRole ? [owner.serviceLinkedRole] : [],
        }),
    });

    // Our namespace, created on our own VPC, must resolve in the owner's VPC (its pods call ours)...
    const namespace = new CrossAccountNamespace("namespace", {
        namespaceName: c.namespace,
        homeVpcId: vpc.vpcId,
        remoteVpcs: [{ key: "owner-vpc", vpcId: owner.output("vpcId"), vpcRegion: c.region, provider: owner.provider }],
    });
    // ...and the owner's must resolve in ours (our pods call the owner's services).
    const ownerZone = associateZoneAcrossAccounts("owner-namespace", {
        zoneId: owner.output("hostedZoneId"), vpcId: vpc.vpcId, vpcRegion: c.region, zoneProvider: owner.provider,
    });

    const platform = eksPlatform({ config: c, vpc, mesh, namespace });
    const peering = new VpcPeering("peering", {
        requester: {
            vpcId: vpc.vpcId, cidr: c.network.vpcCidr,
            routeTableIds: privateRouteTableIds(vpc, c.network.availabilityZones),
            securityGroupId: platform.nodeSecurityGroupId,
        },
        accepter: {
            vpcId: owner.output("vpcId"), cidr: owner.output("vpcCidr"), accountId: ownerAccountId, region: c.region,
            routeTableIds: ownerRouteTables, securityGroupId: owner.output("nodeSecurityGroupId"), provider: owner.provider,
        },
        // Every service port of both stacks: the mesh's traffic between the VPCs.
        ports: [...new Set([...c.services.map((s) => s.port), ...c.services.flatMap((s) => s.backends.map((b) => b.port))])].sort((a, b) => a - b),
    });

    const ownerArns = owner.output<Record<string, string>>("virtualServiceArns");
    const services = c.services.map((s) => new CellService(s.name, cellServiceArgs(s, {
        ...eksPlacement(platform, c, mesh, namespace),
        // The owner's services by the ARNs the owner exports; other consumers' by their name in the mesh.
        remoteBackendArn: (b) => b.namespace === ownerNamespace
            ? ownerArns.apply((arns) => {
                const arn = arns?.[b.service];
                if (!arn) throw new Error(`cellmesh:services: backend ${b.virtualServiceName} is not a service of the owner stack ${c.ownerStack} (it exports ${Object.keys(arns ?? {}).join(", ") || "none"})`);
                return arn;
            })
            : virtualServiceArnIn(mesh.meshArn, b.virtualServiceName),
    }), { dependsOn: [...namespace.associations, ownerZone, peering] }));

    return {
        engine: "appmesh",
        compute: "eks",
        namespace: c.namespace,
        namespaceId: namespace.namespaceId,
        hostedZoneId: namespace.hostedZoneId,
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        peeringConnectionId: peering.connectionId,
        virtualServices: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceName])),
        virtualServiceArns: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceArn])),
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        weights: weightsOf(c.services),
    };
}
