// Typed IAM policy documents, serialized once. Every statement names its actions explicitly; a `*`
// resource appears only where the action supports nothing narrower, and says so at the call site.

import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { autonamed } from "./awsNames";

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action: string | readonly string[];
    readonly Resource?: pulumi.Input<string> | readonly pulumi.Input<string>[];
    readonly Principal?: Record<string, string | readonly string[]>;
    readonly Condition?: Record<string, Record<string, pulumi.Input<string> | readonly pulumi.Input<string>[]>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

/** One JSON document from typed statements; outputs inside are resolved first. */
export function policyJson(statements: readonly PolicyStatement[]): pulumi.Output<string> {
    const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return pulumi.jsonStringify(doc);
}

/**
 * Trust policy for an AWS service principal, limited to calls made on behalf of `accountId`
 * (the confused-deputy guard AWS recommends for ECS task roles).
 */
export function serviceTrustPolicy(service: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
    return policyJson([{
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    }]);
}

/** A role with one inline policy, both children of `parent`; the role's name fits IAM's 64 characters (shared/awsNames.ts). */
export function roleWithPolicy(
    name: string,
    args: { service: string; accountId: pulumi.Input<string>; description: string; statements: readonly PolicyStatement[] },
    opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
    const role = new aws.iam.Role(autonamed("iamRole", name), {
        description: args.description,
        assumeRolePolicy: serviceTrustPolicy(args.service, args.accountId),
    }, opts);
    new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: policyJson(args.statements) }, opts);
    return role;
}
