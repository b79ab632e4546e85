// A consumer account's program (account 2 of the reference; any number of them side by side): it
// reads the owner through a stack reference, checks it runs the same variant, and then builds the
// ECS consumer here (its namespace resolvable from the owner's VPC, the shared mesh adopted, its
// services in the owner's shared private subnets) or the EKS consumer (stacks/consumerEks.ts); on
// VPC Lattice stacks/consumerLattice.ts (ECS) or stacks/consumerLatticeEks.ts (EKS).

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CellService } from "../components/cellService";
import { CrossAccountNamespace } from "../components/crossAccountNamespace";
import { defaultEnvoyImage } from "../components/ecs/envoyImage";
import { EcsCompute } from "../components/ecs/ecsCompute";
import { MeshOwnership, SharedMesh } from "../components/sharedMesh";
import { ConfigError, ConsumerConfig, OwnerAccess } from "./config";
import { consumerEksProgram } from "./consumerEks";
import { LatticeConsumerOutputs, consumerLatticeProgram } from "./consumerLattice";
import { LatticeEksConsumerOutputs, consumerLatticeEksProgram } from "./consumerLatticeEks";
import { appMeshEks, latticeEks } from "./eks";
import { cellServiceArgs, weightsOf } from "./services";
import { cidrsOverlap, partitionOf } from "./validate";
import { ecsCluster } from "./ecsCluster";

export interface ConsumerOutputs {
    readonly [key: string]: unknown;
    readonly engine: "appmesh";
    readonly compute: string;
    readonly namespace: string;
    readonly namespaceId: pulumi.Output<string>;
    readonly virtualServices: Record<string, pulumi.Output<string>>;
    readonly virtualServiceArns: Record<string, pulumi.Output<string>>;
    readonly clusterName: pulumi.Output<string>;
    readonly weights: Record<string, Record<string, number>>;
}

/** The owner stack as a consumer program sees it: its outputs, and the means to act in its account. */
export interface OwnerStack {
    output<T = string>(key: string): pulumi.Output<T>;
    /** An output as a plain value, for decisions about what to create (undefined when absent). */
    plain<T>(key: string): Promise<T | undefined>;
    /** The owner shared outside its organization: shares must be accepted here. */
    readonly external: boolean;
    /** The owner's account id, as the owner exports it. */
    readonly accountId: pulumi.Output<string>;
    /** Provider for the owner account (the owner-side halves of DNS associations and peering). */
    readonly provider: aws.Provider;
    /** AppMesh's service-linked role, when this stack creates it. */
    readonly serviceLinkedRole?: aws.iam.ServiceLinkedRole;
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

export async function consumerProgram(c: ConsumerConfig): Promise<ConsumerOutputs | LatticeConsumerOutputs | LatticeEksConsumerOutputs> {
    const reference = new pulumi.StackReference("owner", { name: c.ownerStack });
    const plain = async <T>(key: string) => (await reference.getOutputDetails(key)).value as T | undefined;
    // Whether the owner shared outside its organization steers what we create, so read it as a plain value.
    const external = (await plain<string>("sharing")) === "external";
    // Owners deployed before the Lattice engine existed export no engine: they are App Mesh.
    const ownerEngine = (await plain<string>("engine")) ?? "appmesh";
    if (ownerEngine !== c.engine) {
        throw new ConfigError(c.stack, [`cellmesh:engine = "${c.engine}": the owner stack ${c.ownerStack} runs the ${ownerEngine} engine; every stack of a mesh uses the same engine`]);
    }
    // Owners deployed before the EKS variant existed export no compute: they are ECS.
    const ownerCompute = (await plain<string>("compute")) ?? "ecs";
    if (ownerCompute !== c.compute) {
        throw new ConfigError(c.stack, [`cellmesh:compute = "${c.compute}": the owner stack ${c.ownerStack} runs on ${ownerCompute}; every stack of a mesh uses the same compute variant`]);
    }
    // VPC Lattice on ECS: the owner shares its subnets only for SharedSubnets, which its consumers then
    // use. Lattice owners deployed before cellmesh:vpcLayout existed export none and always shared
    // their subnets, so either layout works with them.
    if (c.engine === "lattice" && c.compute === "ecs") {
        const ownerLayout = await plain<string>("vpcLayout");
        if (ownerLayout !== undefined && ownerLayout !== c.vpcLayout) {
            throw new ConfigError(c.stack, [`cellmesh:vpcLayout = "${c.vpcLayout}": the owner stack ${c.ownerStack} uses ${ownerLayout}; every stack of a mesh uses the same layout`]);
        }
    }
    // Peered VPCs must not overlap: checked against what the owner really deployed, before anything is
    // created here. App Mesh only: on VPC Lattice there is no peering, traffic goes through Lattice.
    const ownerCidr = c.network && c.engine === "appmesh" ? await plain<string>("vpcCidr") : undefined;
    if (c.network && typeof ownerCidr === "string" && cidrsOverlap(ownerCidr, c.network.vpcCidr)) {
        throw new ConfigError(c.stack, [`cellmesh:vpcCidr = "${c.network.vpcCidr}": overlaps the owner's VPC ${ownerCidr} (stack ${c.ownerStack}); peered VPCs need CIDRs that do not overlap`]);
    }
    const output = <T = string>(key: string) => reference.requireOutput(key) as pulumi.Output<T>;
    // App Mesh owners export the mesh's owner, Lattice owners the service network's.
    const accountId = output(c.engine === "lattice" ? "ownerAccountId" : "meshOwner");

    // Cross-account: the owner halves of the DNS association (and, on EKS, of the peering) run with the owner account's credentials.
    const provider = new aws.Provider("owner-account", ownerProviderArgs(c.region, c.ownerAccess, accountId));
    // Consumers usually lack AppMesh's service-linked role (AWS creates it only for mesh creators),
    // and creating an existing one fails: create it only when the config asks (reference fact 8).
    const serviceLinkedRole = c.createServiceLinkedRole
        ? new aws.iam.ServiceLinkedRole("appmesh-service-linked-role", { awsServiceName: "appmesh.amazonaws.com" })
        : undefined;
    const owner: OwnerStack = { output, plain, external, accountId, provider, ...(serviceLinkedRole ? { serviceLinkedRole } : {}) };

    if (c.engine === "lattice") {
        if (c.compute === "eks" && c.eks && c.network) {
            // Our Gateway carries the owner's network's name (stacks/consumerLatticeEks.ts).
            const networkName = await plain<string>("serviceNetworkName");
            if (typeof networkName !== "string" || networkName === "") {
                const ownerName = c.ownerStack.split("/").pop();
                throw new ConfigError(c.stack, [`cellmesh:ownerStack = "${c.ownerStack}": the owner stack exports no serviceNetworkName, which this stack's Gateway must carry (owners deployed before it was exported); update the owner first: npm run rollout -- --stacks ${ownerName}`]);
            }
            return consumerLatticeEksProgram({ ...c, eks: latticeEks(c.eks), network: c.network }, owner, networkName);
        }
        return consumerLatticeProgram(c, owner);
    }
    if (c.compute === "eks" && c.eks && c.network) return consumerEksProgram({ ...c, eks: appMeshEks(c.eks), network: c.network }, owner);
    return consumerEcsProgram(c, owner);
}

/** ECS: our tasks run in the owner's shared private subnets. */
function consumerEcsProgram(c: ConsumerConfig, owner: OwnerStack): ConsumerOutputs {
    const ownerVpcId = owner.output("vpcId");
    const subnetAccept = owner.external
        ? new aws.ram.ResourceShareAccepter("subnets-accept", { shareArn: owner.output("subnetShareArn") })
        : undefined;

    const mesh = new SharedMesh("mesh", {
        meshName: owner.output("meshName"),
        ownership: MeshOwnership.adopt({
            ownerAccountId: owner.output("meshOwner"),
            meshArn: owner.output("meshArn"),
            ...(owner.external ? { externalShareArn: owner.output("meshShareArn") } : {}),
            prerequisites: [owner.serviceLinkedRole, subnetAccept].filter((r): r is aws.iam.ServiceLinkedRole | aws.ram.ResourceShareAccepter => r !== undefined),
        }),
    });

    // Our namespace lives in our account (a virtual node may use only its own account's Cloud Map)
    // and must resolve in the owner's VPC, where our tasks run.
    const namespace = new CrossAccountNamespace("namespace", {
        namespaceName: c.namespace,
        placeholderCidr: c.placeholderVpcCidr,
        remoteVpcs: [{ key: "owner-vpc", vpcId: ownerVpcId, vpcRegion: c.region, provider: owner.provider }],
    });

    const cluster = ecsCluster(c.stack);
    const compute = EcsCompute.fargate({
        prefix: c.stack,
        region: c.region,
        accountId: c.accountId,
        partition: partitionOf(c.region),
        clusterArn: cluster.arn,
        vpcId: ownerVpcId,
        subnetIds: owner.output<string[]>("privateSubnetIds"),
        meshCidrs: [owner.output("vpcCidr")],
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
        engine: "appmesh",
        compute: "ecs",
        namespace: c.namespace,
        namespaceId: namespace.namespaceId,
        virtualServices: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceName])),
        virtualServiceArns: Object.fromEntries(services.map((svc, i) => [c.services[i].name, svc.virtualServiceArn])),
        clusterName: cluster.name,
        weights: weightsOf(c.services),
    };
}
