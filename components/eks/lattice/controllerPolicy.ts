// The AWS Gateway API Controller's IAM permissions, from the controller's recommended inline policy
// (aws-application-networking-k8s, files/controller-installation/recommended-inline-policy.json),
// narrowed where IAM allows it. Pure: statements only, no resources.
//
// What stays wide, and why (README.md in this folder repeats it):
// - `vpc-lattice:*` on `*`: the recommended policy grants it and no narrower set is documented; the
//   controller names the services, listeners, rules and target groups it creates at run time, reads
//   and associates with a network shared from another account, and lists (List* calls take no
//   resource). Narrowed only by region.
// - `ec2:Describe*` (VPCs, subnets, tags, security groups) on `*`: EC2 describe calls support no
//   resource-level permissions. Narrowed by region.
// - `tag:GetResources`, `tag:TagResources`, `tag:UntagResources` on `*`: the Resource Groups Tagging
//   API supports no resource-level permissions (tagging a Lattice resource also needs
//   `vpc-lattice:TagResource`, inside `vpc-lattice:*`). Narrowed by region.
// - Access logs (off by default): the CloudWatch Logs delivery calls support no resource-level
//   permissions; the S3 bucket-policy and Firehose tagging calls are scoped to the given ARNs.
// Narrowed from the recommended policy: `iam:CreateServiceLinkedRole` names this account instead of
// `*` and uses StringEquals instead of StringLike; the access-log permissions are granted only when
// destinations are given. The recommended policy has no Route 53 permission: the controller writes
// no DNS records, so none is granted.

import { PolicyStatement } from "../../iam";

export interface LatticeControllerPolicyArgs {
    readonly region: string;
    readonly accountId: string;
    readonly partition: string;
    /** S3 bucket, CloudWatch Logs group or Firehose stream ARNs; empty: no access-log permissions. */
    readonly accessLogDestinationArns: readonly string[];
}

type DestinationKind = "s3" | "logs" | "firehose";

function destinationKind(arn: string): DestinationKind | undefined {
    if (/^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(arn)) return "s3";
    if (/^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:log-group:.+/.test(arn)) return "logs";
    if (/^arn:[a-z-]+:firehose:[a-z0-9-]+:\d{12}:deliverystream\/.+/.test(arn)) return "firehose";
    return undefined;
}

/** Why an access-log destination list is refused, or undefined. */
export function accessLogProblem(arns: readonly string[]): string | undefined {
    const bad = arns.find((a) => destinationKind(a) === undefined);
    return bad === undefined ? undefined
        : `accessLogDestinationArns: "${bad}" is not an S3 bucket, CloudWatch Logs log group or Firehose delivery stream ARN`;
}

/** The controller's statements: recommended actions, each resource as narrow as IAM allows. */
export function latticeControllerStatements(a: LatticeControllerPolicyArgs): PolicyStatement[] {
    const inRegion = { StringEquals: { "aws:RequestedRegion": a.region } };
    const serviceLinkedRole = (sid: string, service: string, role: string): PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        Action: "iam:CreateServiceLinkedRole",
        Resource: `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/${service}/${role}`,
        Condition: { StringEquals: { "iam:AWSServiceName": service } },
    });
    const statements: PolicyStatement[] = [
        // Unavoidable: see the header. The only wildcard action in the policy.
        { Sid: "VpcLattice", Effect: "Allow", Action: "vpc-lattice:*", Resource: "*", Condition: inRegion },
        {
            Sid: "Ec2Describe",
            Effect: "Allow",
            Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeSecurityGroups"],
            Resource: "*",
            Condition: inRegion,
        },
        { Sid: "Tagging", Effect: "Allow", Action: ["tag:GetResources", "tag:TagResources", "tag:UntagResources"], Resource: "*", Condition: inRegion },
        serviceLinkedRole("LatticeServiceLinkedRole", "vpc-lattice.amazonaws.com", "AWSServiceRoleForVpcLattice"),
    ];
    if (a.accessLogDestinationArns.length === 0) return statements;

    const of = (kind: DestinationKind) => a.accessLogDestinationArns.filter((arn) => destinationKind(arn) === kind);
    const buckets = of("s3");
    const streams = of("firehose");
    statements.push({
        Sid: "AccessLogDelivery",
        Effect: "Allow",
        Action: [
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ],
        Resource: "*",
        Condition: inRegion,
    });
    if (buckets.length > 0) {
        statements.push({ Sid: "AccessLogBuckets", Effect: "Allow", Action: ["s3:GetBucketPolicy", "s3:PutBucketPolicy"], Resource: buckets });
    }
    if (streams.length > 0) {
        statements.push({ Sid: "AccessLogStreams", Effect: "Allow", Action: "firehose:TagDeliveryStream", Resource: streams });
    }
    statements.push(serviceLinkedRole("LogDeliveryServiceLinkedRole", "delivery.logs.amazonaws.com", "AWSServiceRoleForLogDelivery"));
    return statements;
}
