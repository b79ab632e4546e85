// A consumer account's program (account 2 of the reference; any number of them side by side): it
// reads the owner through a stack reference, makes its own namespace resolvable from the owner's
// VPC, adopts the shared mesh, and runs its services in the owner's shared private subnets.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CellService } from "../components/cellService";
import { CrossAccountNamespace } from "../components/crossAccountNamespace";
import { defaultEnvoyImage } from "../components/ecs/envoyImage";
import { EcsCompute } from "../components/ecs/ecsCompute";
import { MeshOwnership, SharedMesh } from "../components/sharedMesh";
import { ConsumerConfig, OwnerAccess } from "./config";
import { cellServiceArgs, weightsOf } from "./services";
import { partitionOf } from "./validate";

export interface ConsumerOutputs {
    readonly [key: string]: unknown;
    readonly namespace: string;
    readonly namespaceId: pulumi.Output<string>;
    readonly virtualServices: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

/** Provider arguments that reach the owner account with the access the config names. */
export function ownerProviderArgs(region: string, access: OwnerAccess, ownerAccountId: pulumi.Input<string>): aws.ProviderArgs {
    return {
        region,
        ...("profile" in access ? { profile: access.profile } : { assumeRoles: [{ roleArn: access.roleArn, sessionName: "cellmesh-dns-association" }] }),
        // Same guard as the stack's own provider: never act in an account other than the owner's.
        allowedAccountIds: [ownerAccountId],
    };
}

export async function consumerProgram(c: ConsumerConfig): Promise<ConsumerOutputs> {
    const owner = new pulumi.StackReference("owner", { name: c.ownerStack });
    const ownerOutput = (key: string) => owner.requireOutput(key) as pulumi.Output<string>;
    // Whether the owner shared outside its organization steers what we create, so read it as a plain value.
    const sharing = (await owner.getOutputDetails("sharing")).value;
    const external = sharing === "external";
    const ownerAccountId = ownerOutput("meshOwner");
    const ownerVpcId = ownerOutput("vpcId");
    const ownerVpcCidr = ownerOutput("vpcCidr");

    // Cross-account: the owner half of the DNS association runs with the owner account's credentials.
    const ownerAccount = new aws.Provider("owner-account", ownerProviderArgs(c.region, c.ownerAccess, ownerAccountId));

    // Consumers usually lack AppMesh's service-linked role (AWS creates it only for mesh creators),
    // and creating an existing one fails: create it only when the config asks (reference fact 8).
    const serviceLinkedRole = c.createServiceLinkedRole
        ? new aws.iam.ServiceLinkedRole("appmesh-service-linked-role", { awsServiceName: "appmesh.amazonaws.com" })
        : undefined;
    const subnetAccept = external
        ? new aws.ram.ResourceShareAccepter("subnets-accept", { shareArn: ownerOutput("subnetShareArn") })
        : undefined;

    const mesh = new SharedMesh("mesh", {
        meshName: ownerOutput("meshName"),
        ownership: MeshOwnership.adopt({
            ownerAccountId,
            meshArn: ownerOutput("meshArn"),
            ...(external ? { externalShareArn: ownerOutput("meshShareArn") } : {}),
            prerequisites: [serviceLinkedRole, subnetAccept].filter((r): r is aws.iam.ServiceLinkedRole | aws.ram.ResourceShareAccepter => r !== undefined),
        }),
    });

    // Our namespace lives in our account (a virtual node may use only its own account's Cloud Map)
    // and must resolve in the owner's VPC, where our tasks run.
    const namespace = new CrossAccountNamespace("namespace", {
        namespaceName: c.namespace,
        placeholderCidr: c.placeholderVpcCidr,
        remoteVpcs: [{ key: "owner-vpc", vpcId: ownerVpcId, vpcRegion: c.region, provider: ownerAccount }],
    });

    const cluster = new aws.ecs.Cluster("cluster", {
        name: `cellmesh-${c.stack}`,
        settings: [{ name: "containerInsights", value: "enabled" }],
    });
    const compute = EcsCompute.fargate({
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        clusterArn: cluster.arn,
        vpcId: ownerVpcId,
        subnetIds: owner.requireOutput("privateSubnetIds") as pulumi.Output<string[]>,
        meshCidrs: [ownerVpcCidr],
        envoyImage: c.envoyImage ?? defaultEnvoyImage(c.region),
        logRetentionDays: c.logRetentionDays,
        ...(c.logKmsKeyArn ? { logKmsKeyArn: c.logKmsKeyArn } : {}),
    });

    const services = c.services.map((s) => new CellService(s.name, cellServiceArgs(s, {
        mesh,
        namespace: { name: c.namespace, id: namespace.namespaceId },
        compute,
        ...(c.meshTls ? { meshTls: c.meshTls } : {}),
    }), { dependsOn: namespace.associations }));

    return {
        namespace: c.namespace,
        namespaceId: namespace.namespaceId,
        virtualServices: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceName])),
        clusterName: cluster.name,
        weights: weightsOf(c.services),
    };
}
