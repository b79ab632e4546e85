// The AWS Gateway API Controller's IAM permissions, narrowed from its recommended `vpc-lattice:*` on `*`.
// Pure: statements only. Each statement, why, and its sources: README.md in this folder, "Permissions".

import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "../../../shared/iam";

/**
 * Every VPC Lattice API call of the AWS Gateway API Controller for chart v2.1.3, as IAM actions,
 * read from github.com/aws/aws-application-networking-k8s at the v2.1.x line (its newest sources,
 * which carry v2.1's drift detection and ServiceNetwork CRD; not pinned to the v2.1.3 tag itself).
 * Upgrading the chart means re-checking this list against the new release's source. Read from:
 * - pkg/aws/services/vpclattice.go: the `Lattice` interface ("the VPC Lattice API methods used by
 *   this controller") and its paginated helpers (ListServiceNetworks, ListServices,
 *   ListTargetGroups, ListTargets, ListListeners, ListRules + GetRule,
 *   ListServiceNetworkVpcAssociations, ListServiceNetworkServiceAssociations), FindServiceNetwork
 *   (a shared network through the cluster VPC's associations), ListTagsForResource / TagResource /
 *   UntagResource;
 * - pkg/aws/cloud.go: ownership tags (ListTagsForResource, TagResource);
 * - pkg/deploy/lattice/service_manager.go: services and their service-network associations;
 * - pkg/deploy/lattice/listener_manager.go, rule_manager.go (BatchUpdateRule is authorized as
 *   UpdateRule), target_group_manager.go, targets_manager.go;
 * - pkg/deploy/lattice/service_network_manager.go: VPC associations (VpcAssociationPolicy, default
 *   network) and service networks (ServiceNetwork CRD, DEFAULT_SERVICE_NETWORK);
 * - pkg/deploy/lattice/iamauthpolicy_manager.go: auth policies and auth types (IAMAuthPolicy);
 * - pkg/deploy/lattice/access_log_subscription_manager.go: access log subscriptions (AccessLogPolicy).
 * Called but withheld (`withheld`, and PutAuthPolicy/DeleteAuthPolicy on networks): writes to the
 * service network Pulumi owns, so that a Kubernetes object in the cluster (a ServiceNetwork, an
 * IAMAuthPolicy on the Gateway) cannot create, change or delete networks or the network's auth policy.
 * Not called, so not granted: resource policies (Get/Put/DeleteResourcePolicy), resource
 * configurations and gateways, service-network resource or endpoint associations, domain
 * verifications. Each list is sorted.
 */
export const LATTICE_CONTROLLER_ACTIONS = {
    /** Authorized on a Lattice resource's ARN: granted on this account's resources in the region. */
    scoped: [
        "vpc-lattice:CreateAccessLogSubscription",
        "vpc-lattice:CreateListener",
        "vpc-lattice:CreateRule",
        "vpc-lattice:CreateService",
        "vpc-lattice:CreateServiceNetworkVpcAssociation",
        "vpc-lattice:CreateTargetGroup",
        "vpc-lattice:DeleteAccessLogSubscription",
        "vpc-lattice:DeleteListener",
        "vpc-lattice:DeleteRule",
        "vpc-lattice:DeleteService",
        "vpc-lattice:DeleteServiceNetworkServiceAssociation",
        "vpc-lattice:DeleteServiceNetworkVpcAssociation",
        "vpc-lattice:DeleteTargetGroup",
        "vpc-lattice:DeregisterTargets",
        "vpc-lattice:GetAccessLogSubscription",
        "vpc-lattice:GetAuthPolicy",
        "vpc-lattice:GetListener",
        "vpc-lattice:GetRule",
        "vpc-lattice:GetService",
        "vpc-lattice:GetServiceNetwork",
        "vpc-lattice:GetServiceNetworkServiceAssociation",
        "vpc-lattice:GetServiceNetworkVpcAssociation",
        "vpc-lattice:GetTargetGroup",
        "vpc-lattice:ListTargets",
        "vpc-lattice:RegisterTargets",
        "vpc-lattice:TagResource",
        "vpc-lattice:UntagResource",
        "vpc-lattice:UpdateAccessLogSubscription",
        "vpc-lattice:UpdateListener",
        "vpc-lattice:UpdateRule",
        "vpc-lattice:UpdateService",
        "vpc-lattice:UpdateServiceNetworkVpcAssociation",
        "vpc-lattice:UpdateTargetGroup",
    ],
    /** Auth policies (IAMAuthPolicy): granted on this account's services only, never on a network. */
    serviceAuthPolicies: [
        "vpc-lattice:DeleteAuthPolicy",
        "vpc-lattice:PutAuthPolicy",
    ],
    /** Read on the network the Gateway names (on a consumer: the owner's, another account's). */
    namedNetwork: [
        "vpc-lattice:GetServiceNetwork",
    ],
    /**
     * Called by the controller, withheld by cellmesh: Pulumi creates and owns the service network
     * (and its auth policy); the controller creates networks only for the ServiceNetwork CRD and
     * DEFAULT_SERVICE_NETWORK, neither of which cellmesh uses; and Pulumi associates the services
     * with the network (standalone routes: the controller's createAssociation is never reached).
     */
    withheld: [
        "vpc-lattice:CreateServiceNetwork",
        "vpc-lattice:CreateServiceNetworkServiceAssociation",
        "vpc-lattice:DeleteServiceNetwork",
        "vpc-lattice:UpdateServiceNetwork",
    ],
    /** No resource type in IAM: granted on `*`, region-bound (allow-listed in the policy pack). */
    unscopable: [
        "vpc-lattice:ListAccessLogSubscriptions",
        "vpc-lattice:ListListeners",
        "vpc-lattice:ListRules",
        "vpc-lattice:ListServiceNetworkServiceAssociations",
        "vpc-lattice:ListServiceNetworkVpcAssociations",
        "vpc-lattice:ListServiceNetworks",
        "vpc-lattice:ListServices",
        "vpc-lattice:ListTagsForResource",
        "vpc-lattice:ListTargetGroups",
    ],
} as const;

/**
 * The ARN patterns of this account's Lattice resources the controller creates or reads, one per
 * resource type (IAM's `*` also matches `/`, so `service/*` alone would cover listeners and rules;
 * they are listed so that every resource type of the actions is visible).
 */
export function latticeResourceArns(partition: string, region: string, accountId: string): string[] {
    const prefix = `arn:${partition}:vpc-lattice:${region}:${accountId}`;
    return [
        "service/*",
        "service/*/listener/*",
        "service/*/listener/*/rule/*",
        "targetgroup/*",
        "servicenetwork/*",
        "servicenetworkserviceassociation/*",
        "servicenetworkvpcassociation/*",
        "accesslogsubscription/*",
    ].map((path) => `${prefix}:${path}`);
}

export interface LatticeControllerPolicyArgs {
    readonly region: string;
    readonly accountId: string;
    readonly partition: string;
    /**
     * The service network the cluster's Gateway names: the owner's own, or on a consumer the
     * owner's network shared with RAM (another account's ARN; the controller may read it).
     */
    readonly serviceNetworkArn: pulumi.Input<string>;
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

/** The controller's statements: the actions it calls, each resource as narrow as IAM allows. */
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
        {
            Sid: "LatticeResources",
            Effect: "Allow",
            Action: LATTICE_CONTROLLER_ACTIONS.scoped,
            Resource: latticeResourceArns(a.partition, a.region, a.accountId),
        },
        {
            // Per-service auth policies only: the network's auth policy is Pulumi's.
            Sid: "LatticeServiceAuthPolicies",
            Effect: "Allow",
            Action: LATTICE_CONTROLLER_ACTIONS.serviceAuthPolicies,
            Resource: `arn:${a.partition}:vpc-lattice:${a.region}:${a.accountId}:service/*`,
        },
        {
            // The network's own ARN, read only: on a consumer it is in the owner's account.
            Sid: "LatticeServiceNetwork",
            Effect: "Allow",
            Action: LATTICE_CONTROLLER_ACTIONS.namedNetwork,
            Resource: a.serviceNetworkArn,
        },
        // IAM cannot scope these (no resource type; README.md in this folder).
        { Sid: "LatticeList", Effect: "Allow", Action: LATTICE_CONTROLLER_ACTIONS.unscopable, Resource: "*", Condition: inRegion },
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
