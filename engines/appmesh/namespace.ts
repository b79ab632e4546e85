import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A VPC in another account (or the same one) from which the namespace must resolve. */
export interface RemoteVpc {
    /** Stable key for child names (`owner-vpc`, `peer-222222222222`). */
    readonly key: string;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcRegion: pulumi.Input<string>;
    /** Provider for the VPC's account: it creates the association half. */
    readonly provider: pulumi.ProviderResource;
}

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
        super("cellmesh:dns:CrossAccountNamespace", name, {}, opts);
        const keys = (args.remoteVpcs ?? []).map((v) => v.key);
        const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
        if (duplicate) throw new Error(`CrossAccountNamespace ${name}: remote VPC key "${duplicate}" is used twice; keys name child resources and must be unique`);

        const zoneOpts = { parent: this, ...(args.provider ? { provider: args.provider } : {}) };
        const homeVpcId = args.homeVpcId ?? new aws.ec2.Vpc(`${name}-placeholder-vpc`, {
            cidrBlock: args.placeholderCidr ?? "192.168.0.0/28",
            // Route 53 private zones answer only in VPCs with DNS support on.
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: { Name: `${name}-placeholder`, Purpose: "anchors a private DNS namespace in its own account" },
        }, zoneOpts).id;

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

export interface ZoneAssociationArgs {
    readonly zoneId: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcRegion: pulumi.Input<string>;
    /** Provider of the zone's account. @default the stack's */
    readonly zoneProvider?: pulumi.ProviderResource;
    /** Provider of the VPC's account. @default the stack's */
    readonly vpcProvider?: pulumi.ProviderResource;
}

/**
 * Makes a private hosted zone resolvable in a VPC of another account (reference fact 10): the
 * zone's account authorizes (`<name>-authorization`), then the VPC's account associates
 * (`<name>-association`).
 */
export function associateZoneAcrossAccounts(name: string, args: ZoneAssociationArgs, parent?: pulumi.Resource): aws.route53.ZoneAssociation {
    const authorization = new aws.route53.VpcAssociationAuthorization(`${name}-authorization`, {
        zoneId: args.zoneId, vpcId: args.vpcId, vpcRegion: args.vpcRegion,
    }, { ...(parent ? { parent } : {}), ...(args.zoneProvider ? { provider: args.zoneProvider } : {}) });
    return new aws.route53.ZoneAssociation(`${name}-association`, {
        zoneId: args.zoneId, vpcId: args.vpcId, vpcRegion: args.vpcRegion,
    }, { ...(parent ? { parent } : {}), ...(args.vpcProvider ? { provider: args.vpcProvider } : {}), dependsOn: [authorization] });
}
