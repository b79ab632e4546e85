import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "./renamed";

export interface RamShareArgs {
    /** ARNs to share, keyed by a stable name used in the child names (`mesh`, `subnet-0`). */
    readonly resources: Readonly<Record<string, pulumi.Input<string>>>;
    /** Account ids to share with; one principal association each. */
    readonly principals: readonly string[];
    /**
     * Allow accounts outside the AWS Organization. They must then accept the share.
     * @default false (organization only)
     */
    readonly allowExternalPrincipals?: boolean;
}

/**
 * An AWS RAM resource share with one resource association per ARN and one principal association
 * per account: `aws.ram.ResourceShare` itself takes neither.
 */
export class RamShare extends pulumi.ComponentResource {
    public readonly shareArn: pulumi.Output<string>;
    /** Every association, so dependants can wait until the share is complete. */
    public readonly associations: pulumi.Resource[];

    constructor(name: string, args: RamShareArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:shared:RamShare", name, {}, renamedFrom("cellmesh:sharing:RamShare", opts));
        if (args.principals.length === 0) throw new Error(`RamShare ${name}: at least one principal account is required`);
        if (Object.keys(args.resources).length === 0) throw new Error(`RamShare ${name}: at least one resource ARN is required`);

        const share = new aws.ram.ResourceShare(name, {
            name,
            allowExternalPrincipals: args.allowExternalPrincipals ?? false,
            // Marks a deliberate external share, so the policy pack can tell it from a mistake.
            ...(args.allowExternalPrincipals ? { tags: { "cellmesh:sharing": "external" } } : {}),
        }, { parent: this });

        const resources = Object.entries(args.resources).map(([key, arn]) =>
            new aws.ram.ResourceAssociation(`${name}-${key}`, { resourceArn: arn, resourceShareArn: share.arn }, { parent: this }));
        const principals = args.principals.map((account) =>
            new aws.ram.PrincipalAssociation(`${name}-${account}`, { principal: account, resourceShareArn: share.arn }, { parent: this }));

        this.shareArn = share.arn;
        this.associations = [...resources, ...principals];
        this.registerOutputs({ shareArn: this.shareArn });
    }
}
