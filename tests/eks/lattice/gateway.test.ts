// LatticeGateway on the mock runtime: the Gateway named after the service network, its class and
// listener, and that it waits for the cluster VPC's association with the network.

import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LatticeGatewayController } from "../../../components/eks/lattice/gatewayApiController";
import { LatticeGateway, LatticeGatewayArgs } from "../../../components/eks/lattice/latticeGateway";
import { Recording, runOnMocks } from "../../harness";
import { GW, WORLD, clusterProvider, controllerArgs, urnOf } from "./fixtures";

const ASSOCIATION = "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation";

/** Controller, the VPC association (as the stack would create it) and the Gateway. */
async function record(extra: Partial<LatticeGatewayArgs> = {}): Promise<{ rec: Recording; gateway: LatticeGateway }> {
    let gateway!: LatticeGateway;
    const { recording } = await runOnMocks(WORLD, () => {
        const provider = clusterProvider();
        const controller = new LatticeGatewayController("lattice", controllerArgs(provider));
        const association = new aws.vpclattice.ServiceNetworkVpcAssociation("network-vpc", {
            serviceNetworkIdentifier: "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0",
            vpcIdentifier: "vpc-0123456789abcdef0",
        });
        gateway = new LatticeGateway("network", {
            provider,
            serviceNetwork: pulumi.output("multiaccountmeshdemo"),
            namespace: "cellmesh",
            vpcAssociation: association,
            ready: controller.ready,
            ...extra,
        });
    });
    return { rec: recording, gateway };
}

describe("Lattice EKS: LatticeGateway", () => {
    let rec: Recording;
    let gateway: LatticeGateway;
    before(async () => ({ rec, gateway } = await record()));

    it("one Gateway, named after the service network, standalone, class amazon-vpc-lattice, one HTTP listener on 80 for routes of its namespace", () => {
        const parent = rec.get("cellmesh:eks:LatticeGateway", "network");
        assert.deepEqual(rec.childrenOf(parent).map((r) => `${r.type} ${r.name}`), [`${GW("Gateway")} network-gateway`]);
        assert.deepEqual(rec.get(GW("Gateway"), "network-gateway").inputs, {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "Gateway",
            // Standalone (v2.1.3 pkg/k8s/utils.go): the controller associates its routes' services with no network.
            metadata: { name: "multiaccountmeshdemo", namespace: "cellmesh", annotations: { "application-networking.k8s.aws/standalone": "true" } },
            spec: {
                gatewayClassName: "amazon-vpc-lattice",
                listeners: [{ name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } }],
            },
        });
        assert.equal(rec.providerOf(rec.get(GW("Gateway"), "network-gateway"))?.name, "cluster");
    });

    it("waits for the cluster VPC's association with the network and for the controller (CRDs, release, GatewayClass)", () => {
        const deps = rec.get(GW("Gateway"), "network-gateway").dependencies;
        assert.deepEqual([...deps].sort(), [
            urnOf(rec, ASSOCIATION, "network-vpc"),
            urnOf(rec, "kubernetes:yaml/v2:ConfigFile", "lattice-crds"),
            urnOf(rec, "kubernetes:helm.sh/v3:Release", "lattice-chart"),
            urnOf(rec, GW("GatewayClass"), "lattice-class"),
        ].sort());
    });

    it("no VpcAssociationPolicy: the association is Pulumi's", () => {
        assert.deepEqual(rec.resources.filter((r) => r.type.includes("VpcAssociationPolicy")), []);
    });

    it("exposes the name routes refer to, its namespace and listener", async () => {
        assert.equal(await new Promise((resolve) => gateway.name.apply(resolve)), "multiaccountmeshdemo");
        assert.equal(gateway.namespace, "cellmesh");
        assert.equal(gateway.listenerName, "http");
    });

    it("takes another listener port", async () => {
        const { rec: other } = await record({ port: 8080 });
        assert.equal(other.get(GW("Gateway"), "network-gateway").inputs.spec.listeners[0].port, 8080);
    });

    it("with ports: one listener http-<port> per port, in the order given", async () => {
        const { rec: multi, gateway: g } = await record({ ports: [5001, 8080] });
        assert.deepEqual(multi.get(GW("Gateway"), "network-gateway").inputs.spec.listeners, [
            { name: "http-5001", protocol: "HTTP", port: 5001, allowedRoutes: { namespaces: { from: "Same" } } },
            { name: "http-8080", protocol: "HTTP", port: 8080, allowedRoutes: { namespaces: { from: "Same" } } },
        ]);
        assert.deepEqual(g.listeners, { 5001: "http-5001", 8080: "http-8080" });
        assert.equal(g.listenerName, "http-5001");
    });

    const cases: [string, Partial<LatticeGatewayArgs>, string][] = [
        ["a port out of range", { port: 0 }, "LatticeGateway network: port must be an integer from 1 to 65535, got 0"],
        ["port and ports together", { port: 80, ports: [5001] }, "LatticeGateway network: give port or ports, not both"],
        ["an empty ports list", { ports: [] }, "LatticeGateway network: ports is empty; list the services' ports"],
        ["a port listed twice", { ports: [5001, 5001] }, "LatticeGateway network: port 5001 is listed twice"],
        ["a ports entry out of range", { ports: [5001, 70000] }, "LatticeGateway network: port must be an integer from 1 to 65535, got 70000"],
        ["a network name that cannot name a Gateway", { serviceNetwork: "Mesh_1" },
            "LatticeGateway network: serviceNetwork \"Mesh_1\" cannot name a Gateway (lowercase letters, digits and inner hyphens, at most 63 characters)"],
        // The controller compares a service's associations by network name (associationsDiff): an id-named
        // Gateway would make every reconcile re-create the association and stop before listeners and rules.
        ["the network's sn- id instead of its name", { serviceNetwork: "sn-0123456789abcdef0" },
            "LatticeGateway network: serviceNetwork \"sn-0123456789abcdef0\" is a service network id; name the Gateway after the network's name (the controller compares associations by name)"],
    ];
    for (const [label, extra, message] of cases) {
        it(`refuses ${label} (exact message)`, async () => {
            await runOnMocks(WORLD, () => {
                const provider = clusterProvider();
                const association = new aws.vpclattice.ServiceNetworkVpcAssociation("network-vpc", { serviceNetworkIdentifier: "sn-1", vpcIdentifier: "vpc-1" });
                assert.throws(() => new LatticeGateway("network", {
                    provider, serviceNetwork: "multiaccountmeshdemo", namespace: "cellmesh", vpcAssociation: association, ready: [], ...extra,
                }), { message });
            });
        });
    }
});
