// The Lattice EKS building blocks composed the way a stack would for the sample owner's two services
// (before any wiring into stacks/): controller, the network's Gateway after the VPC association,
// one route per service after the Gateway, node access for the service ports.

import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { LatticeGatewayController } from "../../../../engines/lattice/eks/controller";
import { LatticeGateway } from "../../../../engines/lattice/eks/gateway";
import { LatticeHttpRoute } from "../../../../engines/lattice/eks/httpRoute";
import { allowLatticeToNodes } from "../../../../engines/lattice/eks/nodeAccess";
import { Recording, runOnMocks } from "../../../helpers/harness";
import { runCellmeshPack } from "../../../policy/helpers";
import { GW, K8S_PROVIDER, WORLD, clusterProvider, controllerArgs } from "./fixtures";

describe("Lattice EKS: the building blocks together (sample owner, two services)", () => {
    let rec: Recording;
    before(async () => {
        ({ recording: rec } = await runOnMocks(WORLD, () => {
            const provider = clusterProvider();
            const controller = new LatticeGatewayController("lattice", controllerArgs(provider));
            const network = new aws.vpclattice.ServiceNetwork("network", { name: "multiaccountmeshdemo", authType: "AWS_IAM" });
            const association = new aws.vpclattice.ServiceNetworkVpcAssociation("network-vpc", {
                serviceNetworkIdentifier: network.arn, vpcIdentifier: "vpc-0123456789abcdef0",
            });
            const gateway = new LatticeGateway("network", {
                provider, serviceNetwork: network.name, namespace: "cellmesh", vpcAssociation: association, ready: controller.ready,
            });
            for (const service of ["servicea", "serviceb"]) {
                new LatticeHttpRoute(service, {
                    provider, service, namespace: "cellmesh", dnsNamespace: "internal-domain1.com", port: 5001,
                    cells: [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }],
                    pinning: { header: "x-cell", paths: {} },
                    gateway, ready: [gateway, ...controller.ready], policyCrds: controller.policyCrds,
                });
            }
            allowLatticeToNodes("lattice-nodes", { region: "us-east-1", nodeSecurityGroupId: "sg-nodes-111111111111", ports: [5001] });
        }));
    });

    it("exactly these resources", () => {
        assert.deepEqual(rec.countsByType(), {
            "aws:iam/role:Role": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
            "aws:vpclattice/serviceNetwork:ServiceNetwork": 1,
            "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": 1,
            "cellmesh:lattice:Gateway": 1,
            "cellmesh:lattice:Controller": 1,
            "cellmesh:lattice:HttpRoute": 2,
            [GW("Gateway")]: 1,
            [GW("GatewayClass")]: 1,
            [GW("HTTPRoute")]: 2,
            "kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy": 4,
            "kubernetes:core/v1:Service": 4,
            "kubernetes:helm.sh/v3:Release": 1,
            "kubernetes:yaml/v2:ConfigFile": 1,
            [K8S_PROVIDER]: 1,
        });
    });

    it("the Gateway is named from the network's output; each route attaches to it and waits for it", () => {
        assert.equal(rec.get(GW("Gateway"), "network-gateway").inputs.metadata.name, "multiaccountmeshdemo");
        for (const service of ["servicea", "serviceb"]) {
            const route = rec.get(GW("HTTPRoute"), `${service}-route`);
            assert.deepEqual(route.inputs.spec.parentRefs, [{ name: "multiaccountmeshdemo", sectionName: "http" }]);
            assert.ok(route.dependencies.includes(rec.get(GW("Gateway"), "network-gateway").urn), service);
            assert.ok(route.dependencies.includes(rec.get(GW("GatewayClass"), "lattice-class").urn), service);
        }
    });

    it("each cell's TargetGroupPolicy waits for the controller's release (its CRD comes with the chart)", () => {
        const release = rec.get("kubernetes:helm.sh/v3:Release", "lattice-chart").urn;
        for (const r of rec.ofType("kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy")) assert.ok(r.dependencies.includes(release), r.name);
    });

    it("the policy pack reports nothing", () => {
        const found = runCellmeshPack(rec.resources).map((v) => `${v.policy} | ${v.resource} | ${v.message}`);
        assert.deepEqual(found, []);
    });
});
