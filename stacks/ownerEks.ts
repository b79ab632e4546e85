// The mesh owner on EKS: its own VPC and cluster, the mesh and its RAM share, the owner's Cloud Map
// namespace, the App Mesh controller, the services as custom resources, a virtual gateway per
// service with ingress, and the outputs consumers read to peer with this VPC.

import * as pulumi from "@pulumi/pulumi";
import { CellService } from "../engines/appmesh/cellService";
import { CrossAccountNamespace } from "../engines/appmesh/namespace";
import { defaultEnvoyImage } from "../engines/appmesh/ecs/envoyImage";
import { MeshIngressGateway } from "../engines/appmesh/eks/ingressGateway";
import { MeshOwnership, SharedMesh } from "../engines/appmesh/sharedMesh";
import { OwnerConfig } from "../config/types";
import { EksSettings } from "../config/eks";
import { eksPlacement, eksPlatform, virtualServiceArnIn } from "../compute/eks/platform";
import { accountVpc, privateRouteTableIds } from "../shared/vpc";
import type { OwnerOutputs } from "./owner";
import { cellServiceArgs, weightsOf } from "./services";

export function ownerEksProgram(c: OwnerConfig & { readonly eks: EksSettings }): OwnerOutputs {
    const vpc = accountVpc(c.stack, c.network);
    const mesh = new SharedMesh("mesh", {
        meshName: c.meshName,
        ownership: MeshOwnership.create({ consumerAccountIds: c.consumers, allowExternalPrincipals: c.sharing === "external", egressFilter: c.egressFilter }),
    });
    const namespace = new CrossAccountNamespace("namespace", { namespaceName: c.namespace, homeVpcId: vpc.vpcId });
    const platform = eksPlatform({ config: c, vpc, mesh, namespace, egressFilter: c.egressFilter });

    const services = c.services.map((s) => new CellService(s.name, cellServiceArgs(s, {
        ...eksPlacement(platform, c, mesh, namespace),
        // Consumers deploy after the owner, so their outputs cannot be read here: the ARN of a
        // consumer's virtual service is its name in this mesh, in App Mesh's ARN format.
        remoteBackendArn: (b) => virtualServiceArnIn(mesh.meshArn, b.virtualServiceName),
    })));

    const envoyImage = c.envoyImage ?? defaultEnvoyImage(c.region);
    const ingressUrls: Record<string, pulumi.Output<string>> = {};
    c.services.forEach((s, i) => {
        if (!s.ingress) return;
        ingressUrls[s.name] = new MeshIngressGateway(`${s.name}-ingress`, {
            provider: platform.provider,
            namespace: c.eks.appNamespace,
            meshName: mesh.meshName,
            service: s.name,
            envoyImage,
            ready: [...platform.controller.ready, services[i]],
            ...(c.meshTls ? { meshTls: { ...c.meshTls, oidcProviderArn: platform.oidcProviderArn, oidcIssuer: platform.oidcIssuer } } : {}),
        }).url;
    });

    return {
        engine: "appmesh",
        region: c.region,
        compute: "eks",
        meshName: mesh.meshName,
        meshOwner: mesh.meshOwner,
        meshArn: mesh.meshArn,
        sharing: c.sharing,
        meshShareArn: mesh.shareArn!,
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        privateSubnetIds: vpc.privateSubnetIds,
        privateRouteTableIds: privateRouteTableIds(vpc, c.network.availabilityZones),
        nodeSecurityGroupId: platform.nodeSecurityGroupId,
        namespace: c.namespace,
        hostedZoneId: namespace.hostedZoneId,
        virtualServices: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceName])),
        virtualServiceArns: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceArn])),
        ingressUrls,
        weights: weightsOf(c.services),
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
    };
}
