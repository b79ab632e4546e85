// LatticeGatewayController on the mock runtime: the Gateway API CRDs, the controller's Helm release
// and IRSA role, the GatewayClass, the ordering between them, the version guards, and what the
// repository's policy pack reports on the controller's role.

import * as assert from "node:assert/strict";
import {
    LatticeGatewayController, LatticeGatewayControllerArgs, controllerVersionProblem, gatewayApiCrdsUrl,
} from "../../../components/eks/lattice/gatewayApiController";
import { accessLogProblem } from "../../../components/eks/lattice/controllerPolicy";
import { Recording, runOnMocks } from "../../harness";
import { runCellmeshPack } from "../../policy/helpers";
import { GW, ISSUER, K8S_PROVIDER, LATTICE_CONTROLLER_FINDINGS, OIDC_PROVIDER_ARN, WORLD, clusterProvider, controllerArgs, urnOf } from "./fixtures";

const T = {
    crds: "kubernetes:yaml/v2:ConfigFile",
    release: "kubernetes:helm.sh/v3:Release",
    role: "aws:iam/role:Role",
    policy: "aws:iam/rolePolicy:RolePolicy",
};
const ROLE_ARN = "arn:aws:iam:us-east-1:111111111111:role/lattice-role-mock";

async function record(extra: Partial<LatticeGatewayControllerArgs> = {}): Promise<{ rec: Recording; controller: LatticeGatewayController }> {
    let controller!: LatticeGatewayController;
    const { recording } = await runOnMocks(WORLD, () => {
        controller = new LatticeGatewayController("lattice", controllerArgs(clusterProvider(), extra));
    });
    return { rec: recording, controller };
}

function construct(extra: Partial<LatticeGatewayControllerArgs>): () => void {
    return () => new LatticeGatewayController("lattice", controllerArgs(clusterProvider(), extra));
}

describe("Lattice EKS: LatticeGatewayController", () => {
    let rec: Recording;
    let controller: LatticeGatewayController;
    before(async () => ({ rec, controller } = await record()));

    it("creates exactly the CRDs, the role and its policy, the Helm release and the GatewayClass", () => {
        assert.deepEqual(rec.countsByType(), {
            [T.role]: 1,
            [T.policy]: 1,
            "cellmesh:eks:LatticeGatewayController": 1,
            [GW("GatewayClass")]: 1,
            [T.release]: 1,
            [T.crds]: 1,
            [K8S_PROVIDER]: 1,
        });
        const parent = rec.get("cellmesh:eks:LatticeGatewayController", "lattice");
        assert.deepEqual(rec.childrenOf(parent).map((r) => r.name).sort(),
            ["lattice-chart", "lattice-class", "lattice-crds", "lattice-role", "lattice-role-policy"]);
    });

    it("the Gateway API standard CRDs of the pinned release, one ConfigFile on the cluster's provider", () => {
        const crds = rec.get(T.crds, "lattice-crds");
        assert.deepEqual(crds.inputs, { file: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/standard-install.yaml" });
        assert.equal(gatewayApiCrdsUrl("v1.5.1"), "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml");
        assert.equal(rec.providerOf(crds)?.name, "cluster");
    });

    it("the controller's Helm release: OCI chart, pinned v-version, namespace, values, provider, after the CRDs and the role policy", () => {
        const release = rec.get(T.release, "lattice-chart");
        const { compat: _compat, ...inputs } = release.inputs;
        assert.deepEqual(inputs, {
            name: "gateway-api-controller",
            chart: "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart",
            version: "v2.1.3",
            namespace: "aws-application-networking-system",
            createNamespace: true,
            values: {
                serviceAccount: { create: true, name: "gateway-api-controller", annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN } },
                awsRegion: "us-east-1",
                awsAccountId: "111111111111",
                clusterVpcId: "vpc-0123456789abcdef0",
                clusterName: "cellmesh-acct1-eks",
            },
        });
        assert.equal(rec.providerOf(release)?.type, K8S_PROVIDER);
        assert.equal(rec.providerOf(release)?.name, "cluster");
        assert.ok(release.dependencies.includes(urnOf(rec, T.crds, "lattice-crds")), "the release waits for the CRDs");
        assert.ok(release.dependencies.includes(urnOf(rec, T.policy, "lattice-role-policy")), "the release waits for the role's permissions");
    });

    it("the GatewayClass amazon-vpc-lattice names the controller, after the release", () => {
        const cls = rec.get(GW("GatewayClass"), "lattice-class");
        assert.deepEqual(cls.inputs, {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "GatewayClass",
            metadata: { name: "amazon-vpc-lattice" },
            spec: { controllerName: "application-networking.k8s.aws/gateway-api-controller" },
        });
        assert.deepEqual([...cls.dependencies].sort(), [urnOf(rec, T.release, "lattice-chart"), urnOf(rec, T.crds, "lattice-crds")].sort());
        assert.equal(rec.providerOf(cls)?.name, "cluster");
    });

    it("ready lists the CRDs, the release and the GatewayClass; policyCrds the release; roleArn is the role's", async () => {
        assert.deepEqual(controller.ready, [controller.crds, controller.release, controller.gatewayClass]);
        // The chart's crds/ installs TargetGroupPolicy and IAMAuthPolicy: their objects wait for the release.
        assert.deepEqual(controller.policyCrds, [controller.release]);
        assert.equal(await new Promise((resolve) => controller.roleArn.apply(resolve)), ROLE_ARN);
    });

    it("IRSA: only the controller's service account of this cluster's OIDC provider may assume the role", () => {
        assert.deepEqual(JSON.parse(rec.get(T.role, "lattice-role").inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: OIDC_PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${ISSUER}:sub`]: "system:serviceaccount:aws-application-networking-system:gateway-api-controller",
                        [`${ISSUER}:aud`]: "sts.amazonaws.com",
                    },
                },
            }],
        });
    });

    it("controller policy: the recommended actions, region-bound, the Lattice service-linked role of this account only, no access-log rights by default", () => {
        const region = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };
        assert.deepEqual(JSON.parse(rec.get(T.policy, "lattice-role-policy").inputs.policy), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "VpcLattice", Effect: "Allow", Action: "vpc-lattice:*", Resource: "*", Condition: region },
                {
                    Sid: "Ec2Describe", Effect: "Allow",
                    Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeSecurityGroups"],
                    Resource: "*", Condition: region,
                },
                { Sid: "Tagging", Effect: "Allow", Action: ["tag:GetResources", "tag:TagResources", "tag:UntagResources"], Resource: "*", Condition: region },
                {
                    Sid: "LatticeServiceLinkedRole", Effect: "Allow", Action: "iam:CreateServiceLinkedRole",
                    Resource: "arn:aws:iam::111111111111:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice",
                    Condition: { StringEquals: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" } },
                },
            ],
        });
    });

    it("policy pack on the controller's role: exactly vpc-lattice:* (a wildcard action on \"*\"); the EC2 describe and tagging calls are allow-listed as unscopable", () => {
        const found = runCellmeshPack(rec.resources).map((v) => `${v.policy} | ${v.resource} | ${v.message}`);
        assert.deepEqual(found, LATTICE_CONTROLLER_FINDINGS("lattice-role-policy"));
    });
});

describe("Lattice EKS: LatticeGatewayController with access logs", () => {
    const destinations = [
        "arn:aws:s3:::cellmesh-lattice-logs",
        "arn:aws:firehose:us-east-1:111111111111:deliverystream/lattice",
        "arn:aws:logs:us-east-1:111111111111:log-group:/cellmesh/lattice",
    ];

    it("adds the log-delivery calls (on \"*\"), bucket-policy rights on the buckets, tagging on the streams, the log-delivery service-linked role", async () => {
        const { rec } = await record({ accessLogDestinationArns: destinations });
        const statements = JSON.parse(rec.get(T.policy, "lattice-role-policy").inputs.policy).Statement;
        assert.deepEqual(statements.slice(4), [
            {
                Sid: "AccessLogDelivery", Effect: "Allow",
                Action: [
                    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                    "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
                ],
                Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
            },
            { Sid: "AccessLogBuckets", Effect: "Allow", Action: ["s3:GetBucketPolicy", "s3:PutBucketPolicy"], Resource: ["arn:aws:s3:::cellmesh-lattice-logs"] },
            { Sid: "AccessLogStreams", Effect: "Allow", Action: "firehose:TagDeliveryStream", Resource: ["arn:aws:firehose:us-east-1:111111111111:deliverystream/lattice"] },
            {
                Sid: "LogDeliveryServiceLinkedRole", Effect: "Allow", Action: "iam:CreateServiceLinkedRole",
                Resource: "arn:aws:iam::111111111111:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery",
                Condition: { StringEquals: { "iam:AWSServiceName": "delivery.logs.amazonaws.com" } },
            },
        ]);
        // The pack then also reports the eight log-delivery actions on "*".
        const logs = runCellmeshPack(rec.resources).filter((v) => v.message.includes("\"AccessLogDelivery\""));
        assert.equal(logs.length, 8);
    });

    it("only CloudWatch Logs destinations: no S3 or Firehose statement", async () => {
        const { rec } = await record({ accessLogDestinationArns: [destinations[2]] });
        const sids = JSON.parse(rec.get(T.policy, "lattice-role-policy").inputs.policy).Statement.map((s: { Sid: string }) => s.Sid);
        assert.deepEqual(sids, ["VpcLattice", "Ec2Describe", "Tagging", "LatticeServiceLinkedRole", "AccessLogDelivery", "LogDeliveryServiceLinkedRole"]);
    });
});

describe("Lattice EKS: LatticeGatewayController guards (exact messages)", () => {
    const cases: [string, Partial<LatticeGatewayControllerArgs>, string][] = [
        ["chart version without its v", { chartVersion: "2.1.3" },
            "LatticeGatewayController lattice: chartVersion must be an exact chart version with its \"v\" (e.g. \"v2.1.3\"), got \"2.1.3\""],
        ["chart version range", { chartVersion: "v2.1" },
            "LatticeGatewayController lattice: chartVersion must be an exact chart version with its \"v\" (e.g. \"v2.1.3\"), got \"v2.1\""],
        ["Gateway API version without its v", { gatewayApiVersion: "1.5.0" },
            "LatticeGatewayController lattice: gatewayApiVersion must be an exact Gateway API v1 release with its \"v\" (e.g. \"v1.5.0\"), got \"1.5.0\""],
        ["controller v2.1 on Gateway API v1.2 CRDs", { gatewayApiVersion: "v1.2.1" },
            "LatticeGatewayController lattice: controller v2.1.3 is built against Gateway API v1.5 and does not work with older CRDs; use gatewayApiVersion v1.5.0 or later, got v1.2.1"],
        ["controller v2.0 on Gateway API v1.5 CRDs", { chartVersion: "v2.0.2" },
            "LatticeGatewayController lattice: controller v2.0.2 is built against Gateway API v1.2 and fails on the v1.5 CRDs; use a gatewayApiVersion before v1.5, or chart v2.1 or later"],
        ["access-log destination that is not a bucket, log group or stream", { accessLogDestinationArns: ["arn:aws:sqs:us-east-1:111111111111:q"] },
            "LatticeGatewayController lattice: accessLogDestinationArns: \"arn:aws:sqs:us-east-1:111111111111:q\" is not an S3 bucket, CloudWatch Logs log group or Firehose delivery stream ARN"],
    ];
    for (const [label, extra, message] of cases) {
        it(label, async () => {
            await runOnMocks(WORLD, () => assert.throws(construct(extra), { message }));
        });
    }

    it("controllerVersionProblem accepts the matching pairs", () => {
        assert.equal(controllerVersionProblem("v2.1.3", "v1.5.0"), undefined);
        assert.equal(controllerVersionProblem("v2.1.3", "v1.5.1"), undefined);
        assert.equal(controllerVersionProblem("v2.0.2", "v1.2.1"), undefined);
        assert.equal(accessLogProblem([]), undefined);
    });
});
