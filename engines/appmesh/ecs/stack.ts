// App Mesh on ECS Fargate: every cell a Fargate service with Envoy and the X-Ray daemon, registered
// in its Cloud Map service; the entry services behind their weighted ALB; the owner's optional
// virtual gateway behind its own ALB; and the stack's outputs.

import * as pulumi from "@pulumi/pulumi";
import type { EcsPlatform } from "../../../compute/ecs";
import { partitionOf } from "../../../config/validate";
import { ServiceIngress } from "../../../shared/albIngress";
import { StackContext, byService, weightsOf } from "../../../stacks/context";
import { cellTargetsOf } from "../../../shared/cellTargets";
import type { OwnerOutputs } from "../../../stacks/ownerContract";
import type { StackOutputs, StackParts } from "../../engine";
import type { AppMeshOwnerContract } from "../contract";
import { CellService } from "../cellService";
import type { AppMeshNamespace } from "../namespace";
import { cellServiceArgs } from "../services";
import type { SharedMesh } from "../sharedMesh";
import { defaultEnvoyImage } from "./envoyImage";
import { EcsCompute, EcsSettings } from "../../../compute/ecs/fargateCells";
import { AppMeshRegistration } from "../registration";
import { MeshGateway } from "./virtualGateway";

export function appMeshOnEcs(s: StackContext, parts: StackParts<SharedMesh, AppMeshNamespace, EcsPlatform>): StackOutputs {
    const c = s.config;
    const { placement, network: mesh, namespace, platform } = parts;
    const ecs: EcsSettings = {
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        clusterArn: platform.cluster.arn,
        vpcId: placement.vpcId,
        subnetIds: placement.subnetIds,
        logRetentionDays: c.logRetentionDays,
        ...(c.logKmsKeyArn ? { logKmsKeyArn: c.logKmsKeyArn } : {}),
    };
    const envoyImage = c.envoyImage ?? defaultEnvoyImage(c.region);
    const compute = EcsCompute.fargate(ecs);
    // Every task of the mesh runs in the owner's VPC, so its CIDR is the mesh's.
    const registrar = AppMeshRegistration.sidecars({ envoyImage, region: c.region, meshCidrs: [placement.vpcCidr] });
    const cloudMap = { name: c.namespace, id: namespace.cloudMap.namespaceId };

    if (c.role === "consumer") {
        // Our services wait until our names resolve in the owner's VPC, where our tasks run.
        const services = c.services.map((svc) => new CellService(svc.name, cellServiceArgs(svc, {
            mesh, namespace: cloudMap, compute, registrar, ...(c.meshTls ? { meshTls: c.meshTls } : {}),
        }), { dependsOn: parts.dnsReady }));
        return {
            engine: "appmesh",
            compute: "ecs",
            namespace: c.namespace,
            namespaceId: namespace.cloudMap.namespaceId,
            virtualServices: byService(c, services, (svc) => svc.virtualServiceName),
            virtualServiceArns: byService(c, services, (svc) => svc.virtualServiceArn),
            clusterName: platform.cluster.name,
            weights: weightsOf(c),
            cellTargets: cellTargetsOf(c, services),
        };
    }

    // Every public ALB of the stack (entry services and the virtual gateway) gets the same HTTPS and logs.
    const albSecurity = {
        ...(c.albCertificateArn ? { https: { certificateArn: c.albCertificateArn } } : {}),
        ...(c.albAccessLogs ? { accessLogs: c.albAccessLogs } : {}),
    };
    const vpc = placement.vpc!;
    const services = c.services.map((svc) => new CellService(svc.name, cellServiceArgs(svc, {
        mesh, namespace: cloudMap, compute, registrar,
        ...(svc.ingress ? { ingress: ServiceIngress.publicAlb({ vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, publicSubnetIds: vpc.publicSubnetIds, ...albSecurity }) } : {}),
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    })));

    // Gateway routes here are HTTP routes from the gateway's HTTP listener: other protocols are left out, said aloud.
    const skipped = c.services.filter((svc) => svc.traffic.protocol !== "http").map((svc) => `${svc.name} (${svc.traffic.protocol})`);
    if (c.virtualGateway && skipped.length > 0) {
        pulumi.log.warn(`virtual gateway: no /<service> route for ${skipped.join(", ")}: the gateway's HTTP listener routes only http services`);
    }
    const gateway = c.virtualGateway && new MeshGateway("ingress", {
        mesh,
        port: c.virtualGateway.port,
        routes: [
            ...services.flatMap((svc, i) => c.services[i].traffic.protocol === "http" ? [{ prefix: c.services[i].name, virtualServiceName: svc.virtualServiceName }] : []),
            ...c.virtualGateway.remoteServices.map((r) => ({ prefix: r.service, virtualServiceName: r.virtualServiceName })),
        ],
        ecs: { ...ecs, envoyImage },
        vpcCidr: c.network.vpcCidr,
        publicSubnetIds: vpc.publicSubnetIds,
        ...albSecurity,
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    }, { dependsOn: services });

    const outputs = {
        engine: "appmesh",
        region: c.region,
        compute: "ecs",
        meshName: mesh.meshName,
        meshOwner: mesh.meshOwner,
        meshArn: mesh.meshArn,
        sharing: c.sharing,
        meshShareArn: mesh.shareArn!,
        subnetShareArn: placement.subnetShareArn!,
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        privateSubnetIds: vpc.privateSubnetIds,
        namespace: c.namespace,
        virtualServices: byService(c, services, (svc) => svc.virtualServiceName),
        virtualServiceArns: byService(c, services, (svc) => svc.virtualServiceArn),
        ingressUrls: Object.fromEntries(services.flatMap((svc, i) => svc.url ? [[c.services[i].name, svc.url]] : [])),
        ...(gateway ? { gatewayUrl: gateway.url } : {}),
        weights: weightsOf(c),
        cellTargets: cellTargetsOf(c, services),
    } satisfies OwnerOutputs<AppMeshOwnerContract>;
    return outputs;
}
