// The mesh owner's program (account 1 of the reference): the VPC and its RAM share, the mesh and
// its RAM share, the owner's Cloud Map namespace, the ECS cluster, the owner's services, the
// optional virtual gateway, and every output consumers read through their stack reference.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CellService, ServiceIngress } from "../engines/appmesh/cellService";
import { CrossAccountNamespace } from "../engines/appmesh/namespace";
import { defaultEnvoyImage } from "../engines/appmesh/ecs/envoyImage";
import { EcsCompute, EcsFargateSettings } from "../engines/appmesh/ecs/fargateCells";
import { MeshGateway } from "../engines/appmesh/ecs/virtualGateway";
import { RamShare } from "../shared/ramShare";
import { MeshOwnership, SharedMesh } from "../engines/appmesh/sharedMesh";
import { OwnerConfig } from "../config/types";
import { cellServiceArgs, weightsOf } from "./services";
import { accountVpc } from "../shared/vpc";
import { ownerEksProgram } from "./ownerEks";
import { LatticeOwnerOutputs, ownerLatticeProgram } from "./ownerLattice";
import { LatticeEksOwnerOutputs, ownerLatticeEksProgram } from "./ownerLatticeEks";
import { appMeshEks, latticeEks } from "../config/eks";
import { partitionOf } from "../config/validate";
import { ecsCluster } from "../compute/ecs/cluster";

/** Outputs of the owner stack; consumers read these by name. */
export interface OwnerOutputs {
    readonly [key: string]: unknown;
    /** `appmesh`: consumers check they run the same engine (owners without this output are App Mesh too). */
    readonly engine: "appmesh";
    readonly region: string;
    /** `ecs` or `eks`: consumers check they run the same variant. */
    readonly compute: string;
    readonly meshName: pulumi.Output<string>;
    readonly meshOwner: pulumi.Output<string>;
    readonly meshArn: pulumi.Output<string>;
    readonly sharing: string;
    readonly meshShareArn: pulumi.Output<string>;
    /** ECS: the RAM share of the private subnets consumers run in. */
    readonly subnetShareArn?: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly namespace: string;
    readonly virtualServices: Record<string, pulumi.Output<string>>;
    readonly virtualServiceArns: Record<string, pulumi.Output<string>>;
    readonly ingressUrls: Record<string, pulumi.Output<string>>;
    readonly gatewayUrl?: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

export function ownerProgram(c: OwnerConfig): OwnerOutputs | LatticeOwnerOutputs | LatticeEksOwnerOutputs {
    if (c.engine === "lattice") return c.eks ? ownerLatticeEksProgram({ ...c, eks: latticeEks(c.eks) }) : ownerLatticeProgram(c);
    return c.eks ? ownerEksProgram({ ...c, eks: appMeshEks(c.eks) }) : ownerEcsProgram(c);
}

function ownerEcsProgram(c: OwnerConfig): OwnerOutputs {
    const external = c.sharing === "external";

    const vpc = accountVpc(c.stack, c.network);

    // ECS variant: consumers run their tasks in the owner's private subnets, shared through RAM.
    // RAM shares subnet ARNs; the subnet data source gives them (no hand-built ARNs).
    const subnetArns: Record<string, pulumi.Output<string>> = {};
    for (let i = 0; i < c.network.availabilityZones; i++) {
        subnetArns[`private-${i}`] = aws.ec2.getSubnetOutput({ id: vpc.privateSubnetIds.apply((ids) => ids[i]) }).arn;
    }
    const subnetShare = new RamShare("subnets", { resources: subnetArns, principals: c.consumers, allowExternalPrincipals: external });

    const mesh = new SharedMesh("mesh", {
        meshName: c.meshName,
        ownership: MeshOwnership.create({ consumerAccountIds: c.consumers, allowExternalPrincipals: external, egressFilter: c.egressFilter }),
    });

    // The owner's namespace lives in the owner's own VPC, where every task (consumers' too) runs.
    const namespace = new CrossAccountNamespace("namespace", { namespaceName: c.namespace, homeVpcId: vpc.vpcId });

    const cluster = ecsCluster(c.stack);
    const ecs: EcsFargateSettings = {
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        clusterArn: cluster.arn,
        vpcId: vpc.vpcId,
        subnetIds: vpc.privateSubnetIds,
        meshCidrs: [c.network.vpcCidr],
        envoyImage: c.envoyImage ?? defaultEnvoyImage(c.region),
        logRetentionDays: c.logRetentionDays,
        ...(c.logKmsKeyArn ? { logKmsKeyArn: c.logKmsKeyArn } : {}),
    };
    const compute = EcsCompute.fargate(ecs);
    // Every public ALB of the stack (entry services and the virtual gateway) gets the same HTTPS and logs.
    const albSecurity = {
        ...(c.albCertificateArn ? { https: { certificateArn: c.albCertificateArn } } : {}),
        ...(c.albAccessLogs ? { accessLogs: c.albAccessLogs } : {}),
    };

    const services = c.services.map((s) => new CellService(s.name, cellServiceArgs(s, {
        mesh,
        namespace: { name: c.namespace, id: namespace.namespaceId },
        compute,
        ...(s.ingress ? { ingress: ServiceIngress.publicAlb({ vpcId: vpc.vpcId, vpcCidr: c.network.vpcCidr, publicSubnetIds: vpc.publicSubnetIds, ...albSecurity }) } : {}),
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    })));

    // Gateway routes here are HTTP routes from the gateway's HTTP listener: other protocols are left out, said aloud.
    const skipped = c.services.filter((s) => s.traffic.protocol !== "http").map((s) => `${s.name} (${s.traffic.protocol})`);
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
        ecs,
        vpcCidr: c.network.vpcCidr,
        publicSubnetIds: vpc.publicSubnetIds,
        ...albSecurity,
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    }, { dependsOn: services });

    return {
        engine: "appmesh",
        region: c.region,
        compute: "ecs",
        meshName: mesh.meshName,
        meshOwner: mesh.meshOwner,
        meshArn: mesh.meshArn,
        sharing: c.sharing,
        meshShareArn: mesh.shareArn!,
        subnetShareArn: subnetShare.shareArn,
        vpcId: vpc.vpcId,
        vpcCidr: c.network.vpcCidr,
        privateSubnetIds: vpc.privateSubnetIds,
        namespace: c.namespace,
        virtualServices: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceName])),
        virtualServiceArns: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceArn])),
        ingressUrls: Object.fromEntries(services.flatMap((svc, i) => svc.url ? [[c.services[i].name, svc.url]] : [])),
        ...(gateway ? { gatewayUrl: gateway.url } : {}),
        weights: weightsOf(c.services),
    };
}
