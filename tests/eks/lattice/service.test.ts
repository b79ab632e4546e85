// LatticeEksService on the mock runtime, on its own: the cell Deployments without Envoy, the route,
// the service's IAMAuthPolicy after the route, the alias record read back after the route, the
// weighted public ALB with one TargetGroupBinding per cell and the pods' security group rule, and
// its guards.

import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { LatticeAccess } from "../../../components/lattice/authPolicy";
import { LATTICE_EKS_LACKS } from "../../../components/eks/lattice/latticePolicies";
import { DEFAULT_TRAFFIC } from "../../../components/trafficPolicy";
import { crdErrors } from "../../crdSchemas";
import { LatticeEksIngress, LatticeEksService, LatticeEksServiceArgs } from "../../../components/eks/lattice/latticeEksService";
import { AwsLoadBalancerController } from "../../../components/eks/lattice/loadBalancerController";
import { Recording, runOnMocks } from "../../harness";
import { GW, ISSUER, LP, OIDC_PROVIDER_ARN, WORLD, clusterProvider } from "./fixtures";

const T = {
    binding: "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
    service: "kubernetes:core/v1:Service",
    svcAssoc: "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
};
/** A network of another account (a consumer's view of the owner's). */
const NETWORK_ARN = "arn:aws:vpc-lattice:us-east-1:999999999999:servicenetwork/sn-0123456789abcdef0";
const tgArn = (cell: string) => `arn:aws:lb:us-east-1:111111111111:targetGroup/servicea-ingress-${cell}-mock`;

function args(provider: k8s.Provider, extra: Partial<LatticeEksServiceArgs> = {}): LatticeEksServiceArgs {
    const namespace = new k8s.core.v1.Namespace("apps", { metadata: { name: "cellmesh" } }, { provider });
    const chart = new k8s.helm.v3.Release("lattice-chart", { chart: "aws-gateway-controller-chart", version: "v2.1.3" }, { provider });
    return {
        provider, service: "servicea", namespace: "cellmesh", zone: { name: "internal-domain1.com", zoneId: "Z-zone" }, port: 5001,
        cells: [{ name: "cell1", weight: 3 }, { name: "cell2", weight: 1 }],
        backends: [{ name: "serviceb.internal-domain1.com", port: 5001 }],
        gateway: { name: "multiaccountmeshdemo", namespace: "cellmesh", listenerName: "http-5001" },
        namespaceReady: [namespace], routeReady: [], policyCrds: [chart],
        access: LatticeAccess.vpcOwners(["111111111111", "222222222222"]),
        serviceNetworkArn: NETWORK_ARN,
        ...extra,
    };
}

function ingress(provider: k8s.Provider): LatticeEksIngress {
    const controller = new AwsLoadBalancerController("lbc", {
        provider, region: "us-east-1", clusterName: "cellmesh-acct1-lattice-eks", vpcId: "vpc-0123456789abcdef0",
        oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuer: ISSUER, chartVersion: "3.6.0", watchNamespace: "cellmesh",
    });
    return LatticeEksIngress.weightedAlb({
        vpcId: "vpc-0123456789abcdef0", vpcCidr: "10.194.0.0/16", publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
        podSecurityGroupId: "sg-nodes", controller,
    });
}

describe("Lattice EKS: LatticeEksService", () => {
    let rec: Recording;
    let url: string | undefined;
    before(async () => {
        const { recording, outputs } = await runOnMocks(WORLD, () => {
            const provider = clusterProvider();
            const svc = new LatticeEksService("servicea", args(provider, { ingress: ingress(provider) }));
            return { url: svc.url };
        });
        rec = recording;
        url = outputs.url;
    });
    const depNames = (r: { dependencies: readonly string[] }) => {
        const byUrn = new Map(rec.resources.map((x) => [x.urn, x]));
        return r.dependencies.map((u) => { const x = byUrn.get(u); return x ? `${x.type} ${x.name}` : u; }).sort();
    };

    it("children: two Deployments, the route, the IAMAuthPolicy, the alias record, the weighted ALB, the pods' rule and one TargetGroupBinding per cell", () => {
        const parent = rec.get("cellmesh:eks:LatticeService", "servicea");
        assert.deepEqual(rec.childrenOf(parent).map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:route53/record:Record servicea-dns",
            `${T.sgIn} servicea-ingress-pods`,
            `${T.svcAssoc} servicea-association`,
            "cellmesh:eks:LatticeHttpRoute servicea",
            "cellmesh:ingress:WeightedAlb servicea-ingress",
            `${LP("IAMAuthPolicy")} servicea-auth`,
            "kubernetes:apps/v1:Deployment servicea-cell1",
            "kubernetes:apps/v1:Deployment servicea-cell2",
            `${T.binding} servicea-cell1-binding`,
            `${T.binding} servicea-cell2-binding`,
        ]);
        assert.deepEqual(rec.get(GW("HTTPRoute"), "servicea-route").inputs.spec.rules[0].backendRefs.map((b: any) => b.weight), [3, 1]);
        assert.equal(rec.ofType(T.service).filter((r) => r.inputs.spec.type === "LoadBalancer").length, 0, "no LoadBalancer Service");
    });

    it("joins the network itself, by the network's ARN (another account's here), after the route, untagged (the controller deletes only associations tagged as its own)", () => {
        const association = rec.get(T.svcAssoc, "servicea-association");
        assert.deepEqual(association.inputs, {
            serviceIdentifier: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-servicea-cellmesh",
            serviceNetworkIdentifier: NETWORK_ARN,
        });
        assert.equal(association.provider, undefined, "the stack's own account: it owns the service");
        assert.deepEqual(depNames(association), [`${GW("HTTPRoute")} servicea-route`]);
    });

    it("the HTTPRoute is standalone, so the controller associates its service with no network (Pulumi does)", () => {
        const route = rec.get(GW("HTTPRoute"), "servicea-route");
        assert.equal(route.inputs.metadata.annotations["application-networking.k8s.aws/standalone"], "true");
        assert.deepEqual(route.inputs.spec.parentRefs, [{ name: "multiaccountmeshdemo", sectionName: "http-5001" }]);
    });

    it("the IAMAuthPolicy: on the service's HTTPRoute, with the ECS variant's document (unsigned callers from VPCs of the given accounts)", () => {
        const auth = rec.get(LP("IAMAuthPolicy"), "servicea-auth");
        assert.deepEqual(auth.inputs, {
            apiVersion: "application-networking.k8s.aws/v1alpha1",
            kind: "IAMAuthPolicy",
            metadata: { name: "servicea", namespace: "cellmesh" },
            spec: {
                targetRef: { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "servicea" },
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "CallersFromVpcsOfListedAccounts", Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*",
                        Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": ["111111111111", "222222222222"] } },
                    }],
                }),
            },
        });
        assert.equal(rec.providerOf(auth)?.name, "cluster");
        assert.deepEqual(crdErrors("IAMAuthPolicy", auth.inputs.spec), []);
    });

    it("the IAMAuthPolicy waits for the route (created once its Lattice service exists) and for the release that installs its CRD", () => {
        assert.deepEqual([...rec.get(LP("IAMAuthPolicy"), "servicea-auth").dependencies].sort(), [
            rec.get(GW("HTTPRoute"), "servicea-route").urn, rec.get("kubernetes:helm.sh/v3:Release", "lattice-chart").urn,
        ].sort());
    });

    const guards: [string, Partial<LatticeEksServiceArgs>, string][] = [
        ["grpc and an idle timeout", { traffic: { ...DEFAULT_TRAFFIC, protocol: "grpc", timeout: { idleMillis: 120000 } } },
            `traffic.protocol: ${LATTICE_EKS_LACKS.grpc}; traffic.timeout.idleMs: ${LATTICE_EKS_LACKS.idleTimeout}`],
        ["access that admits nobody", { access: LatticeAccess.vpcOwners([]) },
            "Lattice access admits nobody: give an organizationId (signed callers) or sourceVpcOwnerAccounts (unsigned callers from those accounts' VPCs)"],
    ];
    for (const [label, extra, message] of guards) {
        it(`refuses ${label} (exact message)`, async () => {
            await runOnMocks(WORLD, () => {
                assert.throws(() => new LatticeEksService("servicea", args(clusterProvider(), extra)), { message: `LatticeEksService servicea: ${message}` });
            });
        });
    }

    it("the ALB: one ip target group per cell on the app port in the VPC, health check /health; the listener forwards by the cell weights", () => {
        for (const cell of ["cell1", "cell2"]) {
            const tg = rec.get(T.targetGroup, `servicea-ingress-${cell}`).inputs;
            assert.deepEqual([tg.targetType, tg.port, tg.protocol, tg.vpcId, tg.healthCheck.path, tg.healthCheck.port, tg.healthCheck.matcher],
                ["ip", 5001, "HTTP", "vpc-0123456789abcdef0", "/health", "traffic-port", "200"]);
        }
        const listener = rec.get(T.listener, "servicea-ingress-listener").inputs;
        assert.deepEqual([listener.port, listener.protocol], [80, "HTTP"]);
        assert.deepEqual(listener.defaultActions, [{ type: "forward", forward: { targetGroups: [{ arn: tgArn("cell1"), weight: 3 }, { arn: tgArn("cell2"), weight: 1 }] } }]);
        assert.equal(url, "http://servicea-ingress-alb.elb.amazonaws.com");
    });

    it("per cell a TargetGroupBinding of the cell's ClusterIP Service to its target group, after the controller, its target policy and the route's Services", () => {
        for (const cell of ["cell1", "cell2"]) {
            const binding = rec.get(T.binding, `servicea-${cell}-binding`);
            assert.deepEqual(binding.inputs, {
                apiVersion: "elbv2.k8s.aws/v1beta1",
                kind: "TargetGroupBinding",
                metadata: { name: `servicea-${cell}`, namespace: "cellmesh" },
                spec: {
                    serviceRef: { name: `servicea-${cell}`, port: 5001 },
                    targetGroupARN: tgArn(cell),
                    targetType: "ip",
                    ipAddressType: "ipv4",
                    vpcID: "vpc-0123456789abcdef0",
                },
            });
            assert.equal(rec.providerOf(binding)?.name, "cluster");
            const deps = depNames(binding);
            for (const d of [
                "kubernetes:helm.sh/v3:Release lbc-chart", "aws:iam/rolePolicy:RolePolicy lbc-servicea-targets",
                `${T.service} servicea-${cell}`, `${GW("HTTPRoute")} servicea-route`,
            ]) assert.ok(deps.includes(d), `${binding.name} does not wait for ${d}: ${deps.join(", ")}`);
        }
        assert.deepEqual(JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "lbc-servicea-targets").inputs.policy).Statement[0].Resource, [tgArn("cell1"), tgArn("cell2")]);
    });

    it("the pods' security group admits the app port from the ALB's security group only", () => {
        assert.deepEqual(rec.get(T.sgIn, "servicea-ingress-pods").inputs, {
            securityGroupId: "sg-nodes", referencedSecurityGroupId: "servicea-ingress-sg-id", ipProtocol: "tcp", fromPort: 5001, toPort: 5001,
            description: "public ALB to servicea pods on TCP 5001",
        });
    });

    it("refuses more than 5 cells with ingress (exact message)", async () => {
        await runOnMocks(WORLD, () => {
            const provider = clusterProvider();
            const cells = [1, 2, 3, 4, 5, 6].map((i) => ({ name: `cell${i}`, weight: 1 }));
            assert.throws(() => new LatticeEksService("servicea", args(provider, { cells, ingress: ingress(provider) })),
                { message: "LatticeEksService servicea: the public ALB forwards to at most 5 target groups (one per cell), got 6 cells" });
        });
    });
});
