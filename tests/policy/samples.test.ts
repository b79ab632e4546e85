// Every resource of the sample stacks, recorded on the mock runtime, through cellmesh's pack.

import * as assert from "node:assert/strict";
import { policies } from "../../policy/policies";
import { Recorded } from "../harness";
import { LATTICE_WILDCARD_FINDINGS } from "../eks/lattice/fixtures";
import { SampleStack, Violation, latticeEksSampleStacks, latticeSampleStacks, runCellmeshPack, sampleStacks, securedSampleStacks } from "./helpers";

function clone(resources: readonly Recorded[]): Recorded[] {
    return resources.map((r) => ({ ...r, inputs: JSON.parse(JSON.stringify(r.inputs)) }));
}

function find(resources: Recorded[], type: string, name: string): Recorded {
    const r = resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in the sample`);
    return r;
}

/** `policy | type::name | message`, sorted: registration order under mocks is not part of the contract. */
function summary(violations: readonly Violation[]): string[] {
    return violations.map((v) => `${v.policy} | ${v.resource} | ${v.message}`).sort();
}

describe("policy pack over the sample stacks (mock runtime)", function () {
    this.timeout(60000);
    let stacks: SampleStack[];
    before(async () => { stacks = [...await sampleStacks(), ...await securedSampleStacks(), ...await latticeSampleStacks()]; });

    const byLabel = (label: string) => {
        const s = stacks.find((x) => x.label === label);
        if (!s) throw new Error(`no sample ${label}`);
        return s;
    };

    it("records what the pack is about: IAM, security groups, RAM shares, App Mesh, logs, tasks, the ALB", () => {
        const types = new Set(stacks.flatMap((s) => s.resources.map((r) => r.type)));
        for (const t of [
            "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:ec2/securityGroup:SecurityGroup",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ram/resourceShare:ResourceShare",
            "aws:appmesh/mesh:Mesh", "aws:appmesh/virtualNode:VirtualNode", "aws:appmesh/route:Route",
            "aws:cloudwatch/logGroup:LogGroup", "aws:ecs/taskDefinition:TaskDefinition", "aws:lb/listener:Listener",
        ]) assert.ok(types.has(t), `the samples have no ${t}`);
        assert.deepEqual(stacks.map((s) => s.label), [
            "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)", "owner with the virtual gateway", "owner sharing outside the organization",
            "consumer (examples/appmesh/Pulumi.acct2-appmesh.yaml)", "consumer of an external share",
            "EKS owner (examples/appmesh-eks/Pulumi.acct1-appmesh-eks.yaml)", "EKS consumer (examples/appmesh-eks/Pulumi.acct2-appmesh-eks.yaml)",
            "owner with every security option", "consumer with every security option",
            "Lattice owner (Pulumi.acct1.yaml)", "Lattice consumer (Pulumi.acct2.yaml)",
            "Lattice owner sharing outside the organization", "Lattice consumer of an external share",
            "Lattice owner with the security options", "Lattice consumer with the security options",
            "Lattice owner sharing its subnets (SharedSubnets)", "Lattice consumer in the owner's subnets (SharedSubnets)",
        ]);
        const lattice = new Set(stacks.filter((s) => s.label.startsWith("Lattice")).flatMap((s) => s.resources.map((r) => r.type)));
        for (const t of ["aws:vpclattice/listener:Listener", "aws:vpclattice/authPolicy:AuthPolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:ram/resourceShare:ResourceShare"]) {
            assert.ok(lattice.has(t), `the Lattice samples have no ${t}`);
        }
        const secured = new Set(stacks.filter((s) => s.label.includes("every security option")).flatMap((s) => s.resources.map((r) => r.type)));
        assert.ok(secured.has("aws:acm/certificate:Certificate"), "the secured samples have no ACM certificate");
    });

    for (const label of [
        "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)", "owner with the virtual gateway", "consumer (examples/appmesh/Pulumi.acct2-appmesh.yaml)", "consumer of an external share",
        "owner with every security option", "consumer with every security option",
        "EKS owner (examples/appmesh-eks/Pulumi.acct1-appmesh-eks.yaml)", "EKS consumer (examples/appmesh-eks/Pulumi.acct2-appmesh-eks.yaml)",
        // VPC Lattice: every rule applies as on App Mesh (IAM, trust, open ingress, RAM shares, logs,
        // images, weights on the Lattice listeners); cellmesh-consumer-mesh-owner and
        // cellmesh-envoy-scoped-to-node find no App Mesh resources. External shares are tagged.
        "Lattice owner (Pulumi.acct1.yaml)", "Lattice consumer (Pulumi.acct2.yaml)",
        "Lattice owner sharing outside the organization", "Lattice consumer of an external share",
        "Lattice owner with the security options", "Lattice consumer with the security options",
        "Lattice owner sharing its subnets (SharedSubnets)", "Lattice consumer in the owner's subnets (SharedSubnets)",
    ]) {
        it(`${label}: zero violations`, () => {
            assert.deepEqual(summary(runCellmeshPack(byLabel(label).resources)), []);
        });
    }

    it("owner sharing outside the organization: the only violations are external shares without the cellmesh:sharing=external tag", () => {
        const { resources } = byLabel("owner sharing outside the organization");
        const external = resources.filter((r) => r.type === "aws:ram/resourceShare:ResourceShare" && r.inputs.allowExternalPrincipals === true);
        assert.deepEqual(external.map((r) => r.name).sort(), ["mesh-share", "subnets"]);
        const unmarked = external.filter((r) => r.inputs.tags?.["cellmesh:sharing"] !== "external");
        assert.deepEqual(summary(runCellmeshPack(resources)), unmarked.sort((a, b) => a.name.localeCompare(b.name)).map((r) =>
            `cellmesh-org-only-ram-shares | aws:ram/resourceShare:ResourceShare::${r.name} | allows principals outside the AWS Organization; keep allowExternalPrincipals false, or mark deliberate external sharing with the tag cellmesh:sharing=external (cellmesh:sharing: external) and accept the share in each consumer`));
    });

    // Each entry breaks one thing in a copy of the owner (or consumer) sample, the way the AWS samples
    // do it, and names what the pack must say: the checks can fail on real resource shapes.
    const breakages: { what: string; stack: string; apply: (rs: Recorded[]) => Recorded[]; expected: string[] }[] = [
        {
            what: "Envoy's permission on * (as the AWS samples grant it)",
            stack: "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)",
            apply: (rs) => {
                const p = find(rs, "aws:iam/rolePolicy:RolePolicy", "serviceb-cell1-task-policy");
                const doc = JSON.parse(p.inputs.policy);
                doc.Statement[0].Resource = "*";
                p.inputs.policy = JSON.stringify(doc);
                return rs;
            },
            expected: [
                `cellmesh-envoy-scoped-to-node | aws:iam/rolePolicy:RolePolicy::serviceb-cell1-task-policy | policy statement "EnvoyAsThisNode" grants appmesh:StreamAggregatedResources on "*"; scope it to the node's (or gateway's) own ARN`,
                `cellmesh-star-resource-only-where-unscopable | aws:iam/rolePolicy:RolePolicy::serviceb-cell1-task-policy | policy statement "EnvoyAsThisNode" allows "appmesh:StreamAggregatedResources" on every resource ("*"); scope it to ARNs, or add it to allowedActions if AWS supports no narrower resource for it`,
            ],
        },
        {
            what: "appmesh:* on the task role",
            stack: "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)",
            apply: (rs) => {
                const p = find(rs, "aws:iam/rolePolicy:RolePolicy", "servicea-cell2-task-policy");
                const doc = JSON.parse(p.inputs.policy);
                doc.Statement[0].Action = "appmesh:*";
                p.inputs.policy = JSON.stringify(doc);
                return rs;
            },
            expected: [
                `cellmesh-no-wildcard-actions | aws:iam/rolePolicy:RolePolicy::servicea-cell2-task-policy | policy statement "EnvoyAsThisNode" allows the wildcard action "appmesh:*"; name each action explicitly`,
            ],
        },
        {
            what: "a full-access managed policy on a task role, and a trust policy open to anyone",
            stack: "consumer (examples/appmesh/Pulumi.acct2-appmesh.yaml)",
            apply: (rs) => {
                const role = find(rs, "aws:iam/role:Role", "servicex-cell1-task");
                role.inputs.managedPolicyArns = ["arn:aws:iam::aws:policy/AWSAppMeshFullAccess"];
                role.inputs.assumeRolePolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });
                return rs;
            },
            expected: [
                "cellmesh-no-full-access-managed-policies | aws:iam/role:Role::servicex-cell1-task | attaches the AWS-managed policy arn:aws:iam::aws:policy/AWSAppMeshFullAccess; grant the actions the role needs in a scoped inline policy instead",
                "cellmesh-scoped-trust-policies | aws:iam/role:Role::servicex-cell1-task | trust policy statement #1 lets any AWS principal assume the role; name the exact service principal or service account",
            ],
        },
        {
            what: "a task group open to the internet on all protocols (as the AWS samples do)",
            stack: "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)",
            apply: (rs) => {
                const rule = find(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "serviceb-cell1-in-5001-0");
                Object.assign(rule.inputs, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
                delete rule.inputs.fromPort;
                delete rule.inputs.toPort;
                return rs;
            },
            expected: [
                "cellmesh-no-open-ingress | aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::serviceb-cell1-in-5001-0 | admits all protocols from 0.0.0.0/0; admit only the ports the service listens on, over TCP",
            ],
        },
        {
            what: "a RAM share with external principals and no marker",
            stack: "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)",
            apply: (rs) => { find(rs, "aws:ram/resourceShare:ResourceShare", "mesh-share").inputs.allowExternalPrincipals = true; return rs; },
            expected: [
                "cellmesh-org-only-ram-shares | aws:ram/resourceShare:ResourceShare::mesh-share | allows principals outside the AWS Organization; keep allowExternalPrincipals false, or mark deliberate external sharing with the tag cellmesh:sharing=external (cellmesh:sharing: external) and accept the share in each consumer",
            ],
        },
        {
            what: "a consumer route without meshOwner",
            stack: "consumer (examples/appmesh/Pulumi.acct2-appmesh.yaml)",
            apply: (rs) => { delete find(rs, "aws:appmesh/route:Route", "servicex-route").inputs.meshOwner; return rs; },
            expected: [
                "cellmesh-consumer-mesh-owner | aws:appmesh/route:Route::servicex-route | Route servicex-route is created in a mesh this stack does not own but has no meshOwner; set meshOwner to the mesh owner's account id",
            ],
        },
        {
            what: "a log group without retention, and Envoy on :latest",
            stack: "consumer (examples/appmesh/Pulumi.acct2-appmesh.yaml)",
            apply: (rs) => {
                delete find(rs, "aws:cloudwatch/logGroup:LogGroup", "servicex-cell2-logs").inputs.retentionInDays;
                const td = find(rs, "aws:ecs/taskDefinition:TaskDefinition", "servicex-cell2-taskdef");
                const defs = JSON.parse(td.inputs.containerDefinitions);
                defs.find((c: { name: string }) => c.name === "envoy").image = "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:latest";
                td.inputs.containerDefinitions = JSON.stringify(defs);
                return rs;
            },
            expected: [
                "cellmesh-log-retention | aws:cloudwatch/logGroup:LogGroup::servicex-cell2-logs | has no retentionInDays, so its events are kept forever; set one of CloudWatch's retention periods (cellmesh:logRetentionDays, default 30)",
                `cellmesh-pinned-images | aws:ecs/taskDefinition:TaskDefinition::servicex-cell2-taskdef | container "envoy" image "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:latest" uses the latest tag; pin a tag other than latest, or a digest`,
            ],
        },
        {
            what: "an HTTPS listener on an old TLS policy, and one without a policy",
            stack: "owner with every security option",
            apply: (rs) => {
                find(rs, "aws:lb/listener:Listener", "servicea-ingress-https").inputs.sslPolicy = "ELBSecurityPolicy-2016-08";
                delete find(rs, "aws:lb/listener:Listener", "ingress-ingress-https").inputs.sslPolicy;
                return rs;
            },
            expected: [
                "cellmesh-alb-tls-policy | aws:lb/listener:Listener::servicea-ingress-https | HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08, which allows TLS versions below 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy",
                "cellmesh-alb-tls-policy | aws:lb/listener:Listener::ingress-ingress-https | HTTPS listener on port 443 names no sslPolicy, so an older default that allows TLS 1.0 may apply; set a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06",
            ],
        },
        {
            what: "plain HTTP forwarded beside HTTPS on the same ALB",
            stack: "owner with every security option",
            apply: (rs) => {
                const plain = find(rs, "aws:lb/listener:Listener", "servicea-ingress-listener");
                plain.inputs.defaultActions = find(rs, "aws:lb/listener:Listener", "servicea-ingress-https").inputs.defaultActions;
                return rs;
            },
            expected: [
                "cellmesh-alb-https-redirect | aws:lb/listener:Listener::servicea-ingress-listener | HTTP listener servicea-ingress-listener on port 80 serves plain HTTP although its load balancer also serves HTTPS; make its only default action a redirect to HTTPS (statusCode HTTP_301)",
            ],
        },
        {
            what: "Lattice listener weights over their limits, and a Lattice task open to the internet",
            stack: "Lattice owner (Pulumi.acct1.yaml)",
            apply: (rs) => {
                find(rs, "aws:vpclattice/listener:Listener", "serviceb-listener").inputs.defaultAction.forwards[0].targetGroups[1].weight = 1000;
                Object.assign(find(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "serviceb-cell1-in-lattice").inputs, { cidrIpv4: "0.0.0.0/0", prefixListId: undefined });
                return rs;
            },
            expected: [
                "cellmesh-valid-weights | aws:vpclattice/listener:Listener::serviceb-listener | default action gives target group tg-serviceb-cell2-tg weight 1000; VPC Lattice weights are integers from 0 to 999",
                "cellmesh-no-open-ingress | aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::serviceb-cell1-in-lattice | admits 0.0.0.0/0 on TCP 5001; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet",
            ],
        },
        {
            what: "route and ALB weights over their limits",
            stack: "owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)",
            apply: (rs) => {
                find(rs, "aws:appmesh/route:Route", "servicea-route").inputs.spec.httpRoute.action.weightedTargets[0].weight = 60;
                find(rs, "aws:lb/listener:Listener", "servicea-ingress-listener").inputs.defaultActions[0].forward.targetGroups[1].weight = 1000;
                return rs;
            },
            expected: [
                "cellmesh-valid-weights | aws:appmesh/route:Route::servicea-route | httpRoute weights add up to 110; the total must be from 1 to 100",
                "cellmesh-valid-weights | aws:lb/listener:Listener::servicea-ingress-listener | default action 1 gives target group arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell2-mock weight 1000; ALB weights are integers from 0 to 999",
            ],
        },
    ];

    for (const b of breakages) {
        it(`fails on ${b.what}`, () => {
            assert.deepEqual(summary(runCellmeshPack(b.apply(clone(byLabel(b.stack).resources)))), [...b.expected].sort());
        });
    }

    it("every policy of the pack is shown failing on a broken sample", () => {
        const failing = new Set(breakages.flatMap((b) => b.expected.map((e) => e.split(" | ")[0])));
        assert.deepEqual(policies.map((p) => p.name).filter((n) => !failing.has(n)), []);
    });
});

describe("policy pack over the VPC Lattice on EKS samples (mock runtime)", function () {
    this.timeout(60000);
    let stacks: SampleStack[];
    before(async () => { stacks = await latticeEksSampleStacks(); });
    const byLabel = (label: string) => stacks.find((x) => x.label === label)!;

    it("records the controller, the Gateway API objects, the node rule, the share and the pods", () => {
        const types = new Set(stacks.flatMap((s) => s.resources.map((r) => r.type)));
        for (const t of [
            "aws:iam/rolePolicy:RolePolicy", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ram/resourceShare:ResourceShare",
            "kubernetes:apps/v1:Deployment", "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "kubernetes:helm.sh/v3:Release",
        ]) assert.ok(types.has(t), `the Lattice EKS samples have no ${t}`);
    });

    // The AWS Gateway API Controller's role names its VPC Lattice actions and scopes them to ARNs;
    // only the calls IAM cannot scope (List*, ListTagsForResource) are on "*", allow-listed with
    // their reason (README: "Where an IAM statement uses Resource *"). No rule was relaxed.
    const labels = [
        "Lattice EKS owner (examples/lattice-eks/Pulumi.acct1-lattice-eks.yaml)", "Lattice EKS consumer (examples/lattice-eks/Pulumi.acct2-lattice-eks.yaml)",
        "Lattice EKS owner sharing outside the organization", "Lattice EKS consumer of an external share",
    ];
    for (const label of labels) {
        it(`${label}: zero violations`, () => {
            assert.deepEqual(summary(runCellmeshPack(byLabel(label).resources)), []);
        });
    }

    for (const label of labels) {
        it(`${label}: the controller's recommended vpc-lattice:* on "*" instead gives exactly its two findings`, () => {
            const rs = clone(byLabel(label).resources);
            const p = find(rs, "aws:iam/rolePolicy:RolePolicy", "lattice-role-policy");
            const doc = JSON.parse(p.inputs.policy);
            const statement = doc.Statement.find((s: { Sid: string }) => s.Sid === "LatticeResources");
            Object.assign(statement, { Action: "vpc-lattice:*", Resource: "*" });
            p.inputs.policy = JSON.stringify(doc);
            assert.deepEqual(summary(runCellmeshPack(rs)), [...LATTICE_WILDCARD_FINDINGS("lattice-role-policy")].sort());
        });
    }

    it("fails on a cell's pods on :latest, and on a node rule open to the internet", () => {
        const rs = clone(byLabel("Lattice EKS owner (examples/lattice-eks/Pulumi.acct1-lattice-eks.yaml)").resources);
        find(rs, "kubernetes:apps/v1:Deployment", "serviceb-cell1").inputs.spec.template.spec.containers[0].image = "public.ecr.aws/docker/library/node:latest";
        Object.assign(find(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "lattice-nodes-5001").inputs, { cidrIpv4: "0.0.0.0/0", prefixListId: undefined });
        assert.deepEqual(summary(runCellmeshPack(rs)), [
            `cellmesh-pinned-images | kubernetes:apps/v1:Deployment::serviceb-cell1 | container "app" image "public.ecr.aws/docker/library/node:latest" uses the latest tag; pin a tag other than latest, or a digest`,
            "cellmesh-no-open-ingress | aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::lattice-nodes-5001 | admits 0.0.0.0/0 on TCP 5001; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet",
        ].sort());
    });
});
