import * as assert from "node:assert/strict";
import { envoyScopedToNode } from "../../engines/appmesh/policy/envoyScopedToNode";
import { noFullAccessPolicies } from "../../policy/rules/noFullAccessPolicies";
import { noWildcardActions } from "../../policy/rules/noWildcardActions";
import { scopedTrust } from "../../policy/rules/scopedTrust";
import { starResources } from "../../policy/rules/starResources";
import { violationsOf } from "./helpers";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const NODE_ARN = "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo/virtualNode/servicea-cell1";

/** A RolePolicy as Pulumi passes it: the document is a JSON string. */
function rolePolicy(...statements: object[]): Record<string, any> {
    return { role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) };
}

/** What compute/ecs/fargateCells.ts grants a cell's task role. */
const CELL_TASK_POLICY = rolePolicy(
    { Sid: "EnvoyAsThisNode", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: NODE_ARN },
    { Sid: "XRayDaemon", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"], Resource: "*" },
);

describe("policy cellmesh-envoy-scoped-to-node", () => {
    it("passes Envoy's permission on the node's own ARN", () => {
        assert.deepEqual(violationsOf(envoyScopedToNode, ROLE_POLICY, CELL_TASK_POLICY), []);
    });

    it("fails the AWS samples' grant on *", () => {
        const props = rolePolicy({ Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: "*" });
        assert.deepEqual(violationsOf(envoyScopedToNode, ROLE_POLICY, props), [
            `policy statement #1 grants appmesh:StreamAggregatedResources on "*"; scope it to the node's (or gateway's) own ARN`,
        ]);
    });

    it("fails wildcard actions that include it, wildcard node ARNs and NotResource, in inline policies of a Role too", () => {
        const props = {
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
            inlinePolicies: [{
                name: "envoy",
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [
                    { Sid: "All", Effect: "Allow", Action: ["appmesh:*"], Resource: "arn:aws:appmesh:us-east-1:111111111111:mesh/m/virtualNode/*" },
                    { Sid: "Not", Effect: "Allow", Action: "appmesh:streamaggregatedresources", NotResource: NODE_ARN },
                    { Sid: "Deny", Effect: "Deny", Action: "appmesh:*", Resource: "*" },
                ] }),
            }],
        };
        assert.deepEqual(violationsOf(envoyScopedToNode, "aws:iam/role:Role", props), [
            `inline policy "envoy" statement "All" grants appmesh:StreamAggregatedResources on "arn:aws:appmesh:us-east-1:111111111111:mesh/m/virtualNode/*"; scope it to the node's (or gateway's) own ARN`,
            `inline policy "envoy" statement "Not" grants appmesh:StreamAggregatedResources on every resource but its NotResource list; scope it to the node's (or gateway's) own ARN`,
        ]);
    });

    it("ignores resources without policy documents", () => {
        assert.deepEqual(violationsOf(envoyScopedToNode, "aws:s3/bucket:Bucket", { policy: "not a document" }), []);
    });
});

describe("policy cellmesh-no-wildcard-actions", () => {
    it("passes explicitly named actions (and wildcards in Deny statements)", () => {
        const props = rolePolicy(
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:us-east-1:1:log-group:/x:*" },
            { Effect: "Deny", Action: "*", Resource: "*" },
        );
        assert.deepEqual(violationsOf(noWildcardActions, ROLE_POLICY, props), []);
        assert.deepEqual(violationsOf(noWildcardActions, ROLE_POLICY, CELL_TASK_POLICY), []);
    });

    it("fails *, service:* and partial wildcards, and Allow with NotAction", () => {
        const props = rolePolicy(
            { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" },
            { Effect: "Allow", Action: ["appmesh:*", "servicediscovery:Get?nstance", "ecr:BatchGetImage"], Resource: "*" },
            { Sid: "AllBut", Effect: "Allow", NotAction: "iam:*", Resource: "*" },
        );
        assert.deepEqual(violationsOf(noWildcardActions, ROLE_POLICY, props), [
            `policy statement "Everything" allows the wildcard action "*"; name each action explicitly`,
            `policy statement #2 allows the wildcard action "appmesh:*"; name each action explicitly`,
            `policy statement #2 allows the wildcard action "servicediscovery:Get?nstance"; name each action explicitly`,
            `policy statement "AllBut" allows every action but its NotAction list; name each allowed action instead`,
        ]);
    });

    it("checks managed policies (aws.iam.Policy) and a single statement object; fails a document that is not JSON", () => {
        const single = { policy: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" } }) };
        assert.deepEqual(violationsOf(noWildcardActions, "aws:iam/policy:Policy", single), [
            `policy statement #1 allows the wildcard action "s3:*"; name each action explicitly`,
        ]);
        assert.deepEqual(violationsOf(noWildcardActions, ROLE_POLICY, { policy: "{not json" }), ["policy is not a JSON IAM policy document"]);
    });
});

describe("policy cellmesh-star-resource-only-where-unscopable", () => {
    it("passes ecr:GetAuthorizationToken and the X-Ray data-plane actions on *", () => {
        const execution = rolePolicy(
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: ["arn:aws:ecr:us-east-1:840364872350:repository/aws-appmesh-envoy"] },
        );
        assert.deepEqual(violationsOf(starResources, ROLE_POLICY, execution), []);
        assert.deepEqual(violationsOf(starResources, ROLE_POLICY, CELL_TASK_POLICY), []);
    });

    it("fails any other action on *", () => {
        const props = rolePolicy({ Sid: "Pull", Effect: "Allow", Action: ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], Resource: ["*"] });
        assert.deepEqual(violationsOf(starResources, ROLE_POLICY, props), [
            `policy statement "Pull" allows "ecr:BatchGetImage" on every resource ("*"); scope it to ARNs, or add it to allowedActions if AWS supports no narrower resource for it`,
        ]);
    });

    it("takes further unscopable actions from the policy's allowedActions config", () => {
        const props = rolePolicy({ Effect: "Allow", Action: "appmesh:ListMeshes", Resource: "*" });
        assert.deepEqual(violationsOf(starResources, ROLE_POLICY, props, { allowedActions: ["appmesh:ListMeshes"] }), []);
    });
});

describe("policy cellmesh-no-full-access-managed-policies", () => {
    it("passes scoped managed policies and customer-managed policies", () => {
        assert.deepEqual(violationsOf(noFullAccessPolicies, "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            { role: "r", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" }), []);
        assert.deepEqual(violationsOf(noFullAccessPolicies, "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            { role: "r", policyArn: "arn:aws:iam::111111111111:policy/MyFullAccess" }), []);
    });

    it("fails *FullAccess, AdministratorAccess and PowerUserAccess, on attachments and on Role.managedPolicyArns", () => {
        assert.deepEqual(violationsOf(noFullAccessPolicies, "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            { role: "r", policyArn: "arn:aws:iam::aws:policy/AWSAppMeshFullAccess" }), [
            "attaches the AWS-managed policy arn:aws:iam::aws:policy/AWSAppMeshFullAccess; grant the actions the role needs in a scoped inline policy instead",
        ]);
        assert.deepEqual(violationsOf(noFullAccessPolicies, "aws:iam/role:Role", {
            assumeRolePolicy: "{}",
            managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECS_FullAccess", "arn:aws-cn:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/PowerUserAccess"],
        }), [
            "attaches the AWS-managed policy arn:aws:iam::aws:policy/AmazonECS_FullAccess; grant the actions the role needs in a scoped inline policy instead",
            "attaches the AWS-managed policy arn:aws-cn:iam::aws:policy/AdministratorAccess; grant the actions the role needs in a scoped inline policy instead",
            "attaches the AWS-managed policy arn:aws:iam::aws:policy/PowerUserAccess; grant the actions the role needs in a scoped inline policy instead",
        ]);
        assert.deepEqual(violationsOf(noFullAccessPolicies, "aws:iam/policyAttachment:PolicyAttachment",
            { roles: ["r"], policyArn: "arn:aws:iam::aws:policy/CloudWatchFullAccessV2" }), [
            "attaches the AWS-managed policy arn:aws:iam::aws:policy/CloudWatchFullAccessV2; grant the actions the role needs in a scoped inline policy instead",
        ]);
    });
});

describe("policy cellmesh-scoped-trust-policies", () => {
    const role = (...statements: object[]) => ({ assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });

    it("passes an exact service principal (what shared/iam.ts writes) and an IRSA service account", () => {
        assert.deepEqual(violationsOf(scopedTrust, "aws:iam/role:Role", role({
            Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        })), []);
        assert.deepEqual(violationsOf(scopedTrust, "aws:iam/role:Role", role({
            Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/X:sub": "system:serviceaccount:appmesh-system:appmesh-controller" } },
        })), []);
    });

    it("fails any principal, wildcard service principals and service accounts, and an unreadable document", () => {
        assert.deepEqual(violationsOf(scopedTrust, "aws:iam/role:Role", role(
            { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: { Service: "*.amazonaws.com" }, Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/o" }, Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringLike: { "o:sub": "system:serviceaccount:*" } } },
        )), [
            `trust policy statement "Anyone" lets any principal assume the role; name the exact service principal or service account`,
            "trust policy statement #2 lets any AWS principal assume the role; name the exact service principal or service account",
            `trust policy statement #3 trusts the service principal "*.amazonaws.com"; name the exact service principal`,
            `trust policy statement #4 trusts the identity provider "arn:aws:iam::1:oidc-provider/o" without a StringEquals condition on its :sub claim; name the service account (system:serviceaccount:<namespace>:<name>)`,
        ]);
        assert.deepEqual(violationsOf(scopedTrust, "aws:iam/role:Role", { assumeRolePolicy: "nope" }), ["assumeRolePolicy is not a JSON IAM policy document"]);
    });
});
