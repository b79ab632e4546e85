import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { RemoteVpc, associateZoneAcrossAccounts, checkRemoteVpcKeys, placeholderVpc } from "../../shared/privateZone";
import type { EngineNamespace, NamespaceArgs } from "../engine";

export type { RemoteVpc };

export interface LatticeNamespaceArgs {
    /** The namespace's DNS name (`internal-domain2.com`): services publish `<service>.<namespace>` here. */
    readonly namespaceName: string;
    /**
     * A VPC of the zone's own account to create the zone with. A private hosted zone must start with
     * a VPC of its own account (reference fact 10).
     * @default a placeholder VPC (`placeholderCidr`) created for that purpose, as in the AWS sample
     */
    readonly homeVpcId?: pulumi.Input<string>;
    /** @default "192.168.0.0/28" */
    readonly placeholderCidr?: string;
    /** VPCs of other accounts that must resolve names in the namespace. @default [] */
    readonly remoteVpcs?: readonly RemoteVpc[];
    /** Provider of the zone's account (the zone and the authorizations are created there). @default the ambient provider */
    readonly provider?: pulumi.ProviderResource;
}

/**
 * The CrossAccountNamespace contract for Lattice: a Route 53 private hosted zone instead of a Cloud
 * Map namespace (Lattice needs no service discovery, only the custom domain names' records), made
 * resolvable from VPCs of other accounts. Route 53 needs two steps, with two credentials, in this
 * order: the zone's account authorizes the VPC (`VpcAssociationAuthorization`), then the VPC's
 * account associates it (`ZoneAssociation`).
 */
export class LatticeNamespace extends pulumi.ComponentResource {
    public readonly namespaceName: pulumi.Output<string>;
    /** The private hosted zone; LatticeCellService writes its alias records here. */
    public readonly zoneId: pulumi.Output<string>;
    public readonly zoneArn: pulumi.Output<string>;
    /** The zone associations, so dependants can wait until names resolve everywhere. */
    public readonly associations: aws.route53.ZoneAssociation[];

    constructor(name: string, args: LatticeNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:Namespace", name, {}, opts);
        checkRemoteVpcKeys(`LatticeNamespace ${name}`, args.remoteVpcs ?? []);

        const zoneOpts = { parent: this, ...(args.provider ? { provider: args.provider } : {}) };
        const homeVpcId = args.homeVpcId ?? placeholderVpc(name, args.placeholderCidr, "anchors a private hosted zone in its own account", zoneOpts).id;

        const zone = new aws.route53.Zone(`${name}-zone`, {
            name: args.namespaceName,
            comment: "cellmesh: custom domain names of VPC Lattice services",
            vpcs: [{ vpcId: homeVpcId }],
        }, {
            ...zoneOpts,
            // The cross-account associations below are separate resources: without this the zone
            // would remove them on its next update (provider note on aws.route53.Zone).
            ignoreChanges: ["vpcs"],
        });

        this.associations = (args.remoteVpcs ?? []).map((remote) => associateZoneAcrossAccounts(`${name}-${remote.key}`, {
            zoneId: zone.zoneId, vpcId: remote.vpcId, vpcRegion: remote.vpcRegion,
            zoneProvider: args.provider, vpcProvider: remote.provider,
        }, this));

        this.namespaceName = zone.name;
        this.zoneId = zone.zoneId;
        this.zoneArn = zone.arn;
        this.registerOutputs({ namespaceName: this.namespaceName, zoneId: this.zoneId });
    }
}

/** The Lattice engine's namespace as the stack program sees it, with its private hosted zone. */
export interface LatticeZoneNamespace extends EngineNamespace {
    readonly zone: LatticeNamespace;
}

/** The account's Route 53 private hosted zone (`LatticeNamespace`), for the stack program. */
export function latticeNamespace(name: string, args: NamespaceArgs): LatticeZoneNamespace {
    const zone = new LatticeNamespace(name, {
        namespaceName: args.namespaceName,
        ...(args.homeVpcId !== undefined ? { homeVpcId: args.homeVpcId } : {}),
        ...(args.placeholderCidr !== undefined ? { placeholderCidr: args.placeholderCidr } : {}),
        remoteVpcs: args.remoteVpcs,
    });
    return { name: args.namespaceName, zoneId: zone.zoneId, associations: zone.associations, zone };
}
