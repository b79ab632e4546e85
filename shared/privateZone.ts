// What both engines' namespaces need to make a private hosted zone (a Cloud Map namespace's, or a
// plain Route 53 zone) resolvable across accounts. A private zone must start with a VPC of its own
// account (a placeholder when the account has none, as in AWS's sample), and reaches another
// account's VPC in two steps with two credentials (reference fact 10).

import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** A VPC in another account (or the same one) from which the zone must resolve. */
export interface RemoteVpc {
    /** Stable key for child names (`owner-vpc`, `peer-222222222222`). */
    readonly key: string;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcRegion: pulumi.Input<string>;
    /** Provider for the VPC's account: it creates the association half. */
    readonly provider: pulumi.ProviderResource;
}

/** The default placeholder VPC's CIDR, as in the AWS sample. */
export const PLACEHOLDER_CIDR = "192.168.0.0/28";

/**
 * The tiny VPC `<name>-placeholder-vpc` that anchors a private zone in an account that has no VPC of
 * its own; `purpose` becomes its Purpose tag.
 */
export function placeholderVpc(name: string, cidr: string | undefined, purpose: string, opts: pulumi.CustomResourceOptions): aws.ec2.Vpc {
    return new aws.ec2.Vpc(`${name}-placeholder-vpc`, {
        cidrBlock: cidr ?? PLACEHOLDER_CIDR,
        // Route 53 private zones answer only in VPCs with DNS support on.
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { Name: `${name}-placeholder`, Purpose: purpose },
    }, opts);
}

/** Throws when two remote VPCs share a key (keys name child resources). */
export function checkRemoteVpcKeys(component: string, remoteVpcs: readonly RemoteVpc[]): void {
    const keys = remoteVpcs.map((v) => v.key);
    const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
    if (duplicate) throw new Error(`${component}: remote VPC key "${duplicate}" is used twice; keys name child resources and must be unique`);
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
