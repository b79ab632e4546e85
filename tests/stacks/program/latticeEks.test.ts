// Both stack programs with `cellmesh:engine: lattice` on `cellmesh:compute: eks` (examples/lattice-eks),
// on the mock runtime: exact resources, the controller and its ordering (CRDs -> release ->
// GatewayClass -> Gateway, and the Gateway after the cluster VPC's association), the HTTPRoutes with
// weights and pins, the controller's TargetGroupPolicies and IAMAuthPolicies (after the release that
// installs their CRDs, valid against those CRDs), pods without Envoy, node access from the Lattice
// prefix list, DNS both ways with two providers, the weighted public ALB with the AWS Load Balancer
// Controller and a TargetGroupBinding per cell, outputs, and the blast radius of a weight change and
// of a health check change.

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { LATTICE_CONTROLLER_ACTIONS } from "../../../engines/lattice/eks/controllerPolicy";
import { ConfigError, RawConfig } from "../../../config/types";
import { cellmeshProgram } from "../../../stacks/program";
import {
    CONSUMER_LATTICE_EKS_SAMPLE_COUNTS, CONSUMER_LATTICE_EKS_WORLD, OWNER_LATTICE_EKS_OUTPUTS, OWNER_LATTICE_EKS_SAMPLE_COUNTS,
    OWNER_LATTICE_EKS_WORLD, OWNER_LATTICE_OUTPUTS, SECURITY, consumerLatticeEksSample, ownerLatticeEksSample, rawLatticeEksSample,
} from "../../helpers/fixtures";
import { runCellmeshPack } from "../../policy/helpers";
import { changed, MockWorld, Recording, runOnMocks } from "../../helpers/harness";
import { routeAwaitAnnotations } from "../../../engines/lattice/eks/httpRoute";
import { crdErrors } from "../../helpers/crdSchemas";

const GW = (kind: string) => `kubernetes:gateway.networking.k8s.io/v1:${kind}`;
const T = {
    network: "aws:vpclattice/serviceNetwork:ServiceNetwork",
    vpcAssoc: "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
    svcAssoc: "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
    auth: "aws:vpclattice/authPolicy:AuthPolicy",
    share: "aws:ram/resourceShare:ResourceShare",
    resAssoc: "aws:ram/resourceAssociation:ResourceAssociation",
    accepter: "aws:ram/resourceShareAccepter:ResourceShareAccepter",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    authorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    zoneAssoc: "aws:route53/zoneAssociation:ZoneAssociation",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    release: "kubernetes:helm.sh/v3:Release",
    crds: "kubernetes:yaml/v2:ConfigFile",
    namespace: "kubernetes:core/v1:Namespace",
    service: "kubernetes:core/v1:Service",
    deployment: "kubernetes:apps/v1:Deployment",
    gatewayClass: GW("GatewayClass"),
    gateway: GW("Gateway"),
    route: GW("HTTPRoute"),
    tgp: "kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy",
    iap: "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy",
    binding: "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding",
    role: "aws:iam/role:Role",
    policy: "aws:iam/rolePolicy:RolePolicy",
    lbc: "cellmesh:eks:LoadBalancerController",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
} as const;
const TG = (cell: string) => `arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-${cell}-mock`;
/** The rules on the node security group for VPC Lattice (the ALB's rule is servicea-ingress-pods). */
const latticeNodeRules = (rec: Recording) => rec.ofType(T.sgIn).filter((r) => r.name.startsWith("lattice-nodes-"));

/** The auth policy document the ECS variant attaches to each Lattice service, for these accounts. */
const authPolicy = (accounts: string[]) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
        Sid: "CallersFromVpcsOfListedAccounts", Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*",
        Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": accounts } },
    }],
});

/** Schema errors of every controller policy object of a recording (TargetGroupPolicy, IAMAuthPolicy), by name. */
function policySchemaErrors(rec: Recording): Record<string, string[]> {
    return Object.fromEntries([...rec.ofType(T.tgp), ...rec.ofType(T.iap)].map((r) => [r.name, crdErrors(r.inputs.kind, r.inputs.spec)]));
}

const OWNER_REF = "organization/cellmesh/acct1-lattice-eks";
const NETWORK_ARN = OWNER_LATTICE_EKS_OUTPUTS.serviceNetworkArn;

/** What only the App Mesh engine (or App Mesh EKS) creates: none of it on Lattice. */
function appMeshPieces(rec: Recording): string[] {
    return rec.resources.filter((r) => /^aws:(appmesh|servicediscovery)\/|^kubernetes:appmesh\.k8s\.aws\/|^aws:ec2\/vpcPeering|^cellmesh:(mesh|network|dns):/.test(r.type))
        .map((r) => `${r.type} ${r.name}`);
}

/** The controller role's four VPC Lattice statements of a stack in `account` whose Gateway names `networkArn`. */
function latticeStatements(account: string, networkArn: string): unknown[] {
    const prefix = `arn:aws:vpc-lattice:us-east-1:${account}`;
    return [
        {
            Sid: "LatticeResources", Effect: "Allow", Action: [...LATTICE_CONTROLLER_ACTIONS.scoped],
            Resource: ["service/*", "service/*/listener/*", "service/*/listener/*/rule/*", "targetgroup/*", "servicenetwork/*",
                "servicenetworkserviceassociation/*", "servicenetworkvpcassociation/*", "accesslogsubscription/*"].map((p) => `${prefix}:${p}`),
        },
        { Sid: "LatticeServiceAuthPolicies", Effect: "Allow", Action: [...LATTICE_CONTROLLER_ACTIONS.serviceAuthPolicies], Resource: `${prefix}:service/*` },
        { Sid: "LatticeServiceNetwork", Effect: "Allow", Action: [...LATTICE_CONTROLLER_ACTIONS.namedNetwork], Resource: networkArn },
        {
            Sid: "LatticeList", Effect: "Allow", Action: [...LATTICE_CONTROLLER_ACTIONS.unscopable], Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
        },
    ];
}

function controllerStatements(rec: Recording): { Sid: string }[] {
    return JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "lattice-role-policy").inputs.policy).Statement;
}

function depNames(rec: Recording, type: string, name: string): string[] {
    const byUrn = new Map(rec.resources.map((r) => [r.urn, r]));
    return rec.get(type, name).dependencies.map((u) => { const r = byUrn.get(u); return r ? `${r.type} ${r.name}` : u; }).sort();
}

describe("Lattice owner stack on EKS (examples/lattice-eks, acct1-lattice-eks)", () => {
    let rec: Recording;
    let outputs: any;
    let raw: Record<string, unknown>;
    before(async () => ({ recording: rec, outputs } = await runOnMocks(OWNER_LATTICE_EKS_WORLD, async () => {
        raw = await cellmeshProgram(ownerLatticeEksSample());
        return raw;
    })));

    it("creates exactly the owner's resources: no App Mesh, Cloud Map, peering or subnet share", () => {
        assert.deepEqual(rec.countsByType(), OWNER_LATTICE_EKS_SAMPLE_COUNTS);
        assert.deepEqual(appMeshPieces(rec), []);
        assert.deepEqual(rec.ofType(T.resAssoc).map((r) => r.name), ["mesh-share-network"], "only the service network is shared");
    });

    it("its own VPC (10.194.0.0/16) and cluster, as on App Mesh EKS", () => {
        assert.equal(rec.get("awsx:ec2:Vpc", "network").inputs.cidrBlock, "10.194.0.0/16");
        const cluster = rec.get("eks:index:Cluster", "cluster").inputs;
        assert.deepEqual([cluster.name, cluster.version, cluster.nodeAssociatePublicIpAddress, cluster.createOidcProvider], ["cellmesh-acct1-lattice-eks", "1.33", false, true]);
    });

    it("the service network (AWS_IAM, auth policy for the mesh's accounts), shared in the organization, and the cluster VPC's association", () => {
        assert.deepEqual(rec.get(T.network, "mesh-network").inputs, { name: "multiaccountmeshdemo-eks", authType: "AWS_IAM" });
        assert.deepEqual(JSON.parse(rec.get(T.auth, "mesh-auth").inputs.policy).Statement[0].Condition,
            { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111111111111", "222222222222"] } });
        assert.deepEqual(rec.get(T.share, "mesh-share").inputs, { name: "mesh-share", allowExternalPrincipals: false });
        assert.deepEqual(rec.get(T.vpcAssoc, "mesh-cluster-vpc").inputs, { serviceNetworkIdentifier: NETWORK_ARN, vpcIdentifier: "vpc-0123456789abcdef0" });
    });

    it("the AWS Gateway API Controller: CRDs v1.5.0, then the OCI chart v2.1.3 with IRSA and the cluster's values, then the GatewayClass", () => {
        assert.equal(rec.get(T.crds, "lattice-crds").inputs.file, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/standard-install.yaml");
        const release = rec.get(T.release, "lattice-chart");
        assert.equal(release.inputs.chart, "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart");
        assert.equal(release.inputs.version, "v2.1.3");
        assert.equal(release.inputs.namespace, "aws-application-networking-system");
        assert.deepEqual(release.inputs.values, {
            serviceAccount: { create: true, name: "gateway-api-controller", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam:us-east-1:111111111111:role/lattice-role-mock" } },
            awsRegion: "us-east-1", awsAccountId: "111111111111", clusterVpcId: "vpc-0123456789abcdef0", clusterName: "cellmesh-acct1-lattice-eks",
        });
        assert.equal(rec.providerOf(release)?.name, "cluster");
        assert.ok(depNames(rec, T.release, "lattice-chart").includes(`${T.crds} lattice-crds`));
        assert.deepEqual(depNames(rec, T.gatewayClass, "lattice-class"), [`${T.crds} lattice-crds`, `${T.release} lattice-chart`].sort());
        const trust = JSON.parse(rec.get("aws:iam/role:Role", "lattice-role").inputs.assumeRolePolicy).Statement[0];
        assert.equal(trust.Condition.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111:sub"], "system:serviceaccount:aws-application-networking-system:gateway-api-controller");
    });

    it("the controller's role: its Lattice calls on this account's Lattice resources, a read of its network by ARN, the List calls on \"*\"; no service associations", () => {
        const statements = controllerStatements(rec);
        assert.deepEqual(statements.map((st) => st.Sid), ["LatticeResources", "LatticeServiceAuthPolicies", "LatticeServiceNetwork", "LatticeList", "Ec2Describe", "Tagging", "LatticeServiceLinkedRole"]);
        assert.deepEqual(statements.slice(0, 4), latticeStatements("111111111111", NETWORK_ARN));
        assert.ok(!JSON.stringify(statements).includes("CreateServiceNetworkServiceAssociation"), "Pulumi associates the services");
    });

    it("the app namespace carries no App Mesh labels", () => {
        assert.deepEqual(rec.get(T.namespace, "apps").inputs.metadata, { name: "cellmesh" });
    });

    it("the Gateway carries the network's name, is standalone, listens on the services' port, and waits for the VPC association, the controller and the namespace", () => {
        const gateway = rec.get(T.gateway, "lattice-gateway");
        assert.deepEqual(gateway.inputs.metadata, { name: "multiaccountmeshdemo-eks", namespace: "cellmesh", annotations: { "application-networking.k8s.aws/standalone": "true" } });
        assert.deepEqual(gateway.inputs.spec, {
            gatewayClassName: "amazon-vpc-lattice",
            listeners: [{ name: "http-5001", protocol: "HTTP", port: 5001, allowedRoutes: { namespaces: { from: "Same" } } }],
        });
        assert.deepEqual(depNames(rec, T.gateway, "lattice-gateway"), [
            `${T.vpcAssoc} mesh-cluster-vpc`, `${T.crds} lattice-crds`, `${T.release} lattice-chart`, `${T.gatewayClass} lattice-class`, `${T.namespace} apps`,
        ].sort());
    });

    it("serviceb: one HTTPRoute with its hostname, the port's listener, and the cell weights; one ClusterIP Service per cell; after the Gateway", () => {
        const route = rec.get(T.route, "serviceb-route");
        // Created only once the controller has written the Lattice service's DNS name on it; standalone:
        // the controller creates no association (Pulumi's is by the network's ARN, below).
        assert.equal(route.inputs.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.metadata.annotations.application-networking\\.k8s\\.aws/lattice-assigned-domain-name}");
        assert.deepEqual(route.inputs.metadata, { name: "serviceb", namespace: "cellmesh", annotations: { ...routeAwaitAnnotations(), "application-networking.k8s.aws/standalone": "true" } });
        assert.deepEqual(route.inputs.spec, {
            parentRefs: [{ name: "multiaccountmeshdemo-eks", sectionName: "http-5001" }],
            hostnames: ["serviceb.internal-domain1.com"],
            rules: [{ backendRefs: [
                { name: "serviceb-cell1", kind: "Service", port: 5001, weight: 50 },
                { name: "serviceb-cell2", kind: "Service", port: 5001, weight: 50 },
            ] }],
        });
        assert.ok(depNames(rec, T.route, "serviceb-route").includes(`${T.gateway} lattice-gateway`));
        assert.deepEqual(rec.get(T.service, "serviceb-cell1").inputs.spec, {
            type: "ClusterIP", selector: { "app.kubernetes.io/name": "serviceb", "cellmesh.io/cell": "cell1" },
            ports: [{ name: "http", port: 5001, targetPort: 5001, protocol: "TCP" }],
        });
        assert.deepEqual(depNames(rec, T.service, "serviceb-cell1"), [`${T.namespace} apps`]);
    });

    it("each service joins its own network through Pulumi, by the network's ARN, after its route (the controller associates none)", () => {
        assert.deepEqual(rec.ofType(T.svcAssoc).map((r) => [r.name, r.inputs]), [
            ["servicea-association", { serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-servicea-cellmesh", serviceNetworkIdentifier: NETWORK_ARN }],
            ["serviceb-association", { serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-serviceb-cellmesh", serviceNetworkIdentifier: NETWORK_ARN }],
        ]);
        assert.deepEqual(depNames(rec, T.svcAssoc, "serviceb-association"), [`${T.network} mesh-network`, `${T.route} serviceb-route`]);
    });

    it("serviceb's target groups: a TargetGroupPolicy per cell Service (HTTP1, the sample's /health check), after the namespace and the controller's release; the route after them", () => {
        assert.deepEqual(rec.get(T.tgp, "serviceb-cell1-tgp").inputs, {
            apiVersion: "application-networking.k8s.aws/v1alpha1",
            kind: "TargetGroupPolicy",
            metadata: { name: "serviceb-cell1", namespace: "cellmesh" },
            spec: {
                targetRef: { group: "", kind: "Service", name: "serviceb-cell1" },
                protocol: "HTTP",
                protocolVersion: "HTTP1",
                healthCheck: {
                    enabled: true, intervalSeconds: 5, timeoutSeconds: 2, healthyThresholdCount: 2, unhealthyThresholdCount: 2,
                    path: "/health", protocol: "HTTP", protocolVersion: "HTTP1", statusMatch: "200",
                },
            },
        });
        assert.equal(rec.providerOf(rec.get(T.tgp, "serviceb-cell1-tgp"))?.name, "cluster");
        assert.deepEqual(depNames(rec, T.tgp, "serviceb-cell1-tgp"), [`${T.namespace} apps`, `${T.release} lattice-chart`]);
        const routeDeps = depNames(rec, T.route, "serviceb-route");
        for (const cell of ["cell1", "cell2"]) assert.ok(routeDeps.includes(`${T.tgp} serviceb-${cell}-tgp`), cell);
    });

    it("each service's auth policy: an IAMAuthPolicy on its HTTPRoute with the network's callers (as on ECS), after the route and the release", () => {
        assert.deepEqual(rec.get(T.iap, "serviceb-auth").inputs, {
            apiVersion: "application-networking.k8s.aws/v1alpha1",
            kind: "IAMAuthPolicy",
            metadata: { name: "serviceb", namespace: "cellmesh" },
            spec: {
                targetRef: { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "serviceb" },
                policy: authPolicy(["111111111111", "222222222222"]),
            },
        });
        assert.equal(rec.get(T.iap, "serviceb-auth").inputs.spec.policy, rec.get(T.auth, "mesh-auth").inputs.policy, "the same document as the network's");
        assert.deepEqual(rec.ofType(T.iap).map((r) => r.inputs.spec.targetRef.name).sort(), ["servicea", "serviceb"]);
        assert.deepEqual(depNames(rec, T.iap, "serviceb-auth"), [`${T.route} serviceb-route`, `${T.release} lattice-chart`].sort());
    });

    it("every TargetGroupPolicy and IAMAuthPolicy is valid against the controller's CRDs (unknown fields are errors)", () => {
        assert.deepEqual(policySchemaErrors(rec), {
            "servicea-cell1-tgp": [], "servicea-cell2-tgp": [], "serviceb-cell1-tgp": [], "serviceb-cell2-tgp": [], "servicea-auth": [], "serviceb-auth": [],
        });
    });

    it("an http2 service with its own health check: HTTP2 target groups with that check, still an HTTPRoute", async () => {
        const services = JSON.parse(JSON.stringify(rawLatticeEksSample("acct1-lattice-eks")["cellmesh:services"]));
        services.serviceb = {
            ...services.serviceb, protocol: "http2", image: "example.com/h2:1.0",
            healthCheck: { path: "/ready", intervalMs: 10000, timeoutMs: 3000, healthyThreshold: 3, unhealthyThreshold: 4 },
        };
        const { recording } = await runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({ "cellmesh:services": services })));
        assert.deepEqual(recording.get(T.tgp, "serviceb-cell2-tgp").inputs.spec, {
            targetRef: { group: "", kind: "Service", name: "serviceb-cell2" },
            protocol: "HTTP",
            protocolVersion: "HTTP2",
            healthCheck: {
                enabled: true, intervalSeconds: 10, timeoutSeconds: 3, healthyThresholdCount: 3, unhealthyThresholdCount: 4,
                path: "/ready", protocol: "HTTP", protocolVersion: "HTTP2", statusMatch: "200",
            },
        });
        assert.equal(recording.get(T.tgp, "servicea-cell1-tgp").inputs.spec.protocolVersion, "HTTP1");
        assert.equal(recording.ofType(T.route).length, 2);
        assert.deepEqual(Object.values(policySchemaErrors(recording)).flat(), []);
    });

    it("cell pods: the app alone (no Envoy injection, no virtual node), calling servicex by the same name as on App Mesh", () => {
        const d = rec.get(T.deployment, "serviceb-cell1");
        assert.deepEqual(d.inputs.metadata, { name: "serviceb-cell1", namespace: "cellmesh", labels: { "app.kubernetes.io/name": "serviceb", "cellmesh.io/cell": "cell1" } });
        const pod = d.inputs.spec.template.spec;
        assert.deepEqual(pod.containers.map((c: any) => c.name), ["app"]);
        assert.equal(pod.serviceAccountName, undefined);
        assert.deepEqual(pod.containers[0].env, [
            { name: "SERVICE_NAME", value: "serviceb" }, { name: "CELL_NAME", value: "cell1" }, { name: "PORT", value: "5001" },
            { name: "BACKENDS", value: "http://servicex.internal-domain2.com:5001" },
        ]);
        assert.deepEqual(depNames(rec, T.deployment, "serviceb-cell1"), [`${T.namespace} apps`]);
    });

    it("the node security group admits the service port from the VPC Lattice prefix list (and from the ALB's group, below)", () => {
        assert.deepEqual(latticeNodeRules(rec).map((r) => r.inputs), [{
            securityGroupId: "sg-nodes-111111111111", prefixListId: "pl-vpc-lattice", ipProtocol: "tcp", fromPort: 5001, toPort: 5001,
            description: "VPC Lattice to pods on TCP 5001",
        }]);
    });

    it("DNS: the zone on the owner's VPC; each name an alias to the Lattice service read back after its HTTPRoute", () => {
        assert.deepEqual(rec.get(T.zone, "namespace-zone").inputs.vpcs, [{ vpcId: "vpc-0123456789abcdef0" }]);
        assert.deepEqual(rec.get(T.record, "serviceb-dns").inputs, {
            zoneId: "Z-namespace-zone", name: "serviceb.internal-domain1.com", type: "A",
            aliases: [{ name: "serviceb-cellmesh-svc-serviceb-cellmesh.7d67968.vpc-lattice-svcs.us-east-1.on.aws", zoneId: "Z-LATTICE-SVCS", evaluateTargetHealth: false }],
        });
        // The look-up's dependsOn reaches the record: it is read only once the route is applied.
        assert.ok(depNames(rec, T.record, "serviceb-dns").includes(`${T.route} serviceb-route`));
    });

    it("the AWS Load Balancer Controller (only because servicea has ingress): eks-charts chart 3.6.0 in kube-system with IRSA, on the cluster's provider", () => {
        const release = rec.get(T.release, "lbc-chart");
        const { compat: _compat, values, ...rest } = release.inputs;
        assert.deepEqual(rest, {
            name: "aws-load-balancer-controller", chart: "aws-load-balancer-controller", version: "3.6.0",
            repositoryOpts: { repo: "https://aws.github.io/eks-charts" }, namespace: "kube-system",
        });
        assert.deepEqual(values, {
            clusterName: "cellmesh-acct1-lattice-eks", region: "us-east-1", vpcId: "vpc-0123456789abcdef0",
            serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam:us-east-1:111111111111:role/lbc-role-mock" } },
            enableServiceMutatorWebhook: false, createIngressClassResource: false, enableShield: false, enableWaf: false, enableWafv2: false,
            enableBackendSecurityGroup: false, watchNamespace: "cellmesh",
            controllerConfig: { featureGates: { ALBGatewayAPI: false, NLBGatewayAPI: false } },
        });
        assert.equal(rec.providerOf(release)?.name, "cluster");
        // Values from the cluster (name), the VPC (id) and the role (ARN); the role's policy explicitly.
        assert.deepEqual(depNames(rec, T.release, "lbc-chart"), [`${T.role} lbc-role`, `${T.policy} lbc-role-policy`, "awsx:ec2:Vpc network", "eks:index:Cluster cluster"]);
        const trust = JSON.parse(rec.get(T.role, "lbc-role").inputs.assumeRolePolicy).Statement;
        assert.deepEqual(trust, [{
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: {
                "oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller",
                "oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111:aud": "sts.amazonaws.com",
            } },
        }]);
    });

    it("the controller's IAM: ELB and EC2 describe calls region-bound on *, target registration on exactly servicea's two target groups", () => {
        const region = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };
        assert.deepEqual(JSON.parse(rec.get(T.policy, "lbc-role-policy").inputs.policy).Statement, [
            { Sid: "ElbDescribe", Effect: "Allow", Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"], Resource: "*", Condition: region },
            { Sid: "Ec2Describe", Effect: "Allow", Action: ["ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"], Resource: "*", Condition: region },
        ]);
        assert.deepEqual(JSON.parse(rec.get(T.policy, "lbc-servicea-targets").inputs.policy).Statement, [{
            Sid: "RegisterCellTargets", Effect: "Allow",
            Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
            Resource: [TG("cell1"), TG("cell2")],
        }]);
        assert.deepEqual(rec.ofType(T.policy).map((r) => r.inputs.role).sort(), ["lattice-role-id", "lbc-role-id", "lbc-role-id"]);
        // The pack finds nothing on this role, the ALB, its rules or the bindings: whatever it reports is on
        // the Gateway API Controller's policy (its vpc-lattice:*, asserted in tests/policy/samples.test.ts).
        assert.deepEqual(runCellmeshPack(rec.resources).filter((v) => v.resource !== "aws:iam/rolePolicy:RolePolicy::lattice-role-policy"), []);
    });

    it("servicea's public entry: an internet-facing ALB in the owner VPC's public subnets, one ip target group per cell, forwarding by the cell weights", () => {
        const alb = rec.get(T.alb, "servicea-ingress-alb").inputs;
        assert.deepEqual([alb.loadBalancerType, alb.internal, alb.subnets, alb.securityGroups], ["application", false, ["subnet-public-a", "subnet-public-b"], ["servicea-ingress-sg-id"]]);
        for (const cell of ["cell1", "cell2"]) {
            const tg = rec.get(T.targetGroup, `servicea-ingress-${cell}`).inputs;
            assert.deepEqual([tg.targetType, tg.port, tg.protocol, tg.vpcId, tg.healthCheck.path], ["ip", 5001, "HTTP", "vpc-0123456789abcdef0", "/health"]);
        }
        assert.deepEqual(rec.get(T.listener, "servicea-ingress-listener").inputs.defaultActions, [{
            type: "forward", forward: { targetGroups: [{ arn: TG("cell1"), weight: 50 }, { arn: TG("cell2"), weight: 50 }] },
        }]);
        assert.equal(rec.get("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "servicea-ingress-out").inputs.cidrIpv4, "10.194.0.0/16");
        assert.equal(rec.ofType(T.service).filter((r) => r.inputs.spec.type === "LoadBalancer").length, 0, "no LoadBalancer Service any more");
    });

    it("per cell a TargetGroupBinding in the app namespace: the cell's ClusterIP Service to its target group, after the controller and its permission", () => {
        for (const cell of ["cell1", "cell2"]) {
            assert.deepEqual(rec.get(T.binding, `servicea-${cell}-binding`).inputs, {
                apiVersion: "elbv2.k8s.aws/v1beta1", kind: "TargetGroupBinding",
                metadata: { name: `servicea-${cell}`, namespace: "cellmesh" },
                spec: { serviceRef: { name: `servicea-${cell}`, port: 5001 }, targetGroupARN: TG(cell), targetType: "ip", ipAddressType: "ipv4", vpcID: "vpc-0123456789abcdef0" },
            });
            const deps = depNames(rec, T.binding, `servicea-${cell}-binding`);
            for (const d of [`${T.release} lbc-chart`, `${T.policy} lbc-servicea-targets`, `${T.service} servicea-${cell}`]) assert.ok(deps.includes(d), `${cell}: ${d} not in ${deps.join(", ")}`);
            assert.equal(rec.providerOf(rec.get(T.binding, `servicea-${cell}-binding`))?.name, "cluster");
        }
        assert.deepEqual(rec.ofType(T.binding).map((r) => r.name).sort(), ["servicea-cell1-binding", "servicea-cell2-binding"], "serviceb has no ingress, no binding");
    });

    it("the node security group admits servicea's port from the ALB's security group only", () => {
        assert.deepEqual(rec.get(T.sgIn, "servicea-ingress-pods").inputs, {
            securityGroupId: "sg-nodes-111111111111", referencedSecurityGroupId: "servicea-ingress-sg-id", ipProtocol: "tcp", fromPort: 5001, toPort: 5001,
            description: "public ALB to servicea pods on TCP 5001",
        });
    });

    it("exports what consumers read (the consumer tests' fixture is exactly this), the names, weights and the kubeconfig as a secret", async () => {
        assert.deepEqual(outputs, {
            ...OWNER_LATTICE_EKS_OUTPUTS,
            customDomainNames: { servicea: "servicea.internal-domain1.com", serviceb: "serviceb.internal-domain1.com" },
            latticeServiceNames: { servicea: "servicea-cellmesh", serviceb: "serviceb-cellmesh" },
            latticeDnsNames: {
                servicea: "servicea-cellmesh-svc-servicea-cellmesh.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
                serviceb: "serviceb-cellmesh-svc-serviceb-cellmesh.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
            },
            serviceArns: {
                servicea: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-servicea-cellmesh",
                serviceb: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-serviceb-cellmesh",
            },
            ingressUrls: { servicea: "http://servicea-ingress-alb.elb.amazonaws.com" },
            clusterName: "cellmesh-acct1-lattice-eks",
            kubeconfig: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: "cellmesh-acct1-lattice-eks" }] }),
            weights: { servicea: { cell1: 50, cell2: 50 }, serviceb: { cell1: 50, cell2: 50 } },
            // The Lattice target groups are the controller's (the gate finds them by their tags); the ALB's are ours.
            cellTargets: { servicea: { cell1: { loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", albTargetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell1-mock" }, cell2: { loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", albTargetGroupArn: "arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-cell2-mock" } }, serviceb: { cell1: {}, cell2: {} } },
        });
        assert.equal(await pulumi.isSecret(raw.kubeconfig as pulumi.Output<string>), true);
    });

    it("cell pinning: path pins, then header pins, then the weighted rule", async () => {
        const services = JSON.parse(JSON.stringify(rawLatticeEksSample("acct1-lattice-eks")["cellmesh:services"]));
        services.serviceb.cellPinning = { header: "x-cell", paths: { cell2: "/canary" } };
        const { recording } = await runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({ "cellmesh:services": services })));
        const only = (cell: string) => [{ name: `serviceb-${cell}`, kind: "Service", port: 5001 }];
        assert.deepEqual(recording.get(T.route, "serviceb-route").inputs.spec.rules, [
            { matches: [{ path: { type: "PathPrefix", value: "/canary" } }], backendRefs: only("cell2") },
            { matches: [{ headers: [{ type: "Exact", name: "x-cell", value: "cell1" }] }], backendRefs: only("cell1") },
            { matches: [{ headers: [{ type: "Exact", name: "x-cell", value: "cell2" }] }], backendRefs: only("cell2") },
            { backendRefs: [{ ...only("cell1")[0], weight: 50 }, { ...only("cell2")[0], weight: 50 }] },
        ]);
    });

    it("services on two ports: one Gateway listener and one node rule per port, each route on its own port's listener", async () => {
        const services = JSON.parse(JSON.stringify(rawLatticeEksSample("acct1-lattice-eks")["cellmesh:services"]));
        services.serviceb.port = 8080;
        const { recording } = await runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({ "cellmesh:services": services })));
        assert.deepEqual(recording.get(T.gateway, "lattice-gateway").inputs.spec.listeners.map((l: any) => [l.name, l.port]), [["http-5001", 5001], ["http-8080", 8080]]);
        assert.deepEqual(recording.get(T.route, "serviceb-route").inputs.spec.parentRefs, [{ name: "multiaccountmeshdemo-eks", sectionName: "http-8080" }]);
        assert.deepEqual(recording.get(T.route, "servicea-route").inputs.spec.parentRefs, [{ name: "multiaccountmeshdemo-eks", sectionName: "http-5001" }]);
        assert.deepEqual(latticeNodeRules(recording).map((r) => r.inputs.fromPort), [5001, 8080]);
        // servicea dials serviceb on serviceb's own port.
        const env = recording.get(T.deployment, "servicea-cell1").inputs.spec.template.spec.containers[0].env;
        assert.equal(env.find((e: any) => e.name === "BACKENDS").value, "http://serviceb.internal-domain1.com:8080");
    });
    it("with cellmesh:albCertificateArn and cellmesh:albAccessLogs: HTTPS on 443 with the weighted forward, port 80 redirects, access logs, an https URL", async () => {
        const { recording, outputs: out } = await runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({
            "cellmesh:albCertificateArn": SECURITY.albCertificate, "cellmesh:albAccessLogs": SECURITY.accessLogs,
        })));
        const https = recording.get(T.listener, "servicea-ingress-https").inputs;
        assert.deepEqual([https.port, https.protocol, https.certificateArn, https.sslPolicy], [443, "HTTPS", SECURITY.albCertificate, "ELBSecurityPolicy-TLS13-1-2-2021-06"]);
        assert.deepEqual(https.defaultActions, [{ type: "forward", forward: { targetGroups: [{ arn: TG("cell1"), weight: 50 }, { arn: TG("cell2"), weight: 50 }] } }]);
        assert.deepEqual(recording.get(T.listener, "servicea-ingress-listener").inputs.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        assert.deepEqual(recording.get(T.alb, "servicea-ingress-alb").inputs.accessLogs, { bucket: "acme-alb-logs", enabled: true, prefix: "cellmesh/acct1" });
        assert.deepEqual(out.ingressUrls, { servicea: "https://servicea-ingress-alb.elb.amazonaws.com" });
        // The bindings do not depend on the listeners: they keep the same target groups.
        assert.equal(recording.ofType(T.binding).length, 2);
        // HTTPS and access logs satisfy the pack's ALB rules; nothing but the Gateway API Controller's policy is reported.
        assert.deepEqual(runCellmeshPack(recording.resources).filter((v) => v.resource !== "aws:iam/rolePolicy:RolePolicy::lattice-role-policy"), []);
    });

    it("an owner without an ingress service installs no AWS Load Balancer Controller and builds no ALB", async () => {
        const services = JSON.parse(JSON.stringify(rawLatticeEksSample("acct1-lattice-eks")["cellmesh:services"]));
        services.servicea.ingress = false;
        const { recording, outputs: out } = await runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({ "cellmesh:services": services })));
        for (const t of [T.lbc, T.alb, T.binding, T.targetGroup]) assert.equal(recording.ofType(t).length, 0, t);
        assert.deepEqual(recording.ofType(T.release).map((r) => r.name), ["lattice-chart"]);
        assert.deepEqual(out.ingressUrls, {});
    });
});

describe("Lattice consumer stack on EKS (examples/lattice-eks, acct2-lattice-eks)", () => {
    let rec: Recording;
    let outputs: any;
    before(async () => ({ recording: rec, outputs } = await runOnMocks(CONSUMER_LATTICE_EKS_WORLD, () => cellmeshProgram(consumerLatticeEksSample()))));

    it("creates exactly the consumer's resources: no network of its own, no peering, no App Mesh", () => {
        assert.deepEqual(rec.countsByType(), CONSUMER_LATTICE_EKS_SAMPLE_COUNTS);
        assert.equal(rec.ofType(T.network).length, 0);
        assert.deepEqual(appMeshPieces(rec), []);
        assert.equal(rec.get("pulumi:pulumi:StackReference", "owner").inputs.name, OWNER_REF);
        assert.equal(rec.get("awsx:ec2:Vpc", "network").inputs.cidrBlock, "10.195.0.0/16");
        for (const t of [T.lbc, T.alb, T.binding]) assert.equal(rec.ofType(t).length, 0, `${t}: no ingress in a consumer`);
        assert.deepEqual(rec.ofType(T.release).map((r) => r.name), ["lattice-chart"], "no AWS Load Balancer Controller");
    });

    it("its cluster VPC joins the owner's network by ARN; its Gateway carries the network's name (not its sn- id), standalone, after that association", () => {
        assert.deepEqual(rec.get(T.vpcAssoc, "mesh-cluster-vpc").inputs, { serviceNetworkIdentifier: NETWORK_ARN, vpcIdentifier: "vpc-0123456789abcdef0" });
        assert.equal(rec.providerOf(rec.get(T.vpcAssoc, "mesh-cluster-vpc")), undefined, "created with the consumer's own credentials");
        // The controller compares a service's associations by network name (associationsDiff, v2.1.3):
        // an id-named Gateway would re-create the association on every reconcile and stop before listeners and rules.
        assert.deepEqual(rec.get(T.gateway, "lattice-gateway").inputs.metadata, { name: "multiaccountmeshdemo-eks", namespace: "cellmesh", annotations: { "application-networking.k8s.aws/standalone": "true" } });
        assert.equal(rec.get(T.route, "servicex-route").inputs.spec.parentRefs[0].name, "multiaccountmeshdemo-eks");
        assert.equal(rec.get(T.route, "servicex-route").inputs.metadata.annotations["application-networking.k8s.aws/standalone"], "true");
        assert.ok(depNames(rec, T.gateway, "lattice-gateway").includes(`${T.vpcAssoc} mesh-cluster-vpc`));
        assert.equal(rec.get(T.release, "lattice-chart").inputs.values.awsAccountId, "222222222222");
    });

    it("servicex joins the owner's network (another account's) through Pulumi, by the network's ARN, with this account's credentials, after its route", () => {
        const association = rec.get(T.svcAssoc, "servicex-association");
        assert.equal(association.inputs.tags, undefined, "no application-networking.k8s.aws/ManagedBy tag: the controller leaves untagged associations alone");
        assert.deepEqual(association.inputs, { serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-servicex-cellmesh", serviceNetworkIdentifier: NETWORK_ARN });
        assert.match(NETWORK_ARN, /^arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork\//, "the owner's account");
        assert.equal(rec.providerOf(association), undefined, "the consumer owns the service: CreateServiceNetworkServiceAssociation needs the caller to own the service or the network");
        assert.deepEqual(depNames(rec, T.svcAssoc, "servicex-association"), [`${T.route} servicex-route`, "pulumi:pulumi:StackReference owner"]);
    });

    it("refuses an owner that exports no serviceNetworkName (the name its Gateway must carry)", async () => {
        const { serviceNetworkName: _name, ...legacy } = CONSUMER_LATTICE_EKS_WORLD.stackOutputs[OWNER_REF];
        const world: MockWorld = { ...CONSUMER_LATTICE_EKS_WORLD, stackOutputs: { [OWNER_REF]: legacy } };
        await assert.rejects(runOnMocks(world, () => cellmeshProgram(consumerLatticeEksSample())), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.deepEqual(e.problems, [`cellmesh:ownerStack = "${OWNER_REF}": the owner stack exports no serviceNetworkName, which this stack's Gateway must carry (owners deployed before it was exported); update the owner first: npm run rollout -- --stacks acct1-lattice-eks`]);
            return true;
        });
    });

    it("the controller's role: its own account's Lattice resources; a read of the owner's network, by that network's ARN; no service associations", () => {
        const statements = controllerStatements(rec);
        assert.deepEqual(statements.map((st) => st.Sid), ["LatticeResources", "LatticeServiceAuthPolicies", "LatticeServiceNetwork", "LatticeList", "Ec2Describe", "Tagging", "LatticeServiceLinkedRole"]);
        assert.deepEqual(statements.slice(0, 4), latticeStatements("222222222222", NETWORK_ARN));
        assert.match(NETWORK_ARN, /^arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork\//, "the owner's account");
        assert.ok(!JSON.stringify(statements).includes("CreateServiceNetworkServiceAssociation"), "Pulumi associates the services");
    });

    it("servicex: its TargetGroupPolicies, and an IAMAuthPolicy admitting the owner's VPCs and its own (as the ECS consumer's services)", () => {
        assert.deepEqual(rec.ofType(T.tgp).map((r) => r.inputs.spec.targetRef.name), ["servicex-cell1", "servicex-cell2"]);
        assert.deepEqual(rec.get(T.iap, "servicex-auth").inputs.spec, {
            targetRef: { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "servicex" },
            policy: authPolicy(["111111111111", "222222222222"]),
        });
        // The owner's account id is read from the stack reference.
        assert.deepEqual(depNames(rec, T.iap, "servicex-auth"), [`${T.route} servicex-route`, `${T.release} lattice-chart`, "pulumi:pulumi:StackReference owner"].sort());
        assert.deepEqual(policySchemaErrors(rec), { "servicex-cell1-tgp": [], "servicex-cell2-tgp": [], "servicex-auth": [] });
    });

    it("servicex: its HTTPRoute with the cell weights, and its alias in its own zone", () => {
        assert.deepEqual(rec.get(T.route, "servicex-route").inputs.spec.rules, [{ backendRefs: [
            { name: "servicex-cell1", kind: "Service", port: 5001, weight: 50 },
            { name: "servicex-cell2", kind: "Service", port: 5001, weight: 50 },
        ] }]);
        assert.deepEqual(rec.get(T.record, "servicex-dns").inputs.name, "servicex.internal-domain2.com");
        assert.equal(rec.get(T.record, "servicex-dns").inputs.zoneId, "Z-namespace-zone");
    });

    it("DNS both ways, each in two steps with two providers: its zone in the owner's VPC, the owner's zone in its VPC", () => {
        assert.deepEqual(rec.get(T.zone, "namespace-zone").inputs.vpcs, [{ vpcId: "vpc-0123456789abcdef0" }], "anchored on its own VPC, no placeholder");
        assert.equal(rec.ofType("aws:ec2/vpc:Vpc").length, 0);
        const ours = rec.get(T.authorization, "namespace-owner-vpc-authorization");
        assert.deepEqual(ours.inputs, { zoneId: "Z-namespace-zone", vpcId: "vpc-owner0000000000000", vpcRegion: "us-east-1" });
        assert.equal(ours.provider, undefined, "our zone's account authorizes");
        const ourAssoc = rec.get(T.zoneAssoc, "namespace-owner-vpc-association");
        assert.equal(rec.providerOf(ourAssoc)?.name, "owner-account", "the owner's VPC account associates");
        assert.ok(ourAssoc.dependencies.includes(ours.urn));

        const theirs = rec.get(T.authorization, "owner-namespace-authorization");
        assert.deepEqual(theirs.inputs, { zoneId: "Z-owner-zone", vpcId: "vpc-0123456789abcdef0", vpcRegion: "us-east-1" });
        assert.equal(rec.providerOf(theirs)?.name, "owner-account", "the owner's zone's account authorizes");
        const theirAssoc = rec.get(T.zoneAssoc, "owner-namespace-association");
        assert.equal(theirAssoc.provider, undefined, "our VPC's account associates");
        assert.ok(theirAssoc.dependencies.includes(theirs.urn));

        const provider = rec.get("pulumi:providers:aws", "owner-account");
        assert.deepEqual(JSON.parse(provider.inputs.allowedAccountIds), ["111111111111"]);
        assert.equal(provider.inputs.profile, "acct1");
        assert.deepEqual(depNames(rec, "cellmesh:lattice:EksCellService", "servicex"), [`${T.zoneAssoc} namespace-owner-vpc-association`, `${T.zoneAssoc} owner-namespace-association`]);
    });

    it("exports its names, the network it joined, the cluster and the weights", () => {
        assert.deepEqual(outputs, {
            engine: "lattice",
            compute: "eks",
            namespace: "internal-domain2.com",
            hostedZoneId: "Z-namespace-zone",
            vpcId: "vpc-0123456789abcdef0",
            vpcCidr: "10.195.0.0/16",
            serviceNetworkArn: NETWORK_ARN,
            customDomainNames: { servicex: "servicex.internal-domain2.com" },
            latticeServiceNames: { servicex: "servicex-cellmesh" },
            latticeDnsNames: { servicex: "servicex-cellmesh-svc-servicex-cellmesh.7d67968.vpc-lattice-svcs.us-east-1.on.aws" },
            serviceArns: { servicex: "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-servicex-cellmesh" },
            clusterName: "cellmesh-acct2-lattice-eks",
            kubeconfig: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: "cellmesh-acct2-lattice-eks" }] }),
            weights: { servicex: { cell1: 50, cell2: 50 } },
            cellTargets: { servicex: { cell1: {}, cell2: {} } },
        });
    });

    it("of an external share accepts it before its VPC joins the network", async () => {
        const world: MockWorld = { ...CONSUMER_LATTICE_EKS_WORLD, stackOutputs: { [OWNER_REF]: { ...CONSUMER_LATTICE_EKS_WORLD.stackOutputs[OWNER_REF], sharing: "external" } } };
        const { recording } = await runOnMocks(world, () => cellmeshProgram(consumerLatticeEksSample()));
        const accepter = recording.get(T.accepter, "mesh-accept");
        assert.equal(accepter.inputs.shareArn, OWNER_LATTICE_EKS_OUTPUTS.shareArn);
        assert.ok(recording.get(T.vpcAssoc, "mesh-cluster-vpc").dependencies.includes(accepter.urn));
    });

    it("a VPC CIDR that overlaps the owner's is accepted (no peering on Lattice)", async () => {
        const { recording } = await runOnMocks(CONSUMER_LATTICE_EKS_WORLD, () => cellmeshProgram(consumerLatticeEksSample({ "cellmesh:vpcCidr": "10.194.0.0/16" })));
        assert.equal(recording.get("awsx:ec2:Vpc", "network").inputs.cidrBlock, "10.194.0.0/16");
    });

    it("refuses a Lattice owner on ECS (one compute variant per mesh)", async () => {
        const world: MockWorld = { ...CONSUMER_LATTICE_EKS_WORLD, stackOutputs: { [OWNER_REF]: OWNER_LATTICE_OUTPUTS } };
        await assert.rejects(runOnMocks(world, () => cellmeshProgram(consumerLatticeEksSample())), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.deepEqual(e.problems, [`cellmesh:compute = "eks": the owner stack ${OWNER_REF} runs on ecs; every stack of a mesh uses the same compute variant`]);
            return true;
        });
    });
});

/** The Lattice EKS sample's raw config with one service's cells replaced. */
function withCells(stack: "acct1-lattice-eks" | "acct2-lattice-eks", service: string, cells: Record<string, number>): RawConfig {
    const raw = rawLatticeEksSample(stack);
    const services = JSON.parse(JSON.stringify(raw["cellmesh:services"])) as Record<string, Record<string, unknown>>;
    services[service].cells = cells;
    return { ...raw, "cellmesh:services": services };
}

describe("Lattice stacks on EKS: a weight change", () => {
    const owner = (service: string, cells: Record<string, number>) =>
        runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample(withCells("acct1-lattice-eks", service, cells))));

    it("of serviceb touches only serviceb's HTTPRoute", async () => {
        const base = await owner("serviceb", { cell1: 50, cell2: 50 });
        const shifted = await owner("serviceb", { cell1: 0, cell2: 999 });
        assert.deepEqual(changed(base.recording, shifted.recording), [`${T.route} serviceb-route`]);
        assert.deepEqual(shifted.recording.get(T.route, "serviceb-route").inputs.spec.rules[0].backendRefs.map((b: any) => b.weight), [0, 999]);
    });

    it("of the entry service touches only its HTTPRoute and its ALB listener (the target groups and bindings stay)", async () => {
        const base = await owner("servicea", { cell1: 50, cell2: 50 });
        const shifted = await owner("servicea", { cell1: 90, cell2: 10 });
        assert.deepEqual(changed(base.recording, shifted.recording), [`${T.listener} servicea-ingress-listener`, `${T.route} servicea-route`]);
        assert.deepEqual(shifted.recording.get(T.listener, "servicea-ingress-listener").inputs.defaultActions[0].forward.targetGroups,
            [{ arn: TG("cell1"), weight: 90 }, { arn: TG("cell2"), weight: 10 }]);
        assert.deepEqual(shifted.recording.get(T.route, "servicea-route").inputs.spec.rules[0].backendRefs.map((b: any) => b.weight), [90, 10]);
    });

    it("of the entry service with HTTPS touches only its HTTPRoute and the HTTPS listener (port 80 only redirects)", async () => {
        const https = (cells: Record<string, number>) => runOnMocks(OWNER_LATTICE_EKS_WORLD, () =>
            cellmeshProgram(ownerLatticeEksSample({ ...withCells("acct1-lattice-eks", "servicea", cells), "cellmesh:albCertificateArn": SECURITY.albCertificate })));
        const base = await https({ cell1: 50, cell2: 50 });
        const shifted = await https({ cell1: 0, cell2: 999 });
        assert.deepEqual(changed(base.recording, shifted.recording), [`${T.listener} servicea-ingress-https`, `${T.route} servicea-route`]);
    });

    it("of a health check touches only that service's TargetGroupPolicies", async () => {
        const withCheck = (intervalMs: number) => {
            const raw = rawLatticeEksSample("acct1-lattice-eks");
            const services = JSON.parse(JSON.stringify(raw["cellmesh:services"]));
            services.serviceb.healthCheck = { intervalMs };
            return runOnMocks(OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({ "cellmesh:services": services })));
        };
        const base = await withCheck(5000);
        const slower = await withCheck(30000);
        assert.deepEqual(changed(base.recording, slower.recording), [`${T.tgp} serviceb-cell1-tgp`, `${T.tgp} serviceb-cell2-tgp`]);
    });

    it("of the consumer's servicex touches only its HTTPRoute", async () => {
        const consumer = (cells: Record<string, number>) =>
            runOnMocks(CONSUMER_LATTICE_EKS_WORLD, () => cellmeshProgram(consumerLatticeEksSample(withCells("acct2-lattice-eks", "servicex", cells))));
        const base = await consumer({ cell1: 50, cell2: 50 });
        const shifted = await consumer({ cell1: 100, cell2: 0 });
        assert.deepEqual(changed(base.recording, shifted.recording), [`${T.route} servicex-route`]);
    });
});
