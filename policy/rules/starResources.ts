import { ResourceValidationPolicy } from "@pulumi/policy";
import { asList, documentsOf, isAllow, statementLabel, statementsOf } from "../lib/iamDocument";

/**
 * Actions that support no resource narrower than `*`, each with the reason (see docs/security.md).
 * Anything else on `*` must be scoped to ARNs.
 */
export const STAR_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
    "ecr:GetAuthorizationToken": "an ECR login is account-wide; the pulls themselves are scoped to repository ARNs",
    "xray:PutTraceSegments": "X-Ray data-plane actions support no resource-level permissions",
    "xray:PutTelemetryRecords": "X-Ray data-plane actions support no resource-level permissions",
    "xray:GetSamplingRules": "X-Ray data-plane actions support no resource-level permissions",
    "xray:GetSamplingTargets": "X-Ray data-plane actions support no resource-level permissions",
    "xray:GetSamplingStatisticSummaries": "X-Ray data-plane actions support no resource-level permissions",
    // The App Mesh controller (EKS):
    "appmesh:ListMeshes": "lists meshes account-wide; the controller's other App Mesh actions are scoped to its mesh",
    "servicediscovery:ListNamespaces": "Cloud Map list calls support no resource-level permissions",
    "servicediscovery:ListServices": "Cloud Map list calls support no resource-level permissions",
    "servicediscovery:GetOperation": "operation ids are not resources in IAM",
    "route53:CreateHealthCheck": "a health check does not exist before it is created; get, update and delete are scoped to health-check ARNs",
    // The AWS Gateway API Controller for VPC Lattice (EKS), each bound to the stack's region by
    // aws:RequestedRegion. Only its Lattice calls that IAM cannot scope are listed (the List calls
    // and ListTagsForResource, LATTICE_CONTROLLER_ACTIONS.unscopable in
    // engines/lattice/eks/controllerPolicy.ts); every other Lattice action supports resource-level
    // permissions and must name ARNs, and `vpc-lattice:*` stays a finding.
    "vpc-lattice:ListAccessLogSubscriptions": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListListeners": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListRules": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListServiceNetworkServiceAssociations": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListServiceNetworkVpcAssociations": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListServiceNetworks": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListServices": "VPC Lattice List calls have no resource type in IAM",
    "vpc-lattice:ListTagsForResource": "has no resource type in IAM for VPC Lattice; tagging itself (vpc-lattice:TagResource) is scoped to ARNs",
    "vpc-lattice:ListTargetGroups": "VPC Lattice List calls have no resource type in IAM",
    "ec2:DescribeVpcs": "EC2 Describe actions support no resource-level permissions",
    "ec2:DescribeSubnets": "EC2 Describe actions support no resource-level permissions",
    "ec2:DescribeSecurityGroups": "EC2 Describe actions support no resource-level permissions",
    "ec2:DescribeTags": "EC2 Describe actions support no resource-level permissions",
    "tag:GetResources": "the Resource Groups Tagging API supports no resource-level permissions",
    "tag:TagResources": "the Resource Groups Tagging API supports no resource-level permissions (the tagged service's own TagResource permission is still needed)",
    "tag:UntagResources": "the Resource Groups Tagging API supports no resource-level permissions (the tagged service's own UntagResource permission is still needed)",
    // The AWS Load Balancer Controller (Lattice on EKS, TargetGroupBindings only), region-bound like
    // the above; it also uses ec2:DescribeVpcs and ec2:DescribeSecurityGroups (listed above). Its
    // RegisterTargets/DeregisterTargets are scoped to the cells' target group ARNs.
    "elasticloadbalancing:DescribeTargetGroups": "Elastic Load Balancing Describe actions support no resource-level permissions",
    "elasticloadbalancing:DescribeTargetHealth": "Elastic Load Balancing Describe actions support no resource-level permissions",
};

/** Allowed statements may use `"Resource": "*"` only for actions AWS cannot scope further. */
export const starResources: ResourceValidationPolicy = {
    name: "cellmesh-star-resource-only-where-unscopable",
    description: "IAM statements use Resource \"*\" only for actions that support no narrower resource (ecr:GetAuthorizationToken, X-Ray data-plane actions, or actions added to the allowedActions config).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string" },
                default: Object.keys(STAR_RESOURCE_ACTIONS),
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedActions } = args.getConfig<{ allowedActions: string[] }>();
        const allowed = new Set(allowedActions.map((a) => a.toLowerCase()));
        for (const { label, document } of documentsOf(args.type, args.props)) {
            const statements = statementsOf(document) ?? [];
            statements.forEach((s, i) => {
                if (!isAllow(s) || !asList(s.Resource).includes("*")) return;
                for (const action of asList(s.Action)) {
                    if (!allowed.has(action.toLowerCase())) {
                        reportViolation(`${label} statement ${statementLabel(s, i)} allows "${action}" on every resource ("*"); scope it to ARNs, or add it to allowedActions if AWS supports no narrower resource for it`);
                    }
                }
            });
        }
    },
};
