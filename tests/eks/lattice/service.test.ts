// LatticeEksService on the mock runtime, on its own: the cell Deployments without Envoy, the route,
// the alias record read back after the route, the optional public NLB Service and its guard.

import * as assert from "node:assert/strict";
import { LatticeEksIngress, LatticeEksService, LatticeEksServiceArgs } from "../../../components/eks/lattice/latticeEksService";
import * as k8s from "@pulumi/kubernetes";
import { Recording, runOnMocks } from "../../harness";
import { GW, WORLD, clusterProvider } from "./fixtures";

function args(provider: k8s.Provider, extra: Partial<LatticeEksServiceArgs> = {}): LatticeEksServiceArgs {
    const namespace = new k8s.core.v1.Namespace("apps", { metadata: { name: "cellmesh" } }, { provider });
    return {
        provider, service: "servicea", namespace: "cellmesh", zone: { name: "internal-domain1.com", zoneId: "Z-zone" }, port: 5001,
        cells: [{ name: "cell1", weight: 3 }, { name: "cell2", weight: 1 }],
        backends: [{ name: "serviceb.internal-domain1.com", port: 5001 }],
        gateway: { name: "multiaccountmeshdemo", namespace: "cellmesh", listenerName: "http-5001" },
        namespaceReady: [namespace], routeReady: [],
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

    it("children: two Deployments, the route (two cell Services, one HTTPRoute), the alias record, the public Service", () => {
        const parent = rec.get("cellmesh:eks:LatticeService", "servicea");
        assert.deepEqual(rec.childrenOf(parent).map((r) => `${r.type} ${r.name}`).sort(), [
            "aws:route53/record:Record servicea-dns",
            "cellmesh:eks:LatticeHttpRoute servicea",
            "kubernetes:apps/v1:Deployment servicea-cell1",
            "kubernetes:apps/v1:Deployment servicea-cell2",
            "kubernetes:core/v1:Service servicea-ingress",
        ]);
        assert.deepEqual(rec.get(GW("HTTPRoute"), "servicea-route").inputs.spec.rules[0].backendRefs.map((b: any) => b.weight), [3, 1]);
    });

    it("the public Service listens on the given port and selects every cell's pods; the URL carries the port", () => {
        const lb = rec.get("kubernetes:core/v1:Service", "servicea-ingress").inputs.spec;
        assert.deepEqual(lb.ports, [{ name: "http", port: 8080, targetPort: 5001, protocol: "TCP" }]);
        assert.deepEqual(lb.selector, { "app.kubernetes.io/name": "servicea" });
        assert.equal(url, "http://(pending):8080");
    });

    it("refuses an ingress port out of range (exact message)", async () => {
        await runOnMocks(WORLD, () => {
            assert.throws(() => new LatticeEksService("servicea", args(clusterProvider(), { ingress: LatticeEksIngress.publicNlb({ port: 0 }) })),
                { message: "LatticeEksService servicea: ingress.port must be an integer from 1 to 65535, got 0" });
        });
    });
});
