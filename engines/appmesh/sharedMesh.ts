import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { AdoptOwnership, CreateOwnership, adoptionReady, requireConsumers, shareWithConsumers } from "../../shared/ownership";
import { renamedFrom } from "../../shared/renamed";

/** Owner side: create the mesh and share it with the consumer accounts. */
export interface CreateMeshOptions extends CreateOwnership {
    /** @default "DROP_ALL": Envoy forwards only to destinations known to the mesh */
    readonly egressFilter: "DROP_ALL" | "ALLOW_ALL";
}

/** Consumer side: adopt the mesh another account shared; prerequisites: the App Mesh service-linked role. */
export interface AdoptMeshOptions extends AdoptOwnership {
    readonly ownerAccountId: pulumi.Input<string>;
    /** The owner's mesh ARN, from its stack outputs. */
    readonly meshArn: pulumi.Input<string>;
}

/** Built by the static factories so that owner-only and consumer-only options cannot be mixed. */
export type MeshOwnership = CreateMeshOptions | AdoptMeshOptions;
export const MeshOwnership = {
    create(opts: Omit<CreateMeshOptions, "kind">): CreateMeshOptions {
        return { kind: "create", ...opts };
    },
    adopt(opts: Omit<AdoptMeshOptions, "kind">): AdoptMeshOptions {
        return { kind: "adopt", ...opts };
    },
};

export interface SharedMeshArgs {
    /** The mesh name (`multiaccountmeshdemo`); the same in every account. */
    readonly meshName: pulumi.Input<string>;
    readonly ownership: MeshOwnership;
}

/**
 * The mesh shared across accounts. In the owner account it creates the App Mesh mesh and a RAM
 * share (one resource association, one principal association per consumer). In a consumer account
 * it adopts the owner's mesh: App Mesh children created there must carry `meshOwner`.
 */
export class SharedMesh extends pulumi.ComponentResource {
    public readonly meshName: pulumi.Output<string>;
    /** Account id of the mesh owner. */
    public readonly meshOwner: pulumi.Output<string>;
    public readonly meshArn: pulumi.Output<string>;
    /**
     * What App Mesh children of this account pass as `meshOwner`: undefined in the owner account
     * (AWS would accept it, but CDK's convention is to render it only across accounts), the owner's id elsewhere.
     */
    public readonly childMeshOwner: pulumi.Output<string> | undefined;
    /** The RAM share (owner side only). */
    public readonly shareArn: pulumi.Output<string> | undefined;
    /** Resources App Mesh children must wait for: the mesh, or the accepted share. */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: SharedMeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:appmesh:SharedMesh", name, {}, renamedFrom("cellmesh:mesh:SharedMesh", opts));
        const own = args.ownership;
        if (own.kind === "create") requireConsumers(`SharedMesh ${name}`, "mesh", own);

        if (own.kind === "create") {
            const mesh = new aws.appmesh.Mesh(`${name}-mesh`, {
                name: args.meshName,
                spec: { egressFilter: { type: own.egressFilter } },
            }, { parent: this });
            const share = shareWithConsumers(name, "mesh", mesh.arn, own, this);
            this.meshName = mesh.name;
            this.meshOwner = mesh.meshOwner;
            this.meshArn = mesh.arn;
            this.childMeshOwner = undefined;
            this.shareArn = share.shareArn;
            this.ready = [mesh];
        } else {
            this.meshName = pulumi.output(args.meshName);
            this.meshOwner = pulumi.output(own.ownerAccountId);
            this.meshArn = pulumi.output(own.meshArn);
            this.childMeshOwner = this.meshOwner;
            this.shareArn = undefined;
            this.ready = adoptionReady(name, own, this);
        }
        this.registerOutputs({ meshName: this.meshName, meshOwner: this.meshOwner, meshArn: this.meshArn, shareArn: this.shareArn });
    }
}
