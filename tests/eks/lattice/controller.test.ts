// LatticeGatewayController on the mock runtime: the Gateway API CRDs, the controller's Helm release
// and IRSA role, the GatewayClass, the ordering between them, the version guards, and what the
// repository's policy pack reports on the controller's role.

import * as assert from "node:assert/strict";
import {
    LatticeGatewayController, LatticeGatewayControllerArgs, controllerVersionProblem, gatewayApiCrdsUrl,
} from "../../../components/eks/lattice/gatewayApiController";
import { LATTICE_CONTROLLER_ACTIONS, accessLogProblem, latticeControllerStatements } from "../../../components/eks/lattice/controllerPolicy";
import { STAR_RESOURCE_ACTIONS } from "../../../policy/rules/starResources";
import { Recorded, Recording, runOnMocks } from "../../harness";
import { runCellmeshPack } from "../../policy/helpers";
import {
    GW, K8S_PROVIDER, LATTICE_WILDCARD_FINDINGS, OWNER_NETWORK_ARN, WORLD, clusterProvider, controllerArgs, irsaTrust, urnOf } from "./fixtures";

const T = {
    crds: "kubernetes:yaml/v2:ConfigFile",
    release: "kubernetes:helm.sh/v3:Release",
    role: "aws:iam/role:Role",
    policy: "aws:iam/rolePolicy:RolePolicy",
};
const ROLE_ARN = "arn:aws:iam:us-east-1:111111111111:role/lattice-role-mock";
const REGION = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };

// The controller's VPC Lattice calls (v2.1.3), spelled out here so that any change to
// LATTICE_CONTROLLER_ACTIONS shows in this test.
const SCOPED = [
    "vpc-lattice:CreateAccessLogSubscription", "vpc-lattice:CreateListener", "vpc-lattice:CreateRule", "vpc-lattice:CreateService",
    "vpc-lattice:CreateServiceNetworkVpcAssociation",
    "vpc-lattice:CreateTargetGroup", "vpc-lattice:DeleteAccessLogSubscription", "vpc-lattice:DeleteListener",
    "vpc-lattice:DeleteRule", "vpc-lattice:DeleteService", "vpc-lattice:DeleteServiceNetworkServiceAssociation",
    "vpc-lattice:DeleteServiceNetworkVpcAssociation", "vpc-lattice:DeleteTargetGroup", "vpc-lattice:DeregisterTargets",
    "vpc-lattice:GetAccessLogSubscription", "vpc-lattice:GetAuthPolicy", "vpc-lattice:GetListener", "vpc-lattice:GetRule", "vpc-lattice:GetService",
    "vpc-lattice:GetServiceNetwork", "vpc-lattice:GetServiceNetworkServiceAssociation", "vpc-lattice:GetServiceNetworkVpcAssociation",
    "vpc-lattice:GetTargetGroup", "vpc-lattice:ListTargets", "vpc-lattice:RegisterTargets", "vpc-lattice:TagResource",
    "vpc-lattice:UntagResource", "vpc-lattice:UpdateAccessLogSubscription", "vpc-lattice:UpdateListener", "vpc-lattice:UpdateRule",
    "vpc-lattice:UpdateService", "vpc-lattice:UpdateServiceNetworkVpcAssociation", "vpc-lattice:UpdateTargetGroup",
];
const SERVICE_AUTH_POLICIES = ["vpc-lattice:DeleteAuthPolicy", "vpc-lattice:PutAuthPolicy"];
const NAMED_NETWORK = ["vpc-lattice:GetServiceNetwork"];
// Pulumi owns the network and joins the services to it (standalone routes): the controller may
// neither change networks nor associate services with them.
const WITHHELD = [
    "vpc-lattice:CreateServiceNetwork", "vpc-lattice:CreateServiceNetworkServiceAssociation", "vpc-lattice:DeleteServiceNetwork",
    "vpc-lattice:UpdateServiceNetwork",
];
const UNSCOPABLE = [
    "vpc-lattice:ListAccessLogSubscriptions", "vpc-lattice:ListListeners", "vpc-lattice:ListRules",
    "vpc-lattice:ListServiceNetworkServiceAssociations", "vpc-lattice:ListServiceNetworkVpcAssociations", "vpc-lattice:ListServiceNetworks",
    "vpc-lattice:ListServices", "vpc-lattice:ListTagsForResource", "vpc-lattice:ListTargetGroups",
];

/** The role policy's statements of an account whose cluster's Gateway names `networkArn`. */
function expectedStatements(account: string, networkArn: string): unknown[] {
    const prefix = `arn:aws:vpc-lattice:us-east-1:${account}`;
    return [
        {
            Sid: "LatticeResources", Effect: "Allow", Action: SCOPED,
            Resource: [
                `${prefix}:service/*`, `${prefix}:service/*/listener/*`, `${prefix}:service/*/listener/*/rule/*`, `${prefix}:targetgroup/*`,
                `${prefix}:servicenetwork/*`, `${prefix}:servicenetworkserviceassociation/*`, `${prefix}:servicenetworkvpcassociation/*`,
                `${prefix}:accesslogsubscription/*`,
            ],
        },
        { Sid: "LatticeServiceAuthPolicies", Effect: "Allow", Action: SERVICE_AUTH_POLICIES, Resource: `${prefix}:service/*` },
        { Sid: "LatticeServiceNetwork", Effect: "Allow", Action: NAMED_NETWORK, Resource: networkArn },
        { Sid: "LatticeList", Effect: "Allow", Action: UNSCOPABLE, Resource: "*", Condition: REGION },
        {
            Sid: "Ec2Describe", Effect: "Allow",
            Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeSecurityGroups"],
            Resource: "*", Condition: REGION,
        },
        { Sid: "Tagging", Effect: "Allow", Action: ["tag:GetResources", "tag:TagResources", "tag:UntagResources"], Resource: "*", Condition: REGION },
        {
            Sid: "LatticeServiceLinkedRole", Effect: "Allow", Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:aws:iam::${account}:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice`,
            Condition: { StringEquals: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" } },
        },
    ];
}

/** A copy of the recording whose controller policy statement `sid` is changed by `edit`. */
function withStatement(resources: readonly Recorded[], sid: string, edit: (s: Record<string, unknown>) => void): Recorded[] {
    return resources.map((r) => {
        if (r.type !== "aws:iam/rolePolicy:RolePolicy" || r.name !== "lattice-role-policy") return r;
        const doc = JSON.parse(r.inputs.policy);
        const statement = doc.Statement.find((s: { Sid: string }) => s.Sid === sid);
        if (!statement) throw new Error(`no statement ${sid}`);
        edit(statement);
        return { ...r, inputs: { ...r.inputs, policy: JSON.stringify(doc) } };
    });
}

function findings(resources: readonly Recorded[]): string[] {
    return runCellmeshPack(resources).map((v) => `${v.policy} | ${v.resource} | ${v.message}`);
}

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
                clusterName: "cellmesh-acct1-appmesh-eks",
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
        assert.deepEqual(JSON.parse(rec.get(T.role, "lattice-role").inputs.assumeRolePolicy), irsaTrust("aws-application-networking-system:gateway-api-controller"));
    });

    it("controller policy: the controller's Lattice calls on this account's Lattice resources, the network's ARN for service associations, the List calls region-bound, the Lattice service-linked role of this account only, no access-log rights by default", () => {
        assert.deepEqual(JSON.parse(rec.get(T.policy, "lattice-role-policy").inputs.policy), {
            Version: "2012-10-17",
            Statement: expectedStatements("111111111111", OWNER_NETWORK_ARN),
        });
    });

    it("policy pack on the controller's role: no finding (the Lattice List calls, EC2 describe and tagging calls are allow-listed as unscopable)", () => {
        assert.deepEqual(findings(rec.resources), []);
    });

    it("policy pack: vpc-lattice:* on \"*\" again gives exactly the two findings", () => {
        const broken = withStatement(rec.resources, "LatticeResources", (s) => { s.Action = "vpc-lattice:*"; s.Resource = "*"; });
        assert.deepEqual(findings(broken), LATTICE_WILDCARD_FINDINGS("lattice-role-policy"));
    });

    it("policy pack: a scopable Lattice action on \"*\" is reported, even beside the allow-listed List calls", () => {
        const broken = withStatement(rec.resources, "LatticeList", (s) => { s.Action = [...(s.Action as string[]), "vpc-lattice:CreateService"]; });
        assert.deepEqual(findings(broken), [
            `cellmesh-star-resource-only-where-unscopable | aws:iam/rolePolicy:RolePolicy::lattice-role-policy | policy statement "LatticeList" allows "vpc-lattice:CreateService" on every resource ("*"); scope it to ARNs, or add it to allowedActions if AWS supports no narrower resource for it`,
        ]);
    });
});

describe("Lattice EKS: LatticeGatewayController of a consumer (the owner's network, shared with RAM)", () => {
    it("its own account's Lattice resources; service associations also with the owner's network, by its ARN", async () => {
        const { recording } = await runOnMocks(WORLD, () => {
            new LatticeGatewayController("lattice", controllerArgs(clusterProvider(), { accountId: "222222222222", serviceNetworkArn: OWNER_NETWORK_ARN }));
        });
        const policy = JSON.parse(recording.get(T.policy, "lattice-role-policy").inputs.policy);
        assert.deepEqual(policy.Statement, expectedStatements("222222222222", OWNER_NETWORK_ARN));
        assert.deepEqual(findings(recording.resources), []);
    });
});

describe("Lattice EKS: the controller's Lattice actions (LATTICE_CONTROLLER_ACTIONS)", () => {
    const A = LATTICE_CONTROLLER_ACTIONS;
    const all = [...A.scoped, ...A.serviceAuthPolicies, ...A.namedNetwork.filter((a) => !A.scoped.includes(a as never)), ...A.withheld, ...A.unscopable];

    it("are the v2.1.3 calls, each list sorted, no duplicate, no wildcard", () => {
        assert.deepEqual([...A.scoped], SCOPED);
        assert.deepEqual([...A.serviceAuthPolicies], SERVICE_AUTH_POLICIES);
        assert.deepEqual([...A.namedNetwork], NAMED_NETWORK);
        assert.deepEqual([...A.withheld], WITHHELD);
        assert.deepEqual([...A.unscopable], UNSCOPABLE);
        for (const list of [SCOPED, SERVICE_AUTH_POLICIES, NAMED_NETWORK, WITHHELD, UNSCOPABLE]) assert.deepEqual(list, [...list].sort());
        assert.equal(new Set(all).size, all.length);
        assert.deepEqual(all.filter((a) => !/^vpc-lattice:[A-Za-z]+$/.test(a)), []);
    });

    it("grants what the TargetGroupPolicies and IAMAuthPolicies need, on this account's services and target groups", () => {
        const statements = latticeControllerStatements({ region: "us-east-1", accountId: "111111111111", partition: "aws", serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-1", accessLogDestinationArns: [] });
        const grants = (action: string, resource: string) => statements.some((st) =>
            [st.Action].flat().includes(action) && [st.Resource].flat().includes(resource));
        const prefix = "arn:aws:vpc-lattice:us-east-1:111111111111";
        for (const [action, resource] of [
            ["vpc-lattice:PutAuthPolicy", `${prefix}:service/*`], ["vpc-lattice:DeleteAuthPolicy", `${prefix}:service/*`],
            ["vpc-lattice:UpdateService", `${prefix}:service/*`], ["vpc-lattice:CreateTargetGroup", `${prefix}:targetgroup/*`],
            ["vpc-lattice:UpdateTargetGroup", `${prefix}:targetgroup/*`],
        ]) assert.ok(grants(action, resource), `${action} on ${resource}`);
    });

    it("withholds the service network writes and service associations: no statement grants them, and auth policy writes reach services only", async () => {
        const statements =
            latticeControllerStatements({ region: "us-east-1", accountId: "111111111111", partition: "aws", serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-1", accessLogDestinationArns: [] });
        const granted = statements.flatMap((st) => [st.Action].flat());
        assert.deepEqual(WITHHELD.filter((a) => granted.includes(a)), []);
        const authWrites = statements.filter((st) => [st.Action].flat().some((a) => SERVICE_AUTH_POLICIES.includes(a)));
        assert.deepEqual(authWrites.map((st) => st.Resource), ["arn:aws:vpc-lattice:us-east-1:111111111111:service/*"]);
    });

    it("the policy pack allow-lists exactly the unscopable ones on \"*\", none of the scoped ones", () => {
        const allowed = Object.keys(STAR_RESOURCE_ACTIONS).filter((a) => a.startsWith("vpc-lattice:"));
        assert.deepEqual(allowed.sort(), [...UNSCOPABLE]);
        assert.deepEqual([...SCOPED, ...SERVICE_AUTH_POLICIES, ...NAMED_NETWORK].filter((a) => a in STAR_RESOURCE_ACTIONS), []);
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
        assert.deepEqual(statements.slice(7), [
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
        assert.deepEqual(sids, ["LatticeResources", "LatticeServiceAuthPolicies", "LatticeServiceNetwork", "LatticeList", "Ec2Describe", "Tagging", "LatticeServiceLinkedRole", "AccessLogDelivery", "LogDeliveryServiceLinkedRole"]);
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
