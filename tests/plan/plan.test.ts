// `npm run plan` end to end on the mock engine: each sample's exact plan (counts per account
// and type, cross-account edges, weights), computed values, the diagram, --json, --stack, --diff and
// config validation.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { discoverProject } from "../../automation/discovery";
import { main, parseArgs, runPlanCli, CliResult } from "../../plan/cli";
import { isComputed } from "../../plan/markers";
import { Plan } from "../../plan/model";
import { countsByAccount } from "../../plan/render/text";
import {
    CONSUMER_LATTICE_EKS_SAMPLE_COUNTS, CONSUMER_LATTICE_SAMPLE_COUNTS, OWNER_LATTICE_EKS_SAMPLE_COUNTS, OWNER_LATTICE_SAMPLE_COUNTS, OWNER_SAMPLE_COUNTS,
    ROOT, SECURITY,
} from "../helpers/fixtures";

function tmpdir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-plan-test-"));
}

/** The first lines of every plan of the App Mesh sample (engines/notice.ts). */
const APP_MESH_NOTICE = "Notice: AWS ended App Mesh on 2026-09-30; stacks acct1-appmesh, acct2-appmesh use cellmesh:engine: appmesh and cannot be deployed. VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice).";

/** The App Mesh sample on ECS: AWS's reference architecture, the baseline most plan tests check. */
const APPMESH_DIR = path.join(ROOT, "examples", "appmesh");

async function plan(args: string[]): Promise<CliResult> {
    const result = await runPlanCli(["--dir", APPMESH_DIR, ...args]);
    if ("help" in result) throw new Error("unexpected help");
    return result;
}

/** A copy of an App Mesh sample stack file with `edit` applied to its config, named Pulumi.<stack>.yaml. */
function editedStackFile(stack: string, edit: (config: Record<string, any>) => void): string {
    const doc = parseYaml(fs.readFileSync(path.join(APPMESH_DIR, `Pulumi.${stack}.yaml`), "utf8"));
    edit(doc.config);
    const file = path.join(tmpdir(), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringifyYaml(doc));
    return file;
}


const CONSUMER_OWN_COUNTS = {
    "aws:appmesh/route:Route": 1,
    "aws:appmesh/virtualNode:VirtualNode": 2,
    "aws:appmesh/virtualRouter:VirtualRouter": 1,
    "aws:appmesh/virtualService:VirtualService": 1,
    "aws:cloudwatch/logGroup:LogGroup": 2,
    "aws:ec2/securityGroup:SecurityGroup": 2,
    "aws:ec2/vpc:Vpc": 1,
    "aws:ecs/cluster:Cluster": 1,
    "aws:ecs/service:Service": 2,
    "aws:ecs/taskDefinition:TaskDefinition": 2,
    "aws:iam/role:Role": 4,
    "aws:iam/rolePolicy:RolePolicy": 4,
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 1,
    "aws:servicediscovery/instance:Instance": 1,
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": 1,
    "aws:servicediscovery/service:Service": 3,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
    "cellmesh:appmesh:Namespace": 1,
    "cellmesh:ecs:FargateService": 2,
    "cellmesh:appmesh:CellService": 1,
    "cellmesh:appmesh:SharedMesh": 1,
    "pulumi:pulumi:StackReference": 1,
};

function counts(p: Plan, stack: string): Record<string, Record<string, number>> {
    const s = p.stacks.find((x) => x.stack === stack)!;
    return Object.fromEntries([...countsByAccount(s)].map(([account, byType]) => [account, Object.fromEntries(byType)]));
}

describe("plan: the App Mesh sample on ECS (examples/appmesh)", function () {
    this.timeout(60000);
    let out: string;
    let result: CliResult;
    before(async () => {
        out = tmpdir();
        result = await plan(["--out", out]);
    });

    it("plans both stacks with exact resource counts per account and type", () => {
        assert.deepEqual(result.plan.stacks.map((s) => [s.stack, s.role, s.account, s.resources.length]), [
            ["acct1-appmesh", "owner", "111111111111", 89],
            ["acct2-appmesh", "consumer", "222222222222", 41],
        ]);
        assert.deepEqual(counts(result.plan, "acct1-appmesh"), { "111111111111": OWNER_SAMPLE_COUNTS });
        // The consumer's DNS association and its provider act in the owner's account.
        assert.deepEqual(counts(result.plan, "acct2-appmesh"), {
            "222222222222": CONSUMER_OWN_COUNTS,
            "111111111111": { "aws:route53/zoneAssociation:ZoneAssociation": 1, "pulumi:providers:aws": 1 },
        });
    });

    it("finds the cross-account edges", () => {
        assert.deepEqual(result.plan.edges.map((e) => `${e.kind} ${e.fromStack} ${e.fromAccount} -> ${e.toStack} ${e.toAccount}: ${e.detail}`), [
            "ram-share acct1-appmesh 111111111111 -> acct2-appmesh 222222222222: RAM share \"subnets\" shares subnet network.privateSubnetIds[0], subnet network.privateSubnetIds[1] with account 222222222222",
            "ram-share acct1-appmesh 111111111111 -> acct2-appmesh 222222222222: RAM share \"mesh-share\" shares Mesh mesh-mesh with account 222222222222",
            "mesh-backend acct1-appmesh 111111111111 -> acct2-appmesh 222222222222: VirtualNode serviceb-cell1-node, VirtualNode serviceb-cell2-node -> virtual service servicex.internal-domain2.com (acct2-appmesh)",
            "stack-reference acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: stack reference \"owner\" to organization/cellmesh/acct1-appmesh reads compute, engine, meshArn, meshName, meshOwner, privateSubnetIds, sharing, vpcCidr, vpcId",
            "dns-authorization acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: zone internal-domain2.com (acct2-appmesh) authorizes VPC acct1-appmesh/network to associate (created in 222222222222)",
            "dns-association acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: VPC acct1-appmesh/network resolves zone internal-domain2.com (acct2-appmesh) (association created in 111111111111 with provider owner-account)",
            "shared-mesh acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: 5 App Mesh resources (VirtualRouter, VirtualService, VirtualNode x2, Route) are created in the mesh owned by account 111111111111",
            "cross-stack-value acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: uses acct1-appmesh's computed network.vpcId in 4 resources (VpcAssociationAuthorization, ZoneAssociation, SecurityGroup x2)",
            "cross-stack-value acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: uses acct1-appmesh's computed mesh-mesh.meshOwner in 8 resources (Provider, VirtualRouter, VirtualService, VirtualNode x2, Route, TaskDefinition x2)",
            "cross-stack-value acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: uses acct1-appmesh's computed network.privateSubnetIds[0] in 2 resources (Service x2)",
            "cross-stack-value acct2-appmesh 222222222222 -> acct1-appmesh 111111111111: uses acct1-appmesh's computed network.privateSubnetIds[1] in 2 resources (Service x2)",
        ]);
    });

    it("reports each service's cells with their weights as percentages", () => {
        assert.deepEqual(result.plan.weights.map((w) => ({
            stack: w.stack, service: w.service, route: w.route,
            cells: w.cells.map((c) => `${c.cell} ${c.weight} ${c.percent}%`),
            alb: w.alb && w.alb.targets.map((t) => `${t.cell} ${t.weight} ${t.percent}%`),
        })), [
            { stack: "acct1-appmesh", service: "servicea.internal-domain1.com", route: "servicea-route", cells: ["cell1 50 50%", "cell2 50 50%"], alb: ["cell1 50 50%", "cell2 50 50%"] },
            { stack: "acct1-appmesh", service: "serviceb.internal-domain1.com", route: "serviceb-route", cells: ["cell1 50 50%", "cell2 50 50%"], alb: undefined },
            { stack: "acct2-appmesh", service: "servicex.internal-domain2.com", route: "servicex-route", cells: ["cell1 50 50%", "cell2 50 50%"], alb: undefined },
        ]);
        assert.match(result.stdout, /servicea\.internal-domain1\.com {2}cell1 50% {2}cell2 50% {2}\(route servicea-route\)/);
    });

    it("shows what only AWS can compute as computed, never invented", () => {
        const owner = result.plan.stacks[0].outputs as Record<string, any>;
        assert.equal(owner.meshOwner, "<computed: acct1-appmesh aws:appmesh/mesh:Mesh mesh-mesh.meshOwner>");
        assert.equal(owner.meshArn, "<computed: acct1-appmesh aws:appmesh/mesh:Mesh mesh-mesh.arn>");
        assert.deepEqual(owner.privateSubnetIds, [
            "<computed: acct1-appmesh awsx:ec2:Vpc network.privateSubnetIds[0]>",
            "<computed: acct1-appmesh awsx:ec2:Vpc network.privateSubnetIds[1]>",
        ]);
        assert.equal(owner.ingressUrls.servicea, "http://<computed: acct1-appmesh aws:lb/loadBalancer:LoadBalancer servicea-ingress-alb.dnsName>");
        // The consumer got the owner's planned outputs through its stack reference.
        const consumer = result.plan.stacks[1];
        const provider = consumer.resources.find((r) => r.type === "pulumi:providers:aws")!;
        assert.equal(provider.inputs.allowedAccountIds, JSON.stringify([owner.meshOwner]));
        assert.equal(provider.account, "111111111111");
        const association = consumer.resources.find((r) => r.type === "aws:route53/zoneAssociation:ZoneAssociation")!;
        assert.equal(association.inputs.vpcId, "<computed: acct1-appmesh awsx:ec2:Vpc network.vpcId>");
        assert.equal(association.provider, provider.urn);
        // No id anywhere is made up: ids of custom resources are markers.
        const text = JSON.stringify(result.plan);
        assert.ok(!/vpc-[0-9a-f]{8}|subnet-[0-9a-f]{8}|elb\.amazonaws\.com/.test(text));
        assert.match(result.stdout, /meshArn: \(computed\)/);
    });

    it("prints the resource tree by component", () => {
        assert.match(result.stdout, /\n {2}CellService serviceb \(31\)\n {2}├─ FargateService serviceb-cell1 \(10\)\n {2}│ {2}├─ cloudwatch\.LogGroup serviceb-cell1-logs\n/);
        assert.match(result.stdout, /route53\.ZoneAssociation namespace-owner-vpc-association {2}\[in account 111111111111 via provider owner-account \(acct1-appmesh\/mesh-mesh\.meshOwner\)\]/);
        assert.match(result.stdout, /awsx\.ec2\.Vpc network {2}\[remote component: its provider creates the children at deploy time, not expanded offline\]/);
    });

    it("writes plan.json with every resource's type, name, parent, provider and inputs", () => {
        const saved = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as Plan;
        assert.deepEqual(saved, JSON.parse(JSON.stringify(result.plan)));
        const route = saved.stacks[0].resources.find((r) => r.name === "serviceb-route")!;
        assert.equal(route.type, "aws:appmesh/route:Route");
        assert.equal(route.parent, "urn:pulumi:acct1-appmesh::cellmesh::cellmesh:appmesh:CellService::serviceb");
        assert.equal(route.urn, "urn:pulumi:acct1-appmesh::cellmesh::cellmesh:appmesh:CellService$aws:appmesh/route:Route::serviceb-route");
        assert.deepEqual((route.inputs.spec as any).httpRoute.action.weightedTargets, [
            { virtualNode: "serviceb-cell1", weight: 50 }, { virtualNode: "serviceb-cell2", weight: 50 },
        ]);
        assert.ok(isComputed(saved.stacks[0].resources.find((r) => r.name === "mesh-share-mesh")!.inputs.resourceArn));
    });

    it("writes an SVG that parses as SVG, and the Mermaid text", () => {
        const svg = fs.readFileSync(path.join(out, "plan.svg"), "utf8");
        assert.equal(XMLValidator.validate(svg), true);
        const doc = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(svg);
        assert.equal(doc.svg["@_xmlns"], "http://www.w3.org/2000/svg");
        const texts: string[] = [];
        const walk = (v: unknown): void => {
            if (Array.isArray(v)) v.forEach(walk);
            else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) (k === "text" ? collect(x) : walk(x));
        };
        const collect = (x: unknown): void => {
            if (Array.isArray(x)) x.forEach(collect);
            else texts.push(typeof x === "object" && x !== null ? String((x as Record<string, unknown>)["#text"]) : String(x));
        };
        walk(doc.svg);
        for (const text of ["account 111111111111", "account 222222222222", "servicex.internal-domain2.com", "RAM share mesh-share", "DNS association", "50%"]) {
            assert.ok(texts.includes(text), `${text} in ${texts.join(" | ")}`);
        }
        assert.match(fs.readFileSync(path.join(out, "plan.mmd"), "utf8"), /^flowchart LR\n/);
    });

    it("starts with the App Mesh end-of-support notice", () => {
        assert.ok(result.stdout.startsWith(`${APP_MESH_NOTICE}\n\ncellmesh plan of project cellmesh: 2 stacks, 130 resources.\n`), result.stdout.slice(0, 400));
        assert.equal(result.stderr, undefined);
    });

    it("--json prints the plan instead of the report (the notice goes to stderr, first)", async () => {
        const r = await plan(["--out", tmpdir(), "--json", "--no-diagram"]);
        assert.equal(r.stderr, `${APP_MESH_NOTICE}\n`);
        const parsed = JSON.parse(r.stdout) as Plan;
        assert.equal(parsed.stacks.length, 2);
        assert.deepEqual(Object.keys(parsed.stacks[1].resources[0]).filter((k) => ["type", "name", "inputs", "account"].includes(k)).sort(), ["account", "inputs", "name", "type"]);
    });
});

describe("plan: options and validation", function () {
    this.timeout(60000);

    it("--stack shows one stack; a consumer's owner still runs to feed its stack reference", async () => {
        const r = await plan(["--out", tmpdir(), "--stack", "acct2-appmesh", "--no-diagram"]);
        assert.deepEqual(r.plan.selected, ["acct2-appmesh"]);
        assert.deepEqual(r.plan.stacks.map((s) => s.stack), ["acct1-appmesh", "acct2-appmesh"]);
        assert.match(r.stdout, /^Notice: AWS ended App Mesh on 2026-09-30; stack acct2-appmesh uses cellmesh:engine: appmesh and cannot be deployed\. .*\n\ncellmesh plan of project cellmesh: 1 stack, 41 resources\./);
        assert.ok(!r.stdout.includes("=== stack acct1-appmesh"));
    });

    it("an invalid config fails with the same message as a deploy", async () => {
        const file = editedStackFile("acct1-appmesh", (c) => { c["cellmesh:services"].serviceb.cells = { cell1: 80, cell2: 30 }; });
        // What the driver and a deploy report for the same files.
        const dir = tmpdir();
        for (const f of ["Pulumi.yaml", "Pulumi.acct2-appmesh.yaml"]) fs.copyFileSync(path.join(APPMESH_DIR, f), path.join(dir, f));
        fs.copyFileSync(file, path.join(dir, "Pulumi.acct1-appmesh.yaml"));
        let expected = "";
        try {
            discoverProject(dir);
        } catch (err) {
            expected = (err as Error).message;
        }
        assert.match(expected, /cellmesh:services\.serviceb\.cells = "cell1=80 cell2=30": the weights add up to 110/);

        const written: string[] = [];
        const write = process.stderr.write;
        process.stderr.write = ((chunk: string) => { written.push(String(chunk)); return true; }) as typeof process.stderr.write;
        let code: number;
        try {
            code = await main(["--dir", APPMESH_DIR, "--config", file, "--out", tmpdir()]);
        } finally {
            process.stderr.write = write;
        }
        assert.equal(code, 1);
        assert.equal(written.join(""), `${expected}\n`);
    });

    it("rejects unknown options and stacks", async () => {
        await assert.rejects(runPlanCli(["--frobnicate"]), /unknown option --frobnicate/);
        await assert.rejects(plan(["--stack", "acct9", "--out", tmpdir()]), /--stack: no stack named acct9; stacks of this project: acct1-appmesh, acct2-appmesh/);
    });
});

describe("plan: other protocols and pin routes (the Yelb example)", function () {
    this.timeout(60000);

    it("reads weights from TCP routes and lists pin routes apart from the weighted one", async () => {
        const r = await runPlanCli(["--dir", path.join(ROOT, "examples", "yelb"), "--out", tmpdir(), "--no-diagram"]);
        assert.ok(!("help" in r));
        assert.deepEqual(r.plan.weights.map((w) => `${w.service} ${w.route}: ${w.cells.map((c) => `${c.cell} ${c.percent}%`).join(" ")}${w.pins ? `; pinned: ${w.pins.join(", ")}` : ""}`), [
            "redis-server.backend.yelb.local redis-server-route: cell1 50% cell2 50%",
            "yelb-db.backend.yelb.local yelb-db-route: cell1 100% cell2 0%",
            "yelb-ui.frontend.yelb.local yelb-ui-route: cell1 50% cell2 50%; pinned: cell1 by header x-cell: cell1, cell2 by header x-cell: cell2",
            "yelb-appserver.frontend.yelb.local yelb-appserver-route: cell1 50% cell2 50%",
        ]);
    });
});

describe("plan: the EKS variant (examples/appmesh-eks)", function () {
    this.timeout(60000);

    it("reads weights from the VirtualRouter custom resources and shows peering and backends across accounts", async () => {
        const r = await runPlanCli(["--dir", path.join(ROOT, "examples", "appmesh-eks"), "--out", tmpdir(), "--no-diagram"]);
        assert.ok(!("help" in r));
        assert.deepEqual(r.plan.weights.map((w) => `${w.stack} ${w.service} ${w.route}: ${w.cells.map((c) => `${c.cell} ${c.percent}%`).join(" ")}`), [
            "acct1-appmesh-eks servicea.internal-domain1.com servicea-route: cell1 50% cell2 50%",
            "acct1-appmesh-eks serviceb.internal-domain1.com serviceb-route: cell1 50% cell2 50%",
            "acct2-appmesh-eks servicex.internal-domain2.com servicex-route: cell1 50% cell2 50%",
        ]);
        const kinds = (kind: string) => r.plan.edges.filter((e) => e.kind === kind).map((e) => `${e.fromStack} -> ${e.toStack ?? e.toAccount}: ${e.detail}`);
        assert.deepEqual(kinds("vpc-peering"), ["acct2-appmesh-eks -> acct1-appmesh-eks: VPC peering peering-request requested from 222222222222 to 111111111111"]);
        assert.deepEqual(kinds("mesh-backend"), ["acct1-appmesh-eks -> acct2-appmesh-eks: VirtualNode serviceb-cell1-node, VirtualNode serviceb-cell2-node -> virtual service servicex.internal-domain2.com (acct2-appmesh-eks)"]);
        assert.deepEqual(r.plan.stacks.map((s) => s.outputs.compute), ["eks", "eks"]);
    });
});

describe("plan: the VPC Lattice sample on ECS (the repository root)", function () {
    this.timeout(60000);
    const dir = ROOT;
    let out: string;
    let result: CliResult;
    before(async () => {
        out = tmpdir();
        const r = await runPlanCli(["--dir", dir, "--out", out]);
        if ("help" in r) throw new Error("unexpected help");
        result = r;
    });

    it("plans both stacks with the engine and exact resource counts per account and type", () => {
        assert.deepEqual(result.plan.stacks.map((s) => [s.stack, s.role, s.engine, s.account, s.resources.length]), [
            ["acct1", "owner", "lattice", "111111111111", 77],
            ["acct2", "consumer", "lattice", "222222222222", 41],
        ]);
        assert.deepEqual(counts(result.plan, "acct1"), { "111111111111": OWNER_LATTICE_SAMPLE_COUNTS });
        // The owner-side halves of the two DNS associations (and their provider) act in the owner's account.
        const {
            "aws:route53/zoneAssociation:ZoneAssociation": _association, "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": _authorization,
            "pulumi:providers:aws": _provider, ...own
        } = CONSUMER_LATTICE_SAMPLE_COUNTS;
        assert.deepEqual(counts(result.plan, "acct2"), {
            "222222222222": { ...own, "aws:route53/zoneAssociation:ZoneAssociation": 1, "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 1 },
            "111111111111": { "aws:route53/zoneAssociation:ZoneAssociation": 1, "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 1, "pulumi:providers:aws": 1 },
        });
        const saved = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as Plan;
        assert.deepEqual(saved.stacks.map((s) => s.engine), ["lattice", "lattice"]);
        assert.equal(result.stdout.match(/\nengine: lattice\n/g)?.length, 2);
        assert.match(result.stdout, /=== stack acct1 \(owner\) · account 111111111111 · us-east-1 · 77 resources ===\nengine: lattice\n/);
        assert.ok(result.stdout.startsWith("cellmesh plan of project cellmesh: 2 stacks,"), "no App Mesh notice on VPC Lattice");
    });

    it("finds the cross-account edges: the network's share, the call to servicex, DNS both ways and the consumer's VPC and service joining the owner's network", () => {
        assert.deepEqual(result.plan.edges.map((e) => `${e.kind} ${e.fromStack} -> ${e.toStack}: ${e.detail}`), [
            'ram-share acct1 -> acct2: RAM share "mesh-share" shares ServiceNetwork mesh-network with account 222222222222',
            "mesh-backend acct1 -> acct2: TaskDefinition serviceb-cell1-taskdef, TaskDefinition serviceb-cell2-taskdef -> Lattice service servicex.internal-domain2.com (acct2)",
            'stack-reference acct2 -> acct1: stack reference "owner" to organization/cellmesh/acct1 reads compute, engine, hostedZoneId, ownerAccountId, serviceNetworkArn, sharing, vpcId, vpcLayout',
            "dns-authorization acct2 -> acct1: zone internal-domain2.com (acct2) authorizes VPC acct1/network to associate (created in 222222222222)",
            "dns-association acct2 -> acct1: VPC acct1/network resolves zone internal-domain2.com (acct2) (association created in 111111111111 with provider owner-account)",
            "dns-authorization acct2 -> acct2: zone internal-domain1.com (acct1) authorizes VPC acct2/network to associate (created in 111111111111)",
            "dns-association acct2 -> acct2: VPC acct2/network resolves zone internal-domain1.com (acct1) (association created in 222222222222)",
            "shared-mesh acct2 -> acct1: 2 VPC Lattice associations (ServiceNetworkVpcAssociation, ServiceNetworkServiceAssociation) join the service network owned by account 111111111111",
            "cross-stack-value acct2 -> acct1: uses acct1's computed mesh-network.arn in 2 resources (ServiceNetworkVpcAssociation, ServiceNetworkServiceAssociation)",
            "cross-stack-value acct2 -> acct1: uses acct1's computed network.vpcId in 2 resources (VpcAssociationAuthorization, ZoneAssociation)",
            "cross-stack-value acct2 -> acct1: uses acct1's computed namespace-zone.zoneId in 2 resources (VpcAssociationAuthorization, ZoneAssociation)",
        ]);
    });

    it("reads the weights from each Lattice listener's forwards[0].targetGroups (and the entry service's ALB)", () => {
        assert.deepEqual(result.plan.weights.map((w) => ({
            stack: w.stack, service: w.service, source: w.source, route: w.route,
            cells: w.cells.map((c) => `${c.cell} ${c.node} ${c.weight} ${c.percent}%`),
            alb: w.alb && w.alb.targets.map((t) => `${t.cell} ${t.weight}`),
        })), [
            { stack: "acct1", service: "servicea.internal-domain1.com", source: "lattice-listener", route: "servicea-listener", cells: ["cell1 servicea-cell1 50 50%", "cell2 servicea-cell2 50 50%"], alb: ["cell1 50", "cell2 50"] },
            { stack: "acct1", service: "serviceb.internal-domain1.com", source: "lattice-listener", route: "serviceb-listener", cells: ["cell1 serviceb-cell1 50 50%", "cell2 serviceb-cell2 50 50%"], alb: undefined },
            { stack: "acct2", service: "servicex.internal-domain2.com", source: "lattice-listener", route: "servicex-listener", cells: ["cell1 servicex-cell1 50 50%", "cell2 servicex-cell2 50 50%"], alb: undefined },
        ]);
        assert.match(result.stdout, /serviceb\.internal-domain1\.com {2}cell1 50% {2}cell2 50% {2}\(Lattice listener serviceb-listener\)/);
    });

    it("computed values stay computed: the Lattice DNS names, the network ARN; the owner's account is the stack's own", () => {
        const owner = result.plan.stacks[0].outputs as Record<string, any>;
        assert.equal(owner.serviceNetworkArn, "<computed: acct1 aws:vpclattice/serviceNetwork:ServiceNetwork mesh-network.arn>");
        assert.equal(owner.latticeDnsNames.serviceb, "<computed: acct1 aws:vpclattice/service:Service serviceb-service.dnsEntries[0].domainName>");
        assert.equal(owner.ownerAccountId, "111111111111");
        const record = result.plan.stacks[0].resources.find((r) => r.name === "serviceb-dns")!;
        assert.deepEqual(record.inputs.aliases, [{
            name: "<computed: acct1 aws:vpclattice/service:Service serviceb-service.dnsEntries[0].domainName>",
            zoneId: "<computed: acct1 aws:vpclattice/service:Service serviceb-service.dnsEntries[0].hostedZoneId>",
            evaluateTargetHealth: false,
        }]);
    });

    it("the diagram labels each account with its engine and draws the service network, its associations and the calls", () => {
        const mmd = fs.readFileSync(path.join(out, "plan.mmd"), "utf8");
        for (const line of [
            '  subgraph acct1["acct1 (owner, lattice)"]',
            '  subgraph acct2["acct2 (consumer, lattice)"]',
            '    acct1_mesh_multiaccountmeshdemo[["service network multiaccountmeshdemo"]]',
            '    acct2_ns_internal_domain2_com[["namespace internal-domain2.com"]]',
            '  acct1_svc_serviceb -->|"calls"| acct2_svc_servicex',
            '  acct1_vpc_network -.->|"VPC association"| acct1_mesh_multiaccountmeshdemo',
            '  acct2_svc_servicex -.->|"joins service network"| acct1_mesh_multiaccountmeshdemo',
            '  acct1_alb_servicea -->|"50%"| acct1_servicea_cell1',
        ]) assert.ok(mmd.split("\n").includes(line), `${line}\nnot in\n${mmd}`);
        assert.equal(XMLValidator.validate(fs.readFileSync(path.join(out, "plan.svg"), "utf8")), true);
    });

    it("--diff without a file compares with the last plan in the output dir (the weight-change loop), and parses as such", async () => {
        const dirOut = tmpdir();
        const first = await runPlanCli(["--dir", dir, "--out", dirOut, "--no-diagram"]);
        assert.ok(!("help" in first));
        const doc = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.acct1.yaml"), "utf8"));
        doc.config["cellmesh:services"].serviceb.cells = { cell1: 0, cell2: 100 };
        const edited = path.join(tmpdir(), "Pulumi.acct1.yaml");
        fs.writeFileSync(edited, stringifyYaml(doc));
        const r = await runPlanCli(["--dir", dir, "--config", edited, "--diff", "--out", dirOut, "--no-diagram"]);
        if ("help" in r) throw new Error("unexpected help");
        assert.equal(r.stdout.split("\nWrote ")[0], [
            `Changes against ${path.join(dirOut, "plan.json")}:`,
            "  ~ acct1 aws:vpclattice/listener:Listener serviceb-listener  [defaultAction]",
            "      defaultAction.forwards[0].targetGroups[cell1].weight: 50 -> 0",
            "      defaultAction.forwards[0].targetGroups[cell2].weight: 50 -> 100",
            "1 to change, 0 to add, 0 to remove.",
            "Stack outputs that change: acct1.weights",
            "",
        ].join("\n"));
        assert.equal(parseArgs(["--diff"]).diff, true);
        assert.equal(parseArgs(["--diff", "--out", "x"]).diff, true);
        assert.equal(parseArgs(["--diff", "old.json"]).diff, "old.json");
        assert.equal(parseArgs(["--diff=old.json"]).diff, "old.json");
        const empty = tmpdir();
        await assert.rejects(runPlanCli(["--dir", dir, "--diff", "--out", empty]), { message:
            `plan: --diff ${path.join(empty, "plan.json")}: no such file (run npm run plan once first, it writes ${empty}/plan.json; or save one with: cp ${empty}/plan.json before.json); see npm run plan -- --help` });
    });

    it("--diff of a weight change: only the Lattice listener changes", async () => {
        const doc = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.acct1.yaml"), "utf8"));
        doc.config["cellmesh:services"].serviceb.cells = { cell1: 0, cell2: 999 };
        const edited = path.join(tmpdir(), "Pulumi.acct1.yaml");
        fs.writeFileSync(edited, stringifyYaml(doc));
        const r = await runPlanCli(["--dir", dir, "--out", tmpdir(), "--no-diagram", "--config", edited, "--diff", path.join(out, "plan.json")]);
        if ("help" in r) throw new Error("unexpected help");
        assert.deepEqual(r.stdout.split("\n").filter((l) => /^ {2}[~+-] /.test(l)), ["  ~ acct1 aws:vpclattice/listener:Listener serviceb-listener  [defaultAction]"]);
        assert.deepEqual(r.plan.weights.find((w) => w.route === "serviceb-listener")!.cells.map((c) => `${c.cell} ${c.percent}%`), ["cell1 0%", "cell2 100%"]);
    });
});

describe("plan: the VPC Lattice sample on EKS (examples/lattice-eks)", function () {
    this.timeout(60000);
    const dir = path.join(ROOT, "examples", "lattice-eks");
    let out: string;
    let result: CliResult;
    before(async () => {
        out = tmpdir();
        const r = await runPlanCli(["--dir", dir, "--out", out]);
        if ("help" in r) throw new Error("unexpected help");
        result = r;
    });

    /** A copy of the owner's stack file with `edit` applied to its config. */
    const editedOwner = (edit: (config: Record<string, any>) => void): string => {
        const doc = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.acct1-lattice-eks.yaml"), "utf8"));
        edit(doc.config);
        const file = path.join(tmpdir(), "Pulumi.acct1-lattice-eks.yaml");
        fs.writeFileSync(file, stringifyYaml(doc));
        return file;
    };

    it("plans both stacks with the engine and exact resource counts per account and type", () => {
        assert.deepEqual(result.plan.stacks.map((s) => [s.stack, s.role, s.engine, s.account, s.resources.length]), [
            ["acct1-lattice-eks", "owner", "lattice", "111111111111", 63],
            ["acct2-lattice-eks", "consumer", "lattice", "222222222222", 35],
        ]);
        assert.deepEqual(counts(result.plan, "acct1-lattice-eks"), { "111111111111": OWNER_LATTICE_EKS_SAMPLE_COUNTS });
        // The owner-side halves of the two DNS associations run in the owner's account.
        const own = { ...CONSUMER_LATTICE_EKS_SAMPLE_COUNTS } as Record<string, number>;
        delete own["pulumi:providers:aws"];
        own["aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization"] = 1;
        own["aws:route53/zoneAssociation:ZoneAssociation"] = 1;
        assert.deepEqual(counts(result.plan, "acct2-lattice-eks"), {
            "222222222222": own,
            "111111111111": {
                "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 1, "aws:route53/zoneAssociation:ZoneAssociation": 1, "pulumi:providers:aws": 1,
            },
        });
        assert.equal(result.stdout.match(/\nengine: lattice\n/g)?.length, 2);
    });

    it("finds the cross-account edges: the network share, the pods' call to servicex, DNS both ways and the consumer VPC joining the owner's network", () => {
        assert.deepEqual(result.plan.edges.map((e) => `${e.kind} ${e.fromStack} -> ${e.toStack}: ${e.detail}`), [
            'ram-share acct1-lattice-eks -> acct2-lattice-eks: RAM share "mesh-share" shares ServiceNetwork mesh-network with account 222222222222',
            "mesh-backend acct1-lattice-eks -> acct2-lattice-eks: Deployment serviceb-cell1, Deployment serviceb-cell2 -> Lattice service servicex.internal-domain2.com (acct2-lattice-eks)",
            'stack-reference acct2-lattice-eks -> acct1-lattice-eks: stack reference "owner" to organization/cellmesh/acct1-lattice-eks reads compute, engine, hostedZoneId, ownerAccountId, serviceNetworkArn, serviceNetworkName, sharing, vpcId',
            "dns-authorization acct2-lattice-eks -> acct1-lattice-eks: zone internal-domain2.com (acct2-lattice-eks) authorizes VPC acct1-lattice-eks/network to associate (created in 222222222222)",
            "dns-association acct2-lattice-eks -> acct1-lattice-eks: VPC acct1-lattice-eks/network resolves zone internal-domain2.com (acct2-lattice-eks) (association created in 111111111111 with provider owner-account)",
            "dns-authorization acct2-lattice-eks -> acct2-lattice-eks: zone internal-domain1.com (acct1-lattice-eks) authorizes VPC acct2-lattice-eks/network to associate (created in 111111111111)",
            "dns-association acct2-lattice-eks -> acct2-lattice-eks: VPC acct2-lattice-eks/network resolves zone internal-domain1.com (acct1-lattice-eks) (association created in 222222222222)",
            "shared-mesh acct2-lattice-eks -> acct1-lattice-eks: 2 VPC Lattice associations (ServiceNetworkVpcAssociation, ServiceNetworkServiceAssociation) join the service network owned by account 111111111111",
            "cross-stack-value acct2-lattice-eks -> acct1-lattice-eks: uses acct1-lattice-eks's computed mesh-network.arn in 3 resources (ServiceNetworkVpcAssociation, RolePolicy, ServiceNetworkServiceAssociation)",
            "cross-stack-value acct2-lattice-eks -> acct1-lattice-eks: uses acct1-lattice-eks's computed network.vpcId in 2 resources (VpcAssociationAuthorization, ZoneAssociation)",
            "cross-stack-value acct2-lattice-eks -> acct1-lattice-eks: uses acct1-lattice-eks's computed namespace-zone.zoneId in 2 resources (VpcAssociationAuthorization, ZoneAssociation)",
        ]);
    });

    it("reads the weights from each HTTPRoute's backendRefs, and the entry service's ALB split from its listener", () => {
        assert.deepEqual(result.plan.weights.map((w) => ({
            stack: w.stack, service: w.service, source: w.source, route: w.route, cells: w.cells.map((c) => `${c.cell} ${c.node} ${c.weight} ${c.percent}%`),
            alb: w.alb && `${w.alb.listener}: ${w.alb.targets.map((t) => `${t.cell} ${t.weight} ${t.percent}%`).join(", ")}`, pins: w.pins,
        })), [
            {
                stack: "acct1-lattice-eks", service: "servicea.internal-domain1.com", source: "httproute", route: "servicea-route", cells: ["cell1 servicea-cell1 50 50%", "cell2 servicea-cell2 50 50%"],
                alb: "servicea-ingress-listener: cell1 50 50%, cell2 50 50%", pins: undefined,
            },
            { stack: "acct1-lattice-eks", service: "serviceb.internal-domain1.com", source: "httproute", route: "serviceb-route", cells: ["cell1 serviceb-cell1 50 50%", "cell2 serviceb-cell2 50 50%"], alb: undefined, pins: undefined },
            { stack: "acct2-lattice-eks", service: "servicex.internal-domain2.com", source: "httproute", route: "servicex-route", cells: ["cell1 servicex-cell1 50 50%", "cell2 servicex-cell2 50 50%"], alb: undefined, pins: undefined },
        ]);
        assert.match(result.stdout, /serviceb\.internal-domain1\.com {2}cell1 50% {2}cell2 50% {2}\(HTTPRoute serviceb-route\)/);
        assert.match(result.stdout, /cell1 50% {2}cell2 50% {2}\(ALB listener servicea-ingress-listener, from the internet\)/);
    });

    it("shows pins and uneven weights from the HTTPRoute's rules", async () => {
        const file = editedOwner((c) => {
            c["cellmesh:services"].serviceb.cells = { cell1: 1, cell2: 3 };
            c["cellmesh:services"].serviceb.cellPinning = { header: "x-cell", paths: { cell2: "/canary" } };
        });
        const r = await runPlanCli(["--dir", dir, "--out", tmpdir(), "--no-diagram", "--config", file]);
        if ("help" in r) throw new Error("unexpected help");
        const w = r.plan.weights.find((x) => x.route === "serviceb-route")!;
        assert.deepEqual(w.cells.map((c) => `${c.cell} ${c.weight} ${c.percent}%`), ["cell1 1 25%", "cell2 3 75%"]);
        assert.deepEqual(w.pins, ["cell2 by path /canary", "cell1 by header x-cell: cell1", "cell2 by header x-cell: cell2"]);
        assert.match(r.stdout, /pinned: cell2 by path \/canary, cell1 by header x-cell: cell1, cell2 by header x-cell: cell2/);
    });

    it("computed values stay computed: the alias targets come from the Lattice service read back after the route", () => {
        const owner = result.plan.stacks[0].outputs as Record<string, any>;
        const lookup = 'acct1-lattice-eks aws:vpclattice/getService:getService getService("serviceb-cellmesh")';
        assert.equal(owner.latticeDnsNames.serviceb, `<computed: ${lookup}.dnsEntries[0].domainName>`);
        assert.equal(owner.serviceArns.serviceb, `<computed: ${lookup}.arn>`);
        assert.equal(owner.kubeconfig, "<computed: acct1-lattice-eks eks:index:Cluster cluster.kubeconfigJson>");
        const record = result.plan.stacks[0].resources.find((r) => r.name === "serviceb-dns")!;
        assert.deepEqual(record.inputs.aliases, [{
            name: `<computed: ${lookup}.dnsEntries[0].domainName>`, zoneId: `<computed: ${lookup}.dnsEntries[0].hostedZoneId>`, evaluateTargetHealth: false,
        }]);
    });

    it("the diagram draws the weighted public ALB, the calls, both VPC associations and DNS both ways", () => {
        const mmd = fs.readFileSync(path.join(out, "plan.mmd"), "utf8");
        for (const line of [
            '  subgraph acct1_lattice_eks["acct1-lattice-eks (owner, lattice)"]',
            '    acct1_lattice_eks_alb_servicea[/"ALB servicea-ingress"/]',
            '  internet -->|"HTTP :80"| acct1_lattice_eks_alb_servicea',
            '  acct1_lattice_eks_alb_servicea -->|"50%"| acct1_lattice_eks_servicea_cell1',
            '  acct1_lattice_eks_svc_serviceb -->|"50%"| acct1_lattice_eks_serviceb_cell2',
            '  acct1_lattice_eks_svc_serviceb -->|"calls"| acct2_lattice_eks_svc_servicex',
            '  acct2_lattice_eks_vpc_network -.->|"VPC association"| acct1_lattice_eks_mesh_multiaccountmeshdemo_eks',
            '  acct1_lattice_eks_ns_internal_domain1_com -.->|"DNS association"| acct2_lattice_eks_vpc_network',
        ]) assert.ok(mmd.split("\n").includes(line), `${line}\nnot in\n${mmd}`);
        assert.equal(XMLValidator.validate(fs.readFileSync(path.join(out, "plan.svg"), "utf8")), true);
    });

    it("--diff of a weight change: only the HTTPRoute changes", async () => {
        const file = editedOwner((c) => { c["cellmesh:services"].serviceb.cells = { cell1: 0, cell2: 999 }; });
        const r = await runPlanCli(["--dir", dir, "--out", tmpdir(), "--no-diagram", "--config", file, "--diff", path.join(out, "plan.json")]);
        if ("help" in r) throw new Error("unexpected help");
        assert.deepEqual(r.stdout.split("\n").filter((l) => /^ {2}[~+-] /.test(l)), ["  ~ acct1-lattice-eks kubernetes:gateway.networking.k8s.io/v1:HTTPRoute serviceb-route  [spec]"]);
        assert.deepEqual(r.plan.weights.find((w) => w.route === "serviceb-route")!.cells.map((c) => `${c.cell} ${c.percent}%`), ["cell1 0%", "cell2 100%"]);
    });

    it("--diff of the entry service's weights: its HTTPRoute and its ALB listener change", async () => {
        const file = editedOwner((c) => { c["cellmesh:services"].servicea.cells = { cell1: 1, cell2: 3 }; });
        const r = await runPlanCli(["--dir", dir, "--out", tmpdir(), "--no-diagram", "--config", file, "--diff", path.join(out, "plan.json")]);
        if ("help" in r) throw new Error("unexpected help");
        assert.deepEqual(r.stdout.split("\n").filter((l) => /^ {2}[~+-] /.test(l)), [
            "  ~ acct1-lattice-eks aws:lb/listener:Listener servicea-ingress-listener  [defaultActions]",
            "  ~ acct1-lattice-eks kubernetes:gateway.networking.k8s.io/v1:HTTPRoute servicea-route  [spec]",
        ]);
        assert.deepEqual(r.plan.weights.find((w) => w.route === "servicea-route")!.alb!.targets.map((t) => `${t.cell} ${t.percent}%`), ["cell1 25%", "cell2 75%"]);
    });
});

describe("plan: HTTPS on the public ALB", function () {
    this.timeout(60000);

    it("follows the HTTPS listener that splits, not the redirect, and draws the internet edge as HTTPS :443", async () => {
        const file = editedStackFile("acct1-appmesh", (c) => { c["cellmesh:albCertificateArn"] = SECURITY.albCertificate; });
        const out = tmpdir();
        const r = await plan(["--config", file, "--out", out]);
        const a = r.plan.weights.find((w) => w.service === "servicea.internal-domain1.com");
        assert.deepEqual(a?.alb, {
            listener: "servicea-ingress-https",
            targets: [{ cell: "cell1", weight: 50, percent: 50 }, { cell: "cell2", weight: 50, percent: 50 }],
        });
        assert.match(r.stdout, /cell1 50% {2}cell2 50% {2}\(ALB listener servicea-ingress-https, from the internet\)/);
        const mmd = fs.readFileSync(path.join(out, "plan.mmd"), "utf8");
        assert.ok(mmd.includes('    acct1_appmesh_alb_servicea[/"ALB servicea-ingress"/]\n'), mmd);
        assert.ok(mmd.includes('  internet -->|"HTTPS :443"| acct1_appmesh_alb_servicea\n'), mmd);
        assert.ok(!mmd.includes('"HTTP :80"'), mmd);
    });
});

describe("plan: --diff", function () {
    this.timeout(60000);
    let saved: string;
    before(async () => {
        const out = tmpdir();
        await plan(["--out", out, "--no-diagram"]);
        saved = path.join(out, "plan.json");
    });

    it("a weight change of serviceb touches only serviceb's route", async () => {
        const file = editedStackFile("acct1-appmesh", (c) => { c["cellmesh:services"].serviceb.cells = { cell1: 80, cell2: 20 }; });
        const r = await plan(["--config", file, "--diff", saved, "--out", tmpdir(), "--no-diagram"]);
        assert.equal(r.stdout.split("\nWrote ")[0], [
            APP_MESH_NOTICE,
            "",
            `Changes against ${saved}:`,
            "  ~ acct1-appmesh aws:appmesh/route:Route serviceb-route  [spec]",
            "      spec.httpRoute.action.weightedTargets[cell1].weight: 50 -> 80",
            "      spec.httpRoute.action.weightedTargets[cell2].weight: 50 -> 20",
            "1 to change, 0 to add, 0 to remove.",
            "Stack outputs that change: acct1-appmesh.weights",
            "",
        ].join("\n"));
    });

    it("a weight change of the ingress service touches its route and its ALB listener", async () => {
        const file = editedStackFile("acct1-appmesh", (c) => { c["cellmesh:services"].servicea.cells = { cell1: 90, cell2: 10 }; });
        const r = await plan(["--config", file, "--diff", saved, "--out", tmpdir(), "--no-diagram"]);
        const changed = r.stdout.split("\n").filter((l) => /^ {2}[~+-] /.test(l));
        assert.deepEqual(changed, [
            "  ~ acct1-appmesh aws:lb/listener:Listener servicea-ingress-listener  [defaultActions]",
            "  ~ acct1-appmesh aws:appmesh/route:Route servicea-route  [spec]",
        ]);
    });

    it("a new cell adds its resources", async () => {
        const file = editedStackFile("acct2-appmesh", (c) => { c["cellmesh:services"].servicex.cells = { cell1: 40, cell2: 40, cell3: 20 }; });
        const r = await plan(["--config", file, "--diff", saved, "--out", tmpdir(), "--no-diagram"]);
        assert.match(r.stdout, /\n1 to change, 13 to add, 0 to remove\.\n/);
        assert.match(r.stdout, /~ acct2-appmesh aws:appmesh\/route:Route servicex-route {2}\[spec\]/);
    });
});

describe("plan: the diagram of a small config", function () {
    this.timeout(60000);

    it("renders the exact Mermaid text", async () => {
        const dir = tmpdir();
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.hub.yaml"), stringifyYaml({
            config: {
                "aws:region": "eu-west-1", "aws:allowedAccountIds": ["111111111111"],
                "cellmesh:role": "owner", "cellmesh:engine": "appmesh", "cellmesh:meshName": "demo", "cellmesh:consumers": ["333333333333"],
                "cellmesh:namespace": "hub.internal",
                "cellmesh:services": { web: { port: 8080, ingress: true, backends: ["api.spoke.internal"], cells: { blue: 75, green: 25 } } },
            },
        }));
        fs.writeFileSync(path.join(dir, "Pulumi.spoke.yaml"), stringifyYaml({
            config: {
                "aws:region": "eu-west-1", "aws:allowedAccountIds": ["333333333333"],
                "cellmesh:role": "consumer", "cellmesh:engine": "appmesh", "cellmesh:ownerStack": "organization/cellmesh/hub", "cellmesh:ownerAccess": { profile: "hub" },
                "cellmesh:namespace": "spoke.internal",
                "cellmesh:services": { api: { port: 8080, cells: { one: 100 } } },
            },
        }));
        const out = tmpdir();
        const r = await runPlanCli(["--dir", dir, "--out", out]);
        assert.ok(!("help" in r));
        assert.equal(fs.readFileSync(path.join(out, "plan.mmd"), "utf8"), [
            "flowchart LR",
            "  internet((\"internet\"))",
            "  subgraph hub[\"hub (owner, appmesh)\"]",
            "    hub_account{{\"account 111111111111\"}}",
            "    hub_mesh_demo[[\"mesh demo\"]]",
            "    hub_vpc_network[(\"VPC network 10.0.0.0/16\")]",
            "    hub_ns_hub_internal[[\"namespace hub.internal\"]]",
            "    hub_svc_web([\"web.hub.internal\"])",
            "    hub_web_blue[\"web blue\"]",
            "    hub_web_green[\"web green\"]",
            "    hub_alb_web[/\"ALB web-ingress\"/]",
            "  end",
            "  subgraph spoke[\"spoke (consumer, appmesh)\"]",
            "    spoke_account{{\"account 333333333333\"}}",
            "    spoke_vpc_namespace_placeholder_vpc[(\"VPC namespace-placeholder-vpc 192.168.0.0/28\")]",
            "    spoke_ns_spoke_internal[[\"namespace spoke.internal\"]]",
            "    spoke_svc_api([\"api.spoke.internal\"])",
            "    spoke_api_one[\"api one\"]",
            "  end",
            "  hub_svc_web -->|\"75%\"| hub_web_blue",
            "  hub_svc_web -->|\"25%\"| hub_web_green",
            "  spoke_svc_api -->|\"100%\"| spoke_api_one",
            "  hub_alb_web -->|\"75%\"| hub_web_blue",
            "  hub_alb_web -->|\"25%\"| hub_web_green",
            "  internet -->|\"HTTP :80\"| hub_alb_web",
            "  hub_svc_web -->|\"calls\"| spoke_svc_api",
            "  spoke_account -.->|\"tasks run in shared subnets\"| hub_vpc_network",
            "  hub_account -.->|\"RAM share subnets\"| spoke_account",
            "  hub_account -.->|\"RAM share mesh-share\"| spoke_account",
            "  spoke_account -.->|\"stack reference\"| hub_account",
            "  spoke_ns_spoke_internal -.->|\"DNS association\"| hub_vpc_network",
            "",
        ].join("\n"));
    });
});

describe("plan --json through a pipe", function () {
    this.timeout(60000);

    it("stdout carries the whole document: the process is not ended while a pipe still holds it", () => {
        const out = tmpdir();
        // A reader that starts late fills the pipe (64 KiB), as `npm run plan -- --json | jq` can.
        const r = require("node:child_process").spawnSync("sh", ["-c", `"${process.execPath}" -r ./tools/register.js plan/cli.ts --json --no-diagram --out "${out}" | (sleep 1; cat)`],
            { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 }) as { status: number; stdout: string; stderr: string };
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.stdout.length > 65536, `only ${r.stdout.length} characters`);
        assert.equal(r.stdout, fs.readFileSync(path.join(out, "plan.json"), "utf8"));
    });
});
