// LatticeEksService on the mock runtime, on its own: the cell Deployments without Envoy, the route,
// the service's IAMAuthPolicy after the route, the alias record read back after the route, the
// optional public NLB Service, and its guards.

import * as assert from "node:assert/strict";
import { LatticeEksIngress, LatticeEksService, LatticeEksServiceArgs } from "../../../components/eks/lattice/latticeEksService";
import * as k8s from "@pulumi/kubernetes";
import { LatticeAccess } from "../../../components/lattice/authPolicy";
import { LATTICE_EKS_LACKS } from "../../../components/eks/lattice/latticePolicies";
import { DEFAULT_TRAFFIC } from "../../../components/trafficPolicy";
import { crdErrors } from "../../crdSchemas";
import { Recording, runOnMocks } from "../../harness";
import { GW, LP, WORLD, clusterProvider } from "./fixtures";

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
        ...extra,
    };
}

describe("Lattice EKS: LatticeEksService", () => {
    let rec: Recording;
    let url: string | undefined;
    before(async () => {
        const { recording, outputs } = await runOnMocks(WORLD, () => {
            const svc = new LatticeEksService("servicea", args(clusterProvider(), { ingress: LatticeEksIngress.publicNlb({ port: 8080 }) }));
            return { url: svc.url };
        });
        rec = recording;
        url = outputs.url;
    });

    it("children: two Deployments, the route (two cell Services and their policies, one HTTPRoute), the IAMAuthPolicy, the alias record, the public Service", () => {
        const parent = rec.get("cellmesh:eks:LatticeService", "servicea");
        assert.deepEqual(rec.childrenOf(parent).map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:route53/record:Record servicea-dns",
            "cellmesh:eks:LatticeHttpRoute servicea",
            `${LP("IAMAuthPolicy")} servicea-auth`,
            "kubernetes:apps/v1:Deployment servicea-cell1",
            "kubernetes:apps/v1:Deployment servicea-cell2",
            "kubernetes:core/v1:Service servicea-ingress",
        ]);
        assert.deepEqual(rec.get(GW("HTTPRoute"), "servicea-route").inputs.spec.rules[0].backendRefs.map((b: any) => b.weight), [3, 1]);
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

    it("the public Service listens on the given port and selects every cell's pods; the URL carries the port", () => {
        const lb = rec.get("kubernetes:core/v1:Service", "servicea-ingress").inputs.spec;
        assert.deepEqual(lb.ports, [{ name: "http", port: 8080, targetPort: 5001, protocol: "TCP" }]);
        assert.deepEqual(lb.selector, { "app.kubernetes.io/name": "servicea" });
        assert.equal(url, "http://(pending):8080");
    });

    const guards: [string, Partial<LatticeEksServiceArgs>, string][] = [
        ["an ingress port out of range", { ingress: LatticeEksIngress.publicNlb({ port: 0 }) }, "ingress.port must be an integer from 1 to 65535, got 0"],
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
});
