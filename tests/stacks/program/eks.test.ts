import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../../config/types";
import { cellmeshProgram } from "../../../stacks/program";
import { crdErrors } from "../../helpers/crdSchemas";
import {
    CONSUMER_EKS_WORLD, OWNER_EKS_OUTPUTS, OWNER_EKS_WORLD, OWNER_OUTPUTS, consumerEksSample, consumerSample, ownerEksSample, rawEksSample,
} from "../../helpers/fixtures";
import { changed, Recorded, Recording, runOnMocks } from "../../helpers/harness";

const CR = (kind: string) => `kubernetes:appmesh.k8s.aws/v1beta2:${kind}`;
const K8S_PROVIDER = "pulumi:providers:kubernetes";

/** Every App Mesh custom resource of a recording. */
function customResources(rec: Recording): Recorded[] {
    return rec.resources.filter((r) => r.type.startsWith("kubernetes:appmesh.k8s.aws/"));
}

describe("EKS owner stack (examples/appmesh-eks, acct1-appmesh-eks)", () => {
    let rec: Recording;
    let outputs: any;
    let raw: Record<string, unknown>;
    before(async () => {
        ({ recording: rec, outputs } = await runOnMocks(OWNER_EKS_WORLD, async () => {
            raw = await cellmeshProgram(ownerEksSample());
            return raw;
        }));
    });

    it("creates exactly the EKS owner's resources", () => {
        assert.deepEqual(rec.countsByType(), {
            "aws:appmesh/mesh:Mesh": 1,
            "aws:iam/role:Role": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
            "aws:ram/principalAssociation:PrincipalAssociation": 1,
            "aws:ram/resourceAssociation:ResourceAssociation": 1,
            "aws:ram/resourceShare:ResourceShare": 1,
            "aws:servicediscovery/instance:Instance": 2,
            "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": 1,
            "aws:servicediscovery/service:Service": 6,
            "awsx:ec2:Vpc": 1,
            "cellmesh:appmesh:Namespace": 1,
            "cellmesh:appmesh:Controller": 1,
            "cellmesh:appmesh:EksIngressGateway": 1,
            "cellmesh:appmesh:CellService": 2,
            "cellmesh:appmesh:SharedMesh": 1,
            "cellmesh:shared:RamShare": 1,
            "eks:index:Cluster": 1,
            [CR("GatewayRoute")]: 1,
            [CR("Mesh")]: 1,
            [CR("VirtualGateway")]: 1,
            [CR("VirtualNode")]: 4,
            [CR("VirtualRouter")]: 2,
            [CR("VirtualService")]: 2,
            "kubernetes:apps/v1:Deployment": 5,
            "kubernetes:core/v1:Namespace": 1,
            "kubernetes:core/v1:Service": 1,
            "kubernetes:helm.sh/v3:Release": 1,
            [K8S_PROVIDER]: 1,
        });
    });

    it("a VPC of its own (10.192.0.0/16) and no subnet share: only the mesh is shared", () => {
        assert.equal(rec.get("awsx:ec2:Vpc", "network").inputs.cidrBlock, "10.192.0.0/16");
        assert.deepEqual(rec.ofType("aws:ram/resourceAssociation:ResourceAssociation").map((r) => r.name), ["mesh-share-mesh"]);
    });

    it("EKS cluster: version, private worker nodes without public IPs, node counts, OIDC provider", () => {
        const cluster = rec.get("eks:index:Cluster", "cluster").inputs;
        assert.equal(cluster.name, "cellmesh-acct1-appmesh-eks");
        assert.equal(cluster.version, "1.33");
        assert.equal(cluster.instanceType, "t3.medium");
        assert.deepEqual([cluster.desiredCapacity, cluster.minSize, cluster.maxSize], [2, 2, 2]);
        assert.equal(cluster.nodeAssociatePublicIpAddress, false);
        assert.equal(cluster.createOidcProvider, true);
        assert.deepEqual(cluster.privateSubnetIds, ["subnet-private-a", "subnet-private-b"]);
        assert.equal(cluster.vpcId, "vpc-0123456789abcdef0");
    });

    it("App Mesh controller: the eks-charts Helm release, pinned, in appmesh-system, with region, accountId and the IRSA role", () => {
        const release = rec.get("kubernetes:helm.sh/v3:Release", "appmesh-chart");
        assert.equal(release.inputs.chart, "appmesh-controller");
        assert.equal(release.inputs.version, "1.13.1");
        assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://aws.github.io/eks-charts" });
        assert.equal(release.inputs.namespace, "appmesh-system");
        assert.equal(release.inputs.createNamespace, true);
        assert.deepEqual(release.inputs.values, {
            region: "us-east-1",
            accountId: "111111111111",
            serviceAccount: {
                create: true, name: "appmesh-controller",
                annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam:us-east-1:111111111111:role/appmesh-role-mock" },
            },
        });
        assert.equal(rec.providerOf(release)?.type, K8S_PROVIDER);
        assert.equal(rec.providerOf(release)?.name, "cluster");
    });

    it("IRSA: only the controller's service account of this cluster's OIDC provider may assume the role", () => {
        const issuer = "oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111";
        assert.deepEqual(JSON.parse(rec.get("aws:iam/role:Role", "appmesh-role").inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${issuer}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:appmesh-system:appmesh-controller", [`${issuer}:aud`]: "sts.amazonaws.com" } },
            }],
        });
    });

    it("controller policy: App Mesh actions on this mesh only, Cloud Map on this account's services and zone, `*` only for list calls", () => {
        const doc = JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "appmesh-role-policy").inputs.policy);
        const bySid = Object.fromEntries(doc.Statement.map((s: any) => [s.Sid, s]));
        const mesh = "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo-eks";
        assert.deepEqual(bySid.AppMeshThisMesh.Resource, [mesh, `${mesh}/*`]);
        assert.ok(bySid.AppMeshThisMesh.Action.includes("appmesh:CreateVirtualNode"));
        assert.deepEqual(bySid.CloudMapServices.Resource, ["arn:aws:servicediscovery:us-east-1:111111111111:privateDnsNamespace/internal-domain1.com", "arn:aws:servicediscovery:us-east-1:111111111111:service/*"]);
        assert.equal(bySid.CloudMapRecords.Resource, "arn:aws:route53:::hostedzone/Z-internal-domain1.com");
        for (const s of doc.Statement) {
            assert.ok(![s.Action].flat().some((a: string) => a.endsWith("*")), `${s.Sid} has a wildcard action`);
            if (s.Resource === "*") assert.ok(["AppMeshListMeshes", "CloudMapLists", "CloudMapCreateHealthChecks"].includes(s.Sid), s.Sid);
        }
    });

    it("the app namespace is labelled for the mesh and for sidecar injection", () => {
        assert.deepEqual(rec.get("kubernetes:core/v1:Namespace", "appmesh-apps").inputs.metadata, {
            name: "cellmesh",
            labels: { mesh: "multiaccountmeshdemo-eks", "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" },
        });
    });

    it("Mesh: the owner's object adopts the mesh Pulumi created (same name, egress filter), after the controller", () => {
        const mesh = rec.get(CR("Mesh"), "appmesh-mesh");
        assert.equal(mesh.inputs.apiVersion, "appmesh.k8s.aws/v1beta2");
        assert.deepEqual(mesh.inputs.spec, { awsName: "multiaccountmeshdemo-eks", namespaceSelector: { matchLabels: { mesh: "multiaccountmeshdemo-eks" } }, egressFilter: { type: "DROP_ALL" } });
        assert.ok(mesh.dependencies.includes(rec.get("kubernetes:helm.sh/v3:Release", "appmesh-chart").urn));
        assert.ok(mesh.dependencies.includes(rec.get("aws:appmesh/mesh:Mesh", "mesh-mesh").urn));
    });

    it("VirtualNode per cell: pod selector, listener, Cloud Map discovery, local backend by reference, remote backend by ARN", () => {
        const node = rec.get(CR("VirtualNode"), "serviceb-cell1-node").inputs;
        assert.deepEqual(node.metadata, { name: "serviceb-cell1", namespace: "cellmesh" });
        assert.deepEqual(node.spec, {
            awsName: "serviceb-cell1",
            podSelector: { matchLabels: { "app.kubernetes.io/name": "serviceb", "cellmesh.io/cell": "cell1" } },
            listeners: [{
                portMapping: { port: 5001, protocol: "http" },
                healthCheck: { protocol: "http", path: "/health", healthyThreshold: 2, unhealthyThreshold: 2, timeoutMillis: 2000, intervalMillis: 5000 },
            }],
            serviceDiscovery: { awsCloudMap: { namespaceName: "internal-domain1.com", serviceName: "serviceb-cell1" } },
            backends: [{ virtualService: { virtualServiceARN: "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo-eks/virtualService/servicex.internal-domain2.com" } }],
            logging: { accessLog: { file: { path: "/dev/stdout" } } },
        });
        assert.deepEqual(rec.get(CR("VirtualNode"), "servicea-cell2-node").inputs.spec.backends, [{ virtualService: { virtualServiceRef: { name: "serviceb" } } }]);
    });

    it("VirtualRouter: the weighted route over the cells' VirtualNodes; VirtualService provided by it", () => {
        const router = rec.get(CR("VirtualRouter"), "serviceb-router").inputs;
        assert.deepEqual(router.metadata, { name: "serviceb-router", namespace: "cellmesh" });
        assert.deepEqual(router.spec, {
            awsName: "serviceb-router",
            listeners: [{ portMapping: { port: 5001, protocol: "http" } }],
            routes: [{
                name: "serviceb-route",
                httpRoute: {
                    match: { prefix: "/" },
                    action: { weightedTargets: [{ virtualNodeRef: { name: "serviceb-cell1" }, weight: 50 }, { virtualNodeRef: { name: "serviceb-cell2" }, weight: 50 }] },
                },
            }],
        });
        const vs = rec.get(CR("VirtualService"), "serviceb-vs").inputs;
        assert.deepEqual([vs.metadata, vs.spec], [
            { name: "serviceb", namespace: "cellmesh" },
            { awsName: "serviceb.internal-domain1.com", provider: { virtualRouter: { virtualRouterRef: { name: "serviceb-router" } } } },
        ]);
    });

    it("every custom resource is valid against the controller's CRD schema and waits for the controller and the Mesh", () => {
        const waitFor = [rec.get("kubernetes:helm.sh/v3:Release", "appmesh-chart"), rec.get(CR("Mesh"), "appmesh-mesh"), rec.get("kubernetes:core/v1:Namespace", "appmesh-apps")];
        for (const cr of customResources(rec)) {
            assert.equal(cr.inputs.apiVersion, "appmesh.k8s.aws/v1beta2");
            assert.deepEqual(crdErrors(cr.inputs.kind, cr.inputs.spec), [], `${cr.inputs.kind} ${cr.name}`);
            assert.equal(rec.providerOf(cr)?.type, K8S_PROVIDER, cr.name);
            if (cr.inputs.kind !== "Mesh") for (const dep of waitFor) assert.ok(cr.dependencies.includes(dep.urn), `${cr.name} waits for ${dep.name}`);
        }
    });

    it("a Deployment per cell whose pods the VirtualNode selects, created after the VirtualNode", () => {
        const deployment = rec.get("kubernetes:apps/v1:Deployment", "serviceb-cell1");
        const labels = { "app.kubernetes.io/name": "serviceb", "cellmesh.io/cell": "cell1" };
        assert.deepEqual(deployment.inputs.metadata, { name: "serviceb-cell1", namespace: "cellmesh", labels });
        assert.equal(deployment.inputs.spec.replicas, 1);
        assert.deepEqual(deployment.inputs.spec.selector, { matchLabels: labels });
        assert.deepEqual(deployment.inputs.spec.template.metadata, { labels });
        const [app] = deployment.inputs.spec.template.spec.containers;
        assert.equal(app.image, "public.ecr.aws/docker/library/node:20-alpine");
        assert.deepEqual(app.ports, [{ name: "app", containerPort: 5001, protocol: "TCP" }]);
        assert.deepEqual(app.securityContext, { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        assert.ok(app.env.some((e: any) => e.name === "BACKENDS" && e.value === "http://servicex.internal-domain2.com:5001"));
        assert.ok(deployment.dependencies.includes(rec.get(CR("VirtualNode"), "serviceb-cell1-node").urn));
    });

    it("servicea ingress: a virtual gateway with a / route to servicea behind an internet-facing load balancer Service", () => {
        const gateway = rec.get(CR("VirtualGateway"), "servicea-ingress-gateway").inputs.spec;
        assert.deepEqual(gateway.listeners, [{ portMapping: { port: 8088, protocol: "http" } }]);
        assert.deepEqual(gateway.gatewayRouteSelector, { matchLabels: { "cellmesh.io/gateway": "servicea-gateway" } });
        const route = rec.get(CR("GatewayRoute"), "servicea-ingress-route").inputs;
        assert.equal(route.metadata.labels["cellmesh.io/gateway"], "servicea-gateway");
        assert.deepEqual(route.spec.httpRoute, { match: { prefix: "/" }, action: { target: { virtualService: { virtualServiceRef: { name: "servicea" } } } } });
        const lb = rec.get("kubernetes:core/v1:Service", "servicea-ingress-lb").inputs;
        assert.equal(lb.spec.type, "LoadBalancer");
        assert.deepEqual(lb.spec.ports, [{ name: "http", port: 80, targetPort: 8088, protocol: "TCP" }]);
        assert.deepEqual(lb.spec.selector, rec.get(CR("VirtualGateway"), "servicea-ingress-gateway").inputs.spec.podSelector.matchLabels);
        assert.equal(rec.get("kubernetes:apps/v1:Deployment", "servicea-ingress-envoy").inputs.spec.template.spec.containers[0].image,
            "840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod");
    });

    it("exports what EKS consumers read, the cluster name and the kubeconfig as a secret", async () => {
        assert.deepEqual(outputs, {
            ...OWNER_EKS_OUTPUTS,
            ingressUrls: { servicea: "http://(pending)" },
            weights: { servicea: { cell1: 50, cell2: 50 }, serviceb: { cell1: 50, cell2: 50 } },
            // App Mesh on EKS: the entry is the virtual gateway, not the weighted ALB.
            cellTargets: { servicea: { cell1: {}, cell2: {} }, serviceb: { cell1: {}, cell2: {} } },
            clusterName: "cellmesh-acct1-appmesh-eks",
            kubeconfig: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: "cellmesh-acct1-appmesh-eks" }] }),
        });
        assert.equal(await pulumi.isSecret(raw.kubeconfig as pulumi.Output<string>), true);
    });
});

describe("EKS: a weight change", () => {
    it("touches only that service's VirtualRouter", async () => {
        const services = rawEksSample("acct1-appmesh-eks")["cellmesh:services"] as Record<string, object>;
        const run = (cell1: number, cell2: number) => runOnMocks(OWNER_EKS_WORLD, () => cellmeshProgram(ownerEksSample({
            "cellmesh:services": { ...services, serviceb: { ...services.serviceb, cells: { cell1, cell2 } } },
        })));
        const [before, after] = [await run(50, 50), await run(90, 10)];
        assert.deepEqual(changed(before.recording, after.recording), [`${CR("VirtualRouter")} serviceb-router`]);
    });
});

describe("EKS consumer stack (examples/appmesh-eks, acct2-appmesh-eks)", () => {
    let rec: Recording;
    before(async () => {
        ({ recording: rec } = await runOnMocks(CONSUMER_EKS_WORLD, () => cellmeshProgram(consumerEksSample())));
    });

    it("Mesh: refers to the owner's shared mesh by meshOwner (no egress filter of its own)", () => {
        assert.deepEqual(rec.get(CR("Mesh"), "appmesh-mesh").inputs.spec, {
            awsName: "multiaccountmeshdemo-eks", namespaceSelector: { matchLabels: { mesh: "multiaccountmeshdemo-eks" } }, meshOwner: "111111111111",
        });
        assert.equal(rec.get("kubernetes:helm.sh/v3:Release", "appmesh-chart").inputs.values.accountId, "222222222222");
        for (const cr of customResources(rec)) assert.deepEqual(crdErrors(cr.inputs.kind, cr.inputs.spec), [], cr.name);
    });

    it("VPC peering: requested here, accepted with the owner account's provider, routes and port 5001 on both sides", () => {
        const request = rec.get("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering-request");
        assert.equal(request.provider, undefined);
        assert.equal(request.inputs.peerVpcId, "vpc-0123456789abcdef0");
        assert.equal(request.inputs.peerOwnerId, "111111111111");
        assert.equal(request.inputs.peerRegion, "us-east-1");
        const accept = rec.get("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "peering-accept");
        assert.equal(accept.inputs.autoAccept, true);
        assert.equal(rec.providerOf(accept)?.name, "owner-account");

        const routes = rec.ofType("aws:ec2/route:Route").map((r) => [r.name, r.inputs.routeTableId, r.inputs.destinationCidrBlock, rec.providerOf(r)?.name ?? "default"]);
        assert.deepEqual(routes.sort(), [
            ["peering-accepter-route-0", "rtb-subnet-private-a", "10.193.0.0/16", "owner-account"],
            ["peering-accepter-route-1", "rtb-subnet-private-b", "10.193.0.0/16", "owner-account"],
            ["peering-requester-route-0", "rtb-subnet-private-a", "10.192.0.0/16", "default"],
            ["peering-requester-route-1", "rtb-subnet-private-b", "10.192.0.0/16", "default"],
        ]);
        const rules = rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .map((r) => [r.name, r.inputs.securityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4, rec.providerOf(r)?.name ?? "default"]);
        assert.deepEqual(rules.sort(), [
            ["peering-accepter-in-5001", "sg-nodes-111111111111", 5001, 5001, "10.193.0.0/16", "owner-account"],
            ["peering-requester-in-5001", "sg-nodes-222222222222", 5001, 5001, "10.192.0.0/16", "default"],
        ]);
    });

    it("DNS both ways: our namespace in the owner's VPC, the owner's namespace in ours, each authorized by the zone's account", () => {
        const pairs = rec.ofType("aws:route53/zoneAssociation:ZoneAssociation").map((a) => [a.name, a.inputs.zoneId, a.inputs.vpcId, rec.providerOf(a)?.name ?? "default"]);
        assert.deepEqual(pairs.sort(), [
            ["namespace-owner-vpc-association", "Z-internal-domain2.com", "vpc-0123456789abcdef0", "owner-account"],
            ["owner-namespace-association", "Z-internal-domain1.com", "vpc-0123456789abcdef0", "default"],
        ]);
        const auths = rec.ofType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization").map((a) => [a.name, rec.providerOf(a)?.name ?? "default"]);
        assert.deepEqual(auths.sort(), [["namespace-owner-vpc-authorization", "default"], ["owner-namespace-authorization", "owner-account"]]);
        // On EKS the namespace anchors on the consumer's own VPC: no placeholder VPC.
        assert.deepEqual(rec.ofType("aws:ec2/vpc:Vpc"), []);
    });

    it("a backend in the owner's namespace is referenced by the ARN the owner exports", async () => {
        const { recording } = await runOnMocks(CONSUMER_EKS_WORLD, () => cellmeshProgram(consumerEksSample({
            "cellmesh:services": { servicex: { port: 5001, backends: ["serviceb.internal-domain1.com"], cells: { cell1: 50, cell2: 50 } } },
        })));
        assert.deepEqual(recording.get(CR("VirtualNode"), "servicex-cell1-node").inputs.spec.backends,
            [{ virtualService: { virtualServiceARN: OWNER_EKS_OUTPUTS.virtualServiceArns.serviceb } }]);
    });

    it("refuses a VPC CIDR that overlaps the owner's, before creating anything", async () => {
        await assert.rejects(
            runOnMocks(CONSUMER_EKS_WORLD, () => cellmeshProgram(consumerEksSample({ "cellmesh:vpcCidr": "10.192.128.0/17" }))),
            (err: Error) => err instanceof ConfigError && err.problems[0] === 'cellmesh:vpcCidr = "10.192.128.0/17": overlaps the owner\'s VPC 10.192.0.0/16 (stack organization/cellmesh/acct1-appmesh-eks); peered VPCs need CIDRs that do not overlap');
    });

    it("refuses to run on a compute variant other than the owner's", async () => {
        const world = { ...CONSUMER_EKS_WORLD, stackOutputs: { "organization/cellmesh/acct1-appmesh": OWNER_EKS_OUTPUTS } };
        await assert.rejects(runOnMocks(world, () => cellmeshProgram(consumerSample())),
            (err: Error) => err instanceof ConfigError && err.problems[0] === 'cellmesh:compute = "ecs": the owner stack organization/cellmesh/acct1-appmesh runs on eks; every stack of a mesh uses the same compute variant');
        assert.equal(OWNER_OUTPUTS.compute, "ecs");
    });
});
