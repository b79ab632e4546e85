import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { AdoptOwnership, CreateOwnership, adoptionReady, requireConsumers, shareWithConsumers } from "../../shared/ownership";
import { LatticeAccess, latticeAuthPolicyJson, validateAccess } from "./authPolicy";
import { LATTICE_MAX_ASSOCIATION_SECURITY_GROUPS } from "./limits";

/** Owner side: create the service network, guard it with an auth policy and share it. */
export interface CreateNetworkOptions extends CreateOwnership {
    /**
     * Who may call through the network.
     * @default unsigned callers from VPCs of the owner and the consumer accounts
     */
    readonly access?: LatticeAccess;
}

/** Consumer side: adopt the network another account shared (nothing to create unless the share is external). */
export interface AdoptNetworkOptions extends AdoptOwnership {
    /** The owner's service network ARN, from its stack outputs. Cross-account identifiers must be ARNs. */
    readonly serviceNetworkArn: pulumi.Input<string>;
}

/** Built by the static factories so that owner-only and consumer-only options cannot be mixed. */
export type LatticeNetworkOwnership = CreateNetworkOptions | AdoptNetworkOptions;
export const LatticeNetworkOwnership = {
    create(opts: Omit<CreateNetworkOptions, "kind">): CreateNetworkOptions {
        return { kind: "create", ...opts };
    },
    adopt(opts: Omit<AdoptNetworkOptions, "kind">): AdoptNetworkOptions {
        return { kind: "adopt", ...opts };
    },
};

/** A VPC of this account whose clients reach the network's services. */
export interface LatticeVpcAttachment {
    /** Stable key for the child name (`main`). */
    readonly key: string;
    readonly vpcId: pulumi.Input<string>;
    /** Security groups on the association (what the VPC's clients may send to Lattice), at most 5. @default none */
    readonly securityGroupIds?: readonly pulumi.Input<string>[];
}

export interface LatticeServiceNetworkArgs {
    /** The network's name (`multiaccountmeshdemo`): required to create one, unused when adopting. */
    readonly name?: pulumi.Input<string>;
    readonly ownership: LatticeNetworkOwnership;
    /**
     * VPCs of this account to associate. A VPC can join only one service network, and an account can
     * associate only VPCs it owns (not subnets shared to it: on ECS the owner associates its VPC).
     * @default []
     */
    readonly vpcs?: readonly LatticeVpcAttachment[];
}

/**
 * The Lattice counterpart of SharedMesh. In the owner account it creates the service network
 * (authType AWS_IAM), its auth policy and a RAM share (one resource association, one principal
 * association per consumer). In a consumer account it adopts the owner's network by ARN. Either
 * side associates its own VPCs.
 */
export class LatticeServiceNetwork extends pulumi.ComponentResource {
    public readonly serviceNetworkArn: pulumi.Output<string>;
    public readonly serviceNetworkId: pulumi.Output<string>;
    /** Account id of the network owner. */
    public readonly ownerAccountId: pulumi.Output<string>;
    /** The RAM share (owner side only). */
    public readonly shareArn: pulumi.Output<string> | undefined;
    /** Resources Lattice children must wait for: the network, or the accepted share. */
    public readonly ready: pulumi.Resource[];
    /** The VPC associations by key. */
    public readonly vpcAssociations: Readonly<Record<string, aws.vpclattice.ServiceNetworkVpcAssociation>>;

    constructor(name: string, args: LatticeServiceNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:ServiceNetwork", name, {}, opts);
        const own = args.ownership;
        const vpcs = args.vpcs ?? [];
        if (own.kind === "create" && args.name === undefined) {
            throw new Error(`LatticeServiceNetwork ${name}: the owner must name the network it creates`);
        }
        if (own.kind === "create") requireConsumers(`LatticeServiceNetwork ${name}`, "network", own);
        const keys = vpcs.map((v) => v.key);
        const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
        if (duplicate !== undefined) {
            throw new Error(`LatticeServiceNetwork ${name}: VPC key "${duplicate}" is used twice; keys name child resources and must be unique`);
        }
        const crowded = vpcs.find((v) => (v.securityGroupIds ?? []).length > LATTICE_MAX_ASSOCIATION_SECURITY_GROUPS);
        if (crowded) {
            throw new Error(`LatticeServiceNetwork ${name}: VPC "${crowded.key}" has ${crowded.securityGroupIds!.length} security groups; a VPC association takes at most ${LATTICE_MAX_ASSOCIATION_SECURITY_GROUPS}`);
        }
        if (own.kind === "create") {
            try {
                validateAccess(own.access ?? LatticeAccess.vpcOwners(own.consumerAccountIds));
            } catch (e) {
                throw new Error(`LatticeServiceNetwork ${name}: ${(e as Error).message}`);
            }
        }

        if (own.kind === "create") {
            const network = new aws.vpclattice.ServiceNetwork(`${name}-network`, {
                name: args.name,
                authType: "AWS_IAM",
            }, { parent: this });
            this.serviceNetworkArn = network.arn;
            this.serviceNetworkId = network.id;
            this.ownerAccountId = accountOf(network.arn);
            const access = own.access ?? LatticeAccess.vpcOwners([this.ownerAccountId, ...own.consumerAccountIds]);
            new aws.vpclattice.AuthPolicy(`${name}-auth`, {
                resourceIdentifier: network.arn,
                policy: latticeAuthPolicyJson(access),
            }, { parent: this });
            const share = shareWithConsumers(name, "network", network.arn, own, this);
            this.shareArn = share.shareArn;
            this.ready = [network];
        } else {
            this.serviceNetworkArn = pulumi.output(own.serviceNetworkArn);
            // The id is the ARN's last segment (`servicenetwork/sn-...`); read, not built.
            this.serviceNetworkId = this.serviceNetworkArn.apply((arn) => arn.split("/").pop() ?? arn);
            this.ownerAccountId = accountOf(this.serviceNetworkArn);
            this.shareArn = undefined;
            this.ready = adoptionReady(name, own, this);
        }

        this.vpcAssociations = Object.fromEntries(vpcs.map((vpc) => [vpc.key, new aws.vpclattice.ServiceNetworkVpcAssociation(`${name}-${vpc.key}-vpc`, {
            serviceNetworkIdentifier: this.serviceNetworkArn,
            vpcIdentifier: vpc.vpcId,
            ...(vpc.securityGroupIds && vpc.securityGroupIds.length > 0 ? { securityGroupIds: [...vpc.securityGroupIds] } : {}),
        }, { parent: this, dependsOn: this.ready })]));

        this.registerOutputs({
            serviceNetworkArn: this.serviceNetworkArn, serviceNetworkId: this.serviceNetworkId,
            ownerAccountId: this.ownerAccountId, shareArn: this.shareArn,
        });
    }
}

/** The account field of an ARN (`arn:aws:vpc-lattice:<region>:<account>:...`). */
function accountOf(arn: pulumi.Output<string>): pulumi.Output<string> {
    return arn.apply((a) => a.split(":")[4] ?? "");
}
