// App Mesh on EKS: the App Mesh controller in the account's cluster, the services as custom
// resources over per-cell pods it injects with Envoy, a virtual gateway per `ingress: true` service
// (owner), the VPC peering with the owner (consumer), and the stack's outputs.

import * as pulumi from "@pulumi/pulumi";
import type { EksPlatform } from "../../../compute/eks";
import { EksCompute } from "../../../compute/eks/deployments";
import { partitionOf } from "../../../config/validate";
import { appMeshEks } from "../../../config/eks";
import { privateRouteTableIds } from "../../../shared/vpc";
import { VpcPeering } from "../../../shared/vpcPeering";
import { StackContext, byService, weightsOf } from "../../../stacks/context";
import { cellTargetsOf } from "../../../shared/cellTargets";
import type { OwnerOutputs, OwnerReference } from "../../../stacks/ownerContract";
import type { StackOutputs, StackParts } from "../../engine";
import { CellService } from "../cellService";
import type { AppMeshOwnerContract } from "../contract";
import { defaultEnvoyImage } from "../ecs/envoyImage";
import type { AppMeshNamespace } from "../namespace";
import { AppMeshRegistration } from "../registration";
import { StackPlacement, cellServiceArgs, virtualServiceArnIn } from "../services";
import type { SharedMesh } from "../sharedMesh";
import { AppMeshController } from "./controller";
import { controllerMeshObjects } from "./controllerMeshObjects";
import { MeshIngressGateway } from "./ingressGateway";

export async function appMeshOnEks(s: StackContext, parts: StackParts<SharedMesh, AppMeshNamespace, EksPlatform>): Promise<StackOutputs> {
    const c = s.config;
    const eks = appMeshEks(c.eks!);
    const { placement, network: mesh, namespace, platform } = parts;
    const { provider } = platform;
    const vpc = placement.vpc!;
    const network = c.network!;

    const controller = new AppMeshController("appmesh", {
        provider,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        oidcProviderArn: platform.oidcProviderArn,
        oidcIssuer: platform.oidcIssuer,
        chartVersion: eks.controllerChartVersion,
        meshName: mesh.meshName,
        meshArn: mesh.meshArn,
        ...(mesh.childMeshOwner ? { meshOwner: mesh.childMeshOwner } : { egressFilter: c.role === "owner" ? c.egressFilter : "DROP_ALL" }),
        cloudMapNamespaceArn: namespace.cloudMap.namespaceArn,
        hostedZoneId: namespace.cloudMap.hostedZoneId,
        appNamespace: eks.appNamespace,
        ...(c.envoyImage ? { envoyImage: c.envoyImage } : {}),
        ...(c.meshTls ? { meshTlsCertificateAuthorityArn: c.meshTls.certificateAuthorityArn } : {}),
        meshReady: mesh.ready,
    });
    // Every service of the stack shares the mesh, its objects as custom resources, the namespace, the pods, mesh TLS.
    const shared: StackPlacement = {
        mesh,
        meshObjects: controllerMeshObjects({ provider, namespace: eks.appNamespace, meshArn: mesh.meshArn, ready: controller.ready }),
        namespace: { name: c.namespace, id: namespace.cloudMap.namespaceId },
        compute: EksCompute.deployments({ provider, namespace: eks.appNamespace, oidcProviderArn: platform.oidcProviderArn, oidcIssuer: platform.oidcIssuer }),
        registrar: AppMeshRegistration.injected(),
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    };

    if (c.role === "owner") {
        const services = c.services.map((svc) => new CellService(svc.name, cellServiceArgs(svc, {
            ...shared,
            // Consumers deploy after the owner, so their outputs cannot be read here: the ARN of a
            // consumer's virtual service is its name in this mesh, in App Mesh's ARN format.
            remoteBackendArn: (b) => virtualServiceArnIn(mesh.meshArn, b.virtualServiceName),
        })));
        const envoyImage = c.envoyImage ?? defaultEnvoyImage(c.region);
        const ingressUrls: Record<string, pulumi.Output<string>> = {};
        c.services.forEach((svc, i) => {
            if (!svc.ingress) return;
            ingressUrls[svc.name] = new MeshIngressGateway(`${svc.name}-ingress`, {
                provider,
                namespace: eks.appNamespace,
                meshName: mesh.meshName,
                service: svc.name,
                envoyImage,
                ready: [...controller.ready, services[i]],
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
            vpcCidr: network.vpcCidr,
            privateSubnetIds: vpc.privateSubnetIds,
            privateRouteTableIds: privateRouteTableIds(vpc, network.availabilityZones),
            nodeSecurityGroupId: platform.nodeSecurityGroupId,
            namespace: c.namespace,
            hostedZoneId: namespace.cloudMap.hostedZoneId,
            virtualServices: byService(c, services, (svc) => svc.virtualServiceName),
            virtualServiceArns: byService(c, services, (svc) => svc.virtualServiceArn),
            ingressUrls,
            weights: weightsOf(c),
            cellTargets: cellTargetsOf(c, services),
            clusterName: platform.clusterName,
            kubeconfig: platform.kubeconfig,
        } satisfies OwnerOutputs<AppMeshOwnerContract>;
    }

    const owner = s.owner as OwnerReference<AppMeshOwnerContract>;
    // Plain values that decide what to create.
    const ownerRouteTables = (await owner.plain("privateRouteTableIds")) ?? [];
    const ownerNamespace = await owner.plain("namespace");
    const peering = new VpcPeering("peering", {
        requester: {
            vpcId: vpc.vpcId, cidr: network.vpcCidr,
            routeTableIds: privateRouteTableIds(vpc, network.availabilityZones),
            securityGroupId: platform.nodeSecurityGroupId,
        },
        accepter: {
            vpcId: owner.output("vpcId"), cidr: owner.output("vpcCidr"), accountId: owner.output("meshOwner"), region: c.region,
            routeTableIds: ownerRouteTables, securityGroupId: owner.output("nodeSecurityGroupId"), provider: owner.provider,
        },
        // Every service port of both stacks: the mesh's traffic between the VPCs.
        ports: [...new Set([...c.services.map((svc) => svc.port), ...c.services.flatMap((svc) => svc.backends.map((b) => b.port))])].sort((a, b) => a - b),
    });

    const ownerArns = owner.output("virtualServiceArns");
    const services = c.services.map((svc) => new CellService(svc.name, cellServiceArgs(svc, {
        ...shared,
        // The owner's services by the ARNs the owner exports; other consumers' by their name in the mesh.
        remoteBackendArn: (b) => b.namespace === ownerNamespace
            ? ownerArns.apply((arns) => {
                const arn = arns?.[b.service];
                if (!arn) throw new Error(`cellmesh:services: backend ${b.virtualServiceName} is not a service of the owner stack ${owner.stack} (it exports ${Object.keys(arns ?? {}).join(", ") || "none"})`);
                return arn;
            })
            : virtualServiceArnIn(mesh.meshArn, b.virtualServiceName),
    }), { dependsOn: [...parts.dnsReady, peering] }));

    return {
        engine: "appmesh",
        compute: "eks",
        namespace: c.namespace,
        namespaceId: namespace.cloudMap.namespaceId,
        hostedZoneId: namespace.cloudMap.hostedZoneId,
        vpcId: vpc.vpcId,
        vpcCidr: network.vpcCidr,
        peeringConnectionId: peering.connectionId,
        virtualServices: byService(c, services, (svc) => svc.virtualServiceName),
        virtualServiceArns: byService(c, services, (svc) => svc.virtualServiceArn),
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        weights: weightsOf(c),
        cellTargets: cellTargetsOf(c, services),
    };
}
