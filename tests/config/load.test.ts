import * as assert from "node:assert/strict";
import { parseStackConfig } from "../../config/load";
import { RawConfig } from "../../config/types";
import { loaderProblems } from "../helpers/configProblems";
import { consumerSample, ownerSample, rawSample } from "../helpers/fixtures";

/** The problems a config produces (empty when valid). */
function problems(stack: string, overrides: RawConfig, drop: string[] = []): readonly string[] {
    const raw: Record<string, unknown> = { ...rawSample(stack === "acct1" ? "acct1-appmesh" : "acct2-appmesh"), ...overrides };
    for (const key of drop) delete raw[key];
    return loaderProblems(raw, stack);
}

const svc = (cells: unknown, extra: Record<string, unknown> = {}) => ({
    servicea: { port: 5001, ingress: true, backends: ["serviceb"], cells: { cell1: 50, cell2: 50 } },
    serviceb: { port: 5001, cells, ...extra },
});

describe("config loading", () => {
    it("parses the owner sample into the reference topology", () => {
        const c = ownerSample();
        assert.equal(c.role, "owner");
        assert.equal(c.accountId, "111111111111");
        assert.equal(c.meshName, "multiaccountmeshdemo");
        assert.deepEqual(c.consumers, ["222222222222"]);
        assert.deepEqual(c.network, { vpcCidr: "10.0.0.0/16", natGateways: "Single", availabilityZones: 2 });
        assert.equal(c.sharing, "organization");
        assert.equal(c.egressFilter, "DROP_ALL");
        assert.equal(c.virtualGateway, undefined);
        assert.deepEqual(c.services.map((s) => [s.name, s.port, s.ingress, s.cells]), [
            ["servicea", 5001, true, [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]],
            ["serviceb", 5001, false, [{ name: "cell1", weight: 50 }, { name: "cell2", weight: 50 }]],
        ]);
        assert.deepEqual(c.services[1].backends, [{
            kind: "remote", service: "servicex", namespace: "internal-domain2.com", virtualServiceName: "servicex.internal-domain2.com", port: 5001,
        }]);
    });

    it("parses the consumer sample", () => {
        const c = consumerSample();
        assert.equal(c.role, "consumer");
        assert.equal(c.ownerStack, "organization/cellmesh/acct1-appmesh");
        assert.deepEqual(c.ownerAccess, { profile: "acct1" });
        assert.equal(c.createServiceLinkedRole, false);
        assert.equal(c.placeholderVpcCidr, "192.168.0.0/28");
        assert.deepEqual(c.services.map((s) => s.name), ["servicex"]);
    });

    it("accepts Pulumi's JSON-text and string spellings (what `pulumi config set --path` writes)", () => {
        const c = parseStackConfig({
            ...rawSample("acct1-appmesh"),
            "aws:allowedAccountIds": '["111111111111"]',
            "cellmesh:consumers": '["222222222222"]',
            "cellmesh:services": JSON.stringify({ serviceb: { port: "5001", cells: { cell1: "0", cell2: "100" } } }),
        }, "acct1");
        assert.deepEqual(c.services[0].cells, [{ name: "cell1", weight: 0 }, { name: "cell2", weight: 100 }]);
        assert.equal(c.services[0].port, 5001);
    });

    it("an owner role ARN or profile string is accepted as ownerAccess", () => {
        assert.deepEqual(consumerSample({ "cellmesh:ownerAccess": "arn:aws:iam::111111111111:role/deployer" }).ownerAccess,
            { roleArn: "arn:aws:iam::111111111111:role/deployer" });
        assert.deepEqual(consumerSample({ "cellmesh:ownerAccess": "acct1-admin" }).ownerAccess, { profile: "acct1-admin" });
        assert.deepEqual(consumerSample({ "cellmesh:ownerAccess": { roleArn: "arn:aws:iam::111111111111:role/d" } }).ownerAccess,
            { roleArn: "arn:aws:iam::111111111111:role/d" });
    });

    it("a local backend is dialled on the backend's own port", () => {
        const c = ownerSample({ "cellmesh:services": {
            servicea: { port: 5001, backends: ["serviceb"], cells: { cell1: 100 } },
            serviceb: { port: 7000, cells: { cell1: 100 } },
        } });
        assert.equal(c.services[0].backends[0].port, 7000);
    });

    it("the error message names the stack and lists every problem", () => {
        assert.throws(() => parseStackConfig({ ...rawSample("acct1-appmesh"), "cellmesh:role": "boss", "aws:region": "mars" }, "acct1"), {
            name: "ConfigError",
            message: 'Invalid cellmesh config for stack "acct1":\n'
                + '  - aws:region = "mars": set the stack\'s AWS region, e.g. us-east-1\n'
                + '  - cellmesh:role = "boss": one of owner, consumer',
        });
    });
});

describe("config validation rules (exact messages)", () => {
    const cases: Array<[string, string, RawConfig, string[], string[]?]> = [
        ["weight above 100", "acct1", { "cellmesh:services": svc({ cell1: 101, cell2: 0 }) },
            ["cellmesh:services.serviceb.cells.cell1 = 101: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100"]],
        ["negative weight", "acct1", { "cellmesh:services": svc({ cell1: -1, cell2: 50 }) },
            ["cellmesh:services.serviceb.cells.cell1 = -1: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100"]],
        ["fractional weight", "acct1", { "cellmesh:services": svc({ cell1: 50.5, cell2: 49.5 }) },
            ["cellmesh:services.serviceb.cells.cell1 = 50.5: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100",
                "cellmesh:services.serviceb.cells.cell2 = 49.5: a weight must be an integer from 0 to 100, all of a service's weights adding up to at most 100"]],
        ["total above 100", "acct1", { "cellmesh:services": svc({ cell1: 100, cell2: 50 }) },
            ['cellmesh:services.serviceb.cells = "cell1=100 cell2=50": the weights add up to 150; App Mesh allows a total of at most 100 (weights are relative, e.g. cell1=50 cell2=50)']],
        ["all weights zero", "acct1", { "cellmesh:services": svc({ cell1: 0, cell2: 0 }) },
            ['cellmesh:services.serviceb.cells = "cell1=0 cell2=0": every weight is 0, so the service would get no traffic; give at least one cell a weight above 0']],
        ["no cells", "acct1", { "cellmesh:services": svc({}) },
            ["cellmesh:services.serviceb.cells = {}: a map of 1 to 10 cells from cell name to weight (App Mesh splits a service over at most 10), e.g. { cell1: 50, cell2: 50 }"]],
        ["eleven cells", "acct1", { "cellmesh:services": svc(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`c${i}`, 1]))) },
            [`cellmesh:services.serviceb.cells = ${JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`c${i}`, 1])))}: a map of 1 to 10 cells from cell name to weight (App Mesh splits a service over at most 10), e.g. { cell1: 50, cell2: 50 }`]],
        ["cell name not DNS-safe", "acct1", { "cellmesh:services": svc({ Cell_1: 100 }) },
            ['cellmesh:services.serviceb.cells.Cell_1 = "Cell_1": a cell name must be DNS-safe: lowercase letters, digits and inner hyphens']],
        ["service name not DNS-safe", "acct1", { "cellmesh:services": { Service_B: { port: 5001, cells: { cell1: 100 } } } },
            ['cellmesh:services.Service_B = "Service_B": a service name must be DNS-safe: lowercase letters, digits and inner hyphens, at most 63 characters']],
        ["cell name collides with a service", "acct1", { "cellmesh:services": { serviceb: { port: 5001, cells: { cell1: 100 } }, "serviceb-cell1": { port: 5001, cells: { a: 100 } } } },
            ['cellmesh:services.serviceb.cells.cell1 = "cell1": the cell\'s own name "serviceb-cell1" is also a service name; rename the cell or the service']],
        ["two services' cells with the same <service>-<cell> (a + b-c, a-b + c)", "acct1", { "cellmesh:services": { a: { port: 5001, cells: { "b-c": 100 } }, "a-b": { port: 5002, cells: { c: 100 } } } },
            ['cellmesh:services.a-b.cells.c = "c": the cell\'s own name "a-b-c" is also that of cellmesh:services.a.cells.b-c; it names the cell\'s AWS objects (target group, virtual node, ECS service and task family, Kubernetes Service), so it must be unique in the stack: rename one of the two cells or services']],
        ["<service>-<cell> that only looks alike (a + b-c, a-b + d) is accepted", "acct1", { "cellmesh:services": { a: { port: 5001, cells: { "b-c": 100 } }, "a-b": { port: 5002, cells: { d: 100 } } } }, []],
        ["port out of range", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { port: 70000 }) },
            ["cellmesh:services.serviceb.port = 70000: an integer port from 1 to 65535"]],
        ["port reserved by Envoy", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { port: 15000 }) },
            ["cellmesh:services.serviceb.port = 15000: ports 2000, 9901, 15000, 15001 are used by Envoy and the X-Ray daemon in every task; pick another port"]],
        ["unknown service setting", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { weight: 5 }) },
            ["cellmesh:services.serviceb.weight = 5: not a service setting; valid settings are port, image, backends, ingress, desiredCount, cells, environment, protocol, healthCheck, retry, timeout, outlierDetection, connectionPool, cellPinning, release"]],
        ["image with latest", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { image: "nginx:latest" }) },
            ['cellmesh:services.serviceb.image = "nginx:latest": an image reference with an explicit tag other than latest (or a digest)']],
        ["unknown local backend", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { backends: ["servicez"] }) },
            ['cellmesh:services.serviceb.backends[0] = "servicez": no service "servicez" in this stack; known services: servicea, serviceb']],
        ["backend that is not a name", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { backends: ["http://x"] }) },
            ['cellmesh:services.serviceb.backends[0] = "http://x": a service name of this stack (serviceb) or <service>.<namespace>[:port] of another account (servicex.internal-domain2.com)']],
        ["self backend", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { backends: ["serviceb"] }) },
            ['cellmesh:services.serviceb.backends[0] = "serviceb": a service cannot be its own backend']],
        ["duplicate backend", "acct1", { "cellmesh:services": svc({ cell1: 100 }, { backends: ["servicea", "servicea.internal-domain1.com"] }) },
            ['cellmesh:services.serviceb.backends[1] = "servicea.internal-domain1.com": listed twice; list each backend once']],
        ["ingress with six cells", "acct1", { "cellmesh:services": { web: { port: 5001, ingress: true, cells: { a: 10, b: 10, c: 10, d: 10, e: 10, f: 10 } } } },
            ["cellmesh:services.web.ingress = true: the ALB splits traffic over at most 5 target groups (one per cell) and this service has 6 cells; use at most 5 cells or put the service behind another with ingress"]],
        ["no services", "acct1", { "cellmesh:services": {} },
            ["cellmesh:services = {}: a map from service name to { port, cells, image?, backends?, ingress? }, e.g. { servicea: { port: 5001, cells: { cell1: 50, cell2: 50 } } }"]],
        ["account id not 12 digits", "acct1", { "aws:allowedAccountIds": ["1234"] },
            ['aws:allowedAccountIds = ["1234"]: a list with exactly one 12-digit account id, the stack\'s own account (guards against deploying into the wrong account)']],
        ["missing allowedAccountIds", "acct1", {},
            ["aws:allowedAccountIds = (not set): a list with exactly one 12-digit account id, the stack's own account (guards against deploying into the wrong account)"], ["aws:allowedAccountIds"]],
        ["unknown role", "acct1", { "cellmesh:role": "leader" },
            ['cellmesh:role = "leader": one of owner, consumer']],
        ["missing role", "acct1", {},
            ["cellmesh:role = (not set): one of owner, consumer"], ["cellmesh:role"]],
        ["unknown compute", "acct1", { "cellmesh:compute": "lambda" },
            ['cellmesh:compute = "lambda": one of ecs, eks']],
        ["unknown key (typo)", "acct1", { "cellmesh:consumer": ["222222222222"] },
            ['cellmesh:consumer = ["222222222222"]: not a cellmesh setting; valid keys are albAccessLogs, albCertificateArn, availabilityZones, compute, consumers, createServiceLinkedRole, egressFilter, eks, engine, envoyImage, logKmsKeyArn, logRetentionDays, meshName, meshTls, namespace, natGateways, ownerAccess, ownerStack, placeholderVpcCidr, role, services, sharing, virtualGateway, vpcCidr, vpcLayout, wave']],
        ["owner without consumers", "acct1", { "cellmesh:consumers": [] },
            ["cellmesh:consumers = []: a non-empty list of the consumer account ids the mesh is shared with, e.g. [\"222222222222\"]"]],
        ["missing consumers", "acct1", {},
            ['cellmesh:consumers = (not set): a non-empty list of the consumer account ids the mesh is shared with, e.g. ["222222222222"]'], ["cellmesh:consumers"]],
        ["consumer id not 12 digits", "acct1", { "cellmesh:consumers": ["22222"] },
            ['cellmesh:consumers[0] = "22222": a 12-digit AWS account id']],
        ["owner listed as consumer", "acct1", { "cellmesh:consumers": ["111111111111"] },
            ['cellmesh:consumers[0] = "111111111111": the owner\'s own account cannot be a consumer; list only the other accounts']],
        ["duplicate consumer", "acct1", { "cellmesh:consumers": ["222222222222", "222222222222"] },
            ['cellmesh:consumers[1] = "222222222222": listed twice; list each consumer account once']],
        ["mesh name not DNS-safe", "acct1", { "cellmesh:meshName": "My Mesh" },
            ['cellmesh:meshName = "My Mesh": a DNS-safe name (lowercase letters, digits, inner hyphens, at most 63 characters), e.g. multiaccountmeshdemo']],
        ["missing mesh name", "acct1", {},
            ["cellmesh:meshName = (not set): a DNS-safe name (lowercase letters, digits, inner hyphens, at most 63 characters), e.g. multiaccountmeshdemo"], ["cellmesh:meshName"]],
        ["namespace not a DNS name", "acct1", { "cellmesh:namespace": "internal" },
            ['cellmesh:namespace = "internal": a private DNS name of at least two lowercase labels, e.g. internal-domain1.com']],
        ["VPC CIDR with host bits", "acct1", { "cellmesh:vpcCidr": "10.0.0.1/16" },
            ['cellmesh:vpcCidr = "10.0.0.1/16": an IPv4 CIDR block from /16 to /24 with no host bits set, e.g. 10.0.0.0/16']],
        ["NAT strategy None", "acct1", { "cellmesh:natGateways": "None" },
            ['cellmesh:natGateways = "None": one of Single, OnePerAz (private tasks need a NAT gateway to pull images)']],
        ["one availability zone", "acct1", { "cellmesh:availabilityZones": 1 },
            ["cellmesh:availabilityZones = 1: 2 or 3 (an ALB needs subnets in at least two zones)"]],
        ["unknown sharing", "acct1", { "cellmesh:sharing": "public" },
            ['cellmesh:sharing = "public": one of organization, external (organization keeps RAM shares inside your AWS Organization)']],
        ["retention CloudWatch lacks", "acct1", { "cellmesh:logRetentionDays": 10 },
            ["cellmesh:logRetentionDays = 10: one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"]],
        ["region whose Envoy registry needs an explicit image", "acct1", { "aws:region": "af-south-1" },
            ['cellmesh:envoyImage = (not set): region af-south-1 serves the App Mesh Envoy image from a registry of its own; set the image from the App Mesh user guide\'s "Envoy image" page']],
        ["consumer key in the owner stack", "acct1", { "cellmesh:ownerStack": "organization/cellmesh/acct1" },
            ['cellmesh:ownerStack = "organization/cellmesh/acct1": only a consumer stack takes this key; remove it from the owner stack']],
        ["gateway remote service that is local", "acct1", { "cellmesh:virtualGateway": { enabled: true, remoteServices: ["serviceb"] } },
            ['cellmesh:virtualGateway.remoteServices[0] = "serviceb": a fully qualified virtual service name in another account\'s namespace, e.g. servicex.internal-domain2.com']],
        ["consumer without ownerStack", "acct2", {},
            ["cellmesh:ownerStack = (not set): the owner's fully qualified stack name <organization>/<project>/<stack>, e.g. organization/cellmesh/acct1"], ["cellmesh:ownerStack"]],
        ["consumer without ownerAccess", "acct2", {},
            ["cellmesh:ownerAccess = (not set): how this stack reaches the owner account: an AWS CLI profile name, or an IAM role ARN to assume ({ profile: acct1 } or { roleArn: arn:aws:iam::111111111111:role/cellmesh-deployer })"], ["cellmesh:ownerAccess"]],
        ["ownerAccess with a bad role ARN", "acct2", { "cellmesh:ownerAccess": { roleArn: "arn:aws:iam::1:role/x" } },
            ['cellmesh:ownerAccess = {"roleArn":"arn:aws:iam::1:role/x"}: a role ARN like arn:aws:iam::111111111111:role/cellmesh-deployer']],
        ["owner key in a consumer stack", "acct2", { "cellmesh:meshName": "mine" },
            ['cellmesh:meshName = "mine": only the owner stack takes this key; remove it from the consumer stack']],
        ["ingress in a consumer", "acct2", { "cellmesh:services": { servicex: { port: 5001, ingress: true, cells: { cell1: 100 } } } },
            ["cellmesh:services.servicex.ingress = true: only the owner stack can have an internet-facing ALB (the public subnets are not shared); set ingress on an owner service"]],
        ["service-linked role flag not boolean", "acct2", { "cellmesh:createServiceLinkedRole": "maybe" },
            ['cellmesh:createServiceLinkedRole = "maybe": true or false (true only if the account lacks AWSServiceRoleForAppMesh; creating an existing one fails)']],
    ];

    for (const [title, stack, overrides, expected, drop] of cases) {
        it(title, () => assert.deepEqual(problems(stack, overrides, drop), expected));
    }

    it("the samples are valid", () => {
        assert.deepEqual(problems("acct1", {}), []);
        assert.deepEqual(problems("acct2", {}), []);
    });
});

describe("config loading: messages for common mistakes", () => {
    it("an unquoted account id: quote it, and say what YAML read when it dropped a leading zero", () => {
        // What the yaml package hands over for [012345678901] and [111111111111] written without quotes.
        assert.deepEqual(problems("acct1", { "aws:allowedAccountIds": [12345678901] }), [
            'aws:allowedAccountIds = [12345678901]: quote it: YAML reads it as a number and drops the leading zero, so it read 12345678901 (11 digits); write aws:allowedAccountIds: ["012345678901"]',
        ]);
        assert.deepEqual(problems("acct1", { "aws:allowedAccountIds": [111111111111] }), [
            'aws:allowedAccountIds = [111111111111]: quote it: YAML reads it as a number; write aws:allowedAccountIds: ["111111111111"]',
        ]);
        assert.deepEqual(problems("acct1", { "cellmesh:consumers": [222222222222, 2222222222] }), [
            'cellmesh:consumers[0] = 222222222222: quote it: YAML reads it as a number; write "222222222222"',
            'cellmesh:consumers[1] = 2222222222: quote it: YAML reads it as a number and drops leading zeros, so it read 2222222222 (10 digits); write "002222222222"',
        ]);
    });

    it("a port out of range is one message: the service's backends are not refused for it too", () => {
        assert.deepEqual(problems("acct1", { "cellmesh:services": { ...svc({ cell1: 50, cell2: 50 }), servicea: { port: 70000, ingress: true, backends: ["serviceb", "servicex.internal-domain2.com"], cells: { cell1: 50, cell2: 50 } } } }), [
            "cellmesh:services.servicea.port = 70000: an integer port from 1 to 65535",
        ]);
    });
});
