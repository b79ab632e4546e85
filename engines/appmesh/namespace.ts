import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { RemoteVpc, associateZoneAcrossAccounts, checkRemoteVpcKeys, placeholderVpc } from "../../shared/privateZone";
import type { EngineNamespace, NamespaceArgs } from "../engine";
import { renamedFrom } from "../../shared/renamed";


export interface CrossAccountNamespaceArgs {
    /** The namespace's DNS name (`internal-domain2.com`). */
    readonly namespaceName: string;
    /**
     * A VPC of the namespace's own account to create the zone against. A private hosted zone must
     * start with a VPC of its own account.
     * @default a placeholder VPC (`placeholderCidr`) created for that purpose, as in the AWS sample
     */
    readonly homeVpcId?: pulumi.Input<string>;
    /** @default "192.168.0.0/28" */
    readonly placeholderCidr?: string;
    /** VPCs of other accounts that must resolve names in the namespace. @default [] */
    readonly remoteVpcs?: readonly RemoteVpc[];
    /** Provider of the namespace's account (authorizations are created there). */
    readonly provider?: pulumi.ProviderResource;
}

/**
 * A Cloud Map private DNS namespace made resolvable from VPCs of other accounts. Route 53 needs
 * two steps, with two credentials, in this order: the zone's account authorizes the VPC
 * (`VpcAssociationAuthorization`), then the VPC's account associates it (`ZoneAssociation`).
 */
export class CrossAccountNamespace extends pulumi.ComponentResource {
    public readonly namespaceId: pulumi.Output<string>;
    public readonly namespaceArn: pulumi.Output<string>;
    public readonly namespaceName: pulumi.Output<string>;
    /** The Route 53 private hosted zone behind the namespace. */
    public readonly hostedZoneId: pulumi.Output<string>;
    /** The zone associations, so dependants can wait until names resolve everywhere. */
    public readonly associations: aws.route53.ZoneAssociation[];

    constructor(name: string, args: CrossAccountNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:appmesh:Namespace", name, {}, renamedFrom("cellmesh:dns:CrossAccountNamespace", opts));
        checkRemoteVpcKeys(`CrossAccountNamespace ${name}`, args.remoteVpcs ?? []);

        const zoneOpts = { parent: this, ...(args.provider ? { provider: args.provider } : {}) };
        const homeVpcId = args.homeVpcId ?? placeholderVpc(name, args.placeholderCidr, "anchors a private DNS namespace in its own account", zoneOpts).id;

        const namespace = new aws.servicediscovery.PrivateDnsNamespace(`${name}-namespace`, {
            name: args.namespaceName,
            description: "cellmesh service discovery",
            vpc: homeVpcId,
        }, zoneOpts);

        this.associations = (args.remoteVpcs ?? []).map((remote) => associateZoneAcrossAccounts(`${name}-${remote.key}`, {
            zoneId: namespace.hostedZone, vpcId: remote.vpcId, vpcRegion: remote.vpcRegion,
            zoneProvider: args.provider, vpcProvider: remote.provider,
        }, this));

        this.namespaceId = namespace.id;
        this.namespaceArn = namespace.arn;
        this.namespaceName = namespace.name;
        this.hostedZoneId = namespace.hostedZone;
        this.registerOutputs({ namespaceId: this.namespaceId, hostedZoneId: this.hostedZoneId });
    }
}

/** The App Mesh engine's namespace as the stack program sees it, with its Cloud Map namespace. */
export interface AppMeshNamespace extends EngineNamespace {
    readonly cloudMap: CrossAccountNamespace;
}

/** The account's Cloud Map namespace (`CrossAccountNamespace`), for the stack program. */
export function appMeshNamespace(name: string, args: NamespaceArgs): AppMeshNamespace {
    const cloudMap = new CrossAccountNamespace(name, {
        namespaceName: args.namespaceName,
        ...(args.homeVpcId !== undefined ? { homeVpcId: args.homeVpcId } : {}),
        ...(args.placeholderCidr !== undefined ? { placeholderCidr: args.placeholderCidr } : {}),
        remoteVpcs: args.remoteVpcs,
    });
    return { name: args.namespaceName, zoneId: cloudMap.hostedZoneId, associations: cloudMap.associations, cloudMap };
}
