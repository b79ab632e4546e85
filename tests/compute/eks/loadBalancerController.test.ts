// AwsLoadBalancerController on the mock runtime: the Helm release (chart, repository, version,
// namespace, values, provider), the IRSA trust, every policy statement, the per-service target
// registration policy, the version guard, and what the policy pack reports on its role (nothing).

import * as assert from "node:assert/strict";
import {
    AwsLoadBalancerController, AwsLoadBalancerControllerArgs, targetGroupBindingSpec,
} from "../../../compute/eks/loadBalancerController";
import { Recording, runOnMocks } from "../../helpers/harness";
import { runCellmeshPack } from "../../policy/helpers";
import { ISSUER, K8S_PROVIDER, OIDC_PROVIDER_ARN, WORLD, clusterProvider, irsaTrust, urnOf } from "../../engines/lattice/eks/fixtures";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    role: "aws:iam/role:Role",
    policy: "aws:iam/rolePolicy:RolePolicy",
    component: "cellmesh:eks:LoadBalancerController",
};
const ROLE_ARN = "arn:aws:iam:us-east-1:111111111111:role/lbc-role-mock";
const TG1 = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/servicea-cell1/0123456789abcdef";
const TG2 = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/servicea-cell2/fedcba9876543210";

function args(extra: Partial<AwsLoadBalancerControllerArgs> = {}): AwsLoadBalancerControllerArgs {
    return {
        provider: clusterProvider(),
        region: "us-east-1",
        clusterName: "cellmesh-acct1-lattice-eks",
        vpcId: "vpc-0123456789abcdef0",
        oidcProviderArn: OIDC_PROVIDER_ARN,
        oidcIssuer: ISSUER,
        chartVersion: "3.6.0",
        watchNamespace: "cellmesh",
        ...extra,
    };
}

describe("Lattice EKS: AwsLoadBalancerController", () => {
    let rec: Recording;
    let controller: AwsLoadBalancerController;
    let allowed: readonly unknown[];
    before(async () => {
        ({ recording: rec } = await runOnMocks(WORLD, () => {
            controller = new AwsLoadBalancerController("lbc", args());
            allowed = controller.allowTargetGroups("servicea", [TG1, TG2]);
        }));
    });

    it("creates exactly the role, its describe policy, one target policy per entry service and the Helm release, all its children", () => {
        assert.deepEqual(rec.countsByType(), { [T.role]: 1, [T.policy]: 2, [T.component]: 1, [T.release]: 1, [K8S_PROVIDER]: 1 });
        assert.deepEqual(rec.childrenOf(rec.get(T.component, "lbc")).map((r) => `${r.type} ${r.name}`).sort(), [
            `${T.role} lbc-role`, `${T.policy} lbc-role-policy`, `${T.policy} lbc-servicea-targets`, `${T.release} lbc-chart`,
        ].sort());
    });

    it("the Helm release: eks-charts' aws-load-balancer-controller at the pinned version in kube-system, on the cluster's provider, after the role's permissions", () => {
        const release = rec.get(T.release, "lbc-chart");
        const { compat: _compat, ...inputs } = release.inputs;
        assert.deepEqual(inputs, {
            name: "aws-load-balancer-controller",
            chart: "aws-load-balancer-controller",
            version: "3.6.0",
            repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
            namespace: "kube-system",
            values: {
                clusterName: "cellmesh-acct1-lattice-eks",
                region: "us-east-1",
                vpcId: "vpc-0123456789abcdef0",
                serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN } },
                enableServiceMutatorWebhook: false,
                createIngressClassResource: false,
                enableShield: false,
                enableWaf: false,
                enableWafv2: false,
                enableBackendSecurityGroup: false,
                watchNamespace: "cellmesh",
                controllerConfig: { featureGates: { ALBGatewayAPI: false, NLBGatewayAPI: false } },
            },
        });
        assert.equal(rec.providerOf(release)?.type, K8S_PROVIDER);
        assert.equal(rec.providerOf(release)?.name, "cluster");
        // The role through its ARN in the values; the policy explicitly, so the controller starts with its permissions.
        assert.deepEqual([...release.dependencies].sort(), [urnOf(rec, T.policy, "lbc-role-policy"), urnOf(rec, T.role, "lbc-role")].sort());
    });

    it("IRSA: only kube-system:aws-load-balancer-controller of this cluster's OIDC provider may assume the role", () => {
        assert.deepEqual(JSON.parse(rec.get(T.role, "lbc-role").inputs.assumeRolePolicy), irsaTrust("kube-system:aws-load-balancer-controller"));
    });

    it("the role's policy: the ELB and EC2 describe calls a TargetGroupBinding needs, on * (no resource-level permissions), region-bound; nothing else", () => {
        const region = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };
        assert.deepEqual(JSON.parse(rec.get(T.policy, "lbc-role-policy").inputs.policy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ElbDescribe", Effect: "Allow",
                    Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"],
                    Resource: "*", Condition: region,
                },
                { Sid: "Ec2Describe", Effect: "Allow", Action: ["ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"], Resource: "*", Condition: region },
            ],
        });
        assert.equal(rec.get(T.policy, "lbc-role-policy").inputs.role, "lbc-role-id");
    });

    it("allowTargetGroups: register and deregister in exactly the given target groups, on the same role; bindings wait for it and the release", () => {
        const targets = rec.get(T.policy, "lbc-servicea-targets");
        assert.equal(targets.inputs.role, "lbc-role-id");
        assert.deepEqual(JSON.parse(targets.inputs.policy), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "RegisterCellTargets", Effect: "Allow",
                Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
                Resource: [TG1, TG2],
            }],
        });
        assert.equal(allowed.length, 2);
        assert.equal(allowed[0], controller.release);
        assert.deepEqual(controller.ready, [controller.release]);
    });

    it("policy pack on the controller's role: no finding (the describe calls are allow-listed as unscopable, the writes name ARNs)", () => {
        assert.deepEqual(runCellmeshPack(rec.resources).map((v) => `${v.policy} | ${v.resource} | ${v.message}`), []);
    });

    it("a TargetGroupBinding spec: the cell's Service and port, the target group, ip targets, IPv4 and the VPC, no networking section", () => {
        assert.deepEqual(targetGroupBindingSpec({ serviceName: "servicea-cell1", port: 5001, targetGroupArn: TG1, vpcId: "vpc-1" }), {
            serviceRef: { name: "servicea-cell1", port: 5001 }, targetGroupARN: TG1, targetType: "ip", ipAddressType: "ipv4", vpcID: "vpc-1",
        });
    });
});

describe("Lattice EKS: AwsLoadBalancerController guards (exact messages)", () => {
    for (const [label, chartVersion] of [["a v-prefixed version", "v3.6.0"], ["a range", "^3.6.0"], ["the 1.x line", "1.17.1"]] as const) {
        it(`refuses ${label}`, async () => {
            await runOnMocks(WORLD, () => assert.throws(() => new AwsLoadBalancerController("lbc", args({ chartVersion })),
                { message: `AwsLoadBalancerController lbc: chartVersion must be an exact 3.x chart version without a "v" (e.g. "3.6.0"), got "${chartVersion}"` }));
        });
    }

    it("refuses a target policy without target groups", async () => {
        await runOnMocks(WORLD, () => {
            const controller = new AwsLoadBalancerController("lbc", args());
            assert.throws(() => controller.allowTargetGroups("servicea", []), { message: "AwsLoadBalancerController lbc: servicea names no target group" });
        });
    });
});
