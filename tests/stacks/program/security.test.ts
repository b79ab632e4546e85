// The security options rendered by the stack programs on the mock runtime: HTTPS and the redirect
// on every public ALB, the security groups, access logs, KMS on every log group, mesh TLS (ACM
// private certificates, listener TLS, client policies, Envoy's IAM) in both accounts, mutual TLS.

import * as assert from "node:assert/strict";
import { cellmeshProgram } from "../../../stacks/program";
import {
    CONSUMER_WORLD, OWNER_SAMPLE_COUNTS, OWNER_WORLD, SECURED_CONSUMER, SECURED_OWNER, SECURITY, consumerSample, ownerSample,
} from "../../helpers/fixtures";
import { Recording, runOnMocks } from "../../helpers/harness";

const T = {
    listener: "aws:lb/listener:Listener",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    cert: "aws:acm/certificate:Certificate",
    node: "aws:appmesh/virtualNode:VirtualNode",
    gateway: "aws:appmesh/virtualGateway:VirtualGateway",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    ecsService: "aws:ecs/service:Service",
    alb: "cellmesh:shared:WeightedAlb",
    cellService: "cellmesh:appmesh:CellService",
};
const CA = SECURITY.ca;
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const XRAY = {
    Sid: "XRayDaemon", Effect: "Allow",
    Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
    Resource: "*",
};
const certArn = (account: string, name: string) => `arn:aws:acm:us-east-1:${account}:certificate/${name}-mock`;
const forwardTo = (alb: string, ...cells: [string, number][]) => [{
    type: "forward",
    forward: { targetGroups: cells.map(([cell, weight]) => ({ arn: `arn:aws:lb:us-east-1:111111111111:targetGroup/${alb}-${cell}-mock`, weight })) },
}];

describe("security options: owner stack with all of them (and the virtual gateway)", function () {
    let rec: Recording;
    let outputs: any;
    before(async () => {
        ({ recording: rec, outputs } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample(SECURED_OWNER))));
    });

    it("every public ALB forwards on HTTPS 443 with the certificate and a TLS 1.3/1.2 policy; HTTP 80 only redirects (301)", () => {
        const byAlb = (alb: string) => rec.ofType(T.listener).filter((l) => l.parent === rec.get(T.alb, alb).urn).map((l) => [l.name, l.inputs]);
        const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
        assert.deepEqual(byAlb("servicea-ingress"), [
            ["servicea-ingress-https", {
                loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", port: 443, protocol: "HTTPS",
                certificateArn: SECURITY.albCertificate, sslPolicy: TLS_POLICY,
                defaultActions: forwardTo("servicea-ingress", ["cell1", 50], ["cell2", 50]),
            }],
            ["servicea-ingress-listener", { loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/servicea-ingress-alb-mock", port: 80, protocol: "HTTP", defaultActions: redirect }],
        ]);
        assert.deepEqual(byAlb("ingress-ingress"), [
            ["ingress-ingress-https", {
                loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/ingress-ingress-alb-mock", port: 443, protocol: "HTTPS",
                certificateArn: SECURITY.albCertificate, sslPolicy: TLS_POLICY,
                defaultActions: forwardTo("ingress-ingress", ["envoy", 100]),
            }],
            ["ingress-ingress-listener", { loadBalancerArn: "arn:aws:lb:us-east-1:111111111111:loadBalancer/ingress-ingress-alb-mock", port: 80, protocol: "HTTP", defaultActions: redirect }],
        ]);
        assert.equal(rec.ofType(T.listener).length, 4);
    });

    it("the redirect waits for the HTTPS listener (switching HTTPS on never redirects to nothing)", () => {
        for (const alb of ["servicea-ingress", "ingress-ingress"]) {
            assert.ok(rec.get(T.listener, `${alb}-listener`).dependencies.includes(rec.get(T.listener, `${alb}-https`).urn), alb);
        }
    });

    it("security groups: the internet reaches only the ALBs, on TCP 80 (the redirect) and 443, nothing else", () => {
        const open = rec.ofType(T.sgIn).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0")
            .map((r) => [r.name, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.tags]).sort();
        const tag = { "cellmesh:exposure": "internet" };
        assert.deepEqual(open, [
            ["ingress-ingress-in-0", "tcp", 80, 80, tag],
            ["ingress-ingress-in-https-0", "tcp", 443, 443, tag],
            ["servicea-ingress-in-0", "tcp", 80, 80, tag],
            ["servicea-ingress-in-https-0", "tcp", 443, 443, tag],
        ]);
        assert.equal(rec.ofType(T.sgIn).filter((r) => r.inputs.cidrIpv6 !== undefined).length, 0);
    });

    it("the cells' ECS services wait for the HTTPS listener, the one that uses their target groups", () => {
        const https = rec.get(T.listener, "servicea-ingress-https");
        for (const cell of ["cell1", "cell2"]) {
            const deps = rec.get(T.ecsService, `servicea-${cell}-service`).dependencies;
            assert.ok(deps.includes(https.urn), cell);
            assert.ok(!deps.includes(rec.get(T.listener, "servicea-ingress-listener").urn), cell);
        }
        assert.ok(rec.get(T.ecsService, "ingress-envoy-service").dependencies.includes(rec.get(T.listener, "ingress-ingress-https").urn));
    });

    it("the URLs are https", () => {
        assert.deepEqual(outputs.ingressUrls, { servicea: "https://servicea-ingress-alb.elb.amazonaws.com" });
        assert.equal(outputs.gatewayUrl, "https://ingress-ingress-alb.elb.amazonaws.com");
    });

    it("every ALB writes access logs to the configured bucket and prefix", () => {
        assert.deepEqual(rec.ofType(T.lb).map((lb) => [lb.name, lb.inputs.accessLogs]).sort(), [
            ["ingress-ingress-alb", { bucket: "acme-alb-logs", enabled: true, prefix: "cellmesh/acct1" }],
            ["servicea-ingress-alb", { bucket: "acme-alb-logs", enabled: true, prefix: "cellmesh/acct1" }],
        ]);
    });

    it("every log group is encrypted with the KMS key (the cells' and the gateway's)", () => {
        assert.deepEqual(rec.ofType(T.logGroup).map((g) => [g.name, g.inputs.kmsKeyId, g.inputs.retentionInDays]).sort(), [
            ["ingress-envoy-logs", SECURITY.ownerKmsKey, 30],
            ["servicea-cell1-logs", SECURITY.ownerKmsKey, 30],
            ["servicea-cell2-logs", SECURITY.ownerKmsKey, 30],
            ["serviceb-cell1-logs", SECURITY.ownerKmsKey, 30],
            ["serviceb-cell2-logs", SECURITY.ownerKmsKey, 30],
        ]);
    });

    it("mesh TLS: one ACM private certificate per cell, from the CA, named after the virtual service and the cell", () => {
        assert.deepEqual(rec.ofType(T.cert).map((c) => [c.name, c.inputs]).sort(), ["servicea-cell1", "servicea-cell2", "serviceb-cell1", "serviceb-cell2"].map((cell) => {
            const [svc, c] = cell.split("-");
            return [`${cell}-certificate`, {
                domainName: `${svc}.internal-domain1.com`, subjectAlternativeNames: [`${svc}-${c}.internal-domain1.com`], certificateAuthorityArn: CA,
            }];
        }));
        const cert = rec.get(T.cert, "serviceb-cell1-certificate");
        assert.equal(cert.parent, rec.get(T.cellService, "serviceb").urn);
        assert.equal(cert.provider, undefined, "issued in the stack's own account");
    });

    it("mesh TLS: each node's listener presents its own certificate (STRICT) and its clients validate backends against the CA", () => {
        const spec = rec.get(T.node, "serviceb-cell1-node").inputs.spec;
        assert.deepEqual(spec.listeners[0].tls, { mode: "STRICT", certificate: { acm: { certificateArn: certArn("111111111111", "serviceb-cell1-certificate") } } });
        assert.deepEqual(spec.listeners[0].portMapping, { port: 5001, protocol: "http" });
        assert.deepEqual(spec.backendDefaults, { clientPolicy: { tls: { enforce: true, validation: { trust: { acm: { certificateAuthorityArns: [CA] } } } } } });
        assert.deepEqual(spec.backends, [{ virtualService: { virtualServiceName: "servicex.internal-domain2.com" } }]);
        assert.equal(rec.get(T.node, "servicea-cell2-node").inputs.spec.listeners[0].tls.certificate.acm.certificateArn, certArn("111111111111", "servicea-cell2-certificate"));
    });

    it("mesh TLS: a cell's task role may export exactly its own certificate and read exactly the CA", () => {
        const policy = JSON.parse(rec.get(T.rolePolicy, "serviceb-cell1-task-policy").inputs.policy);
        assert.deepEqual(policy.Statement, [
            { Sid: "EnvoyAsThisNode", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: "arn:aws:appmesh:us-east-1:111111111111:virtualNode/serviceb-cell1" },
            { Sid: "MeshTlsOwnCertificate", Effect: "Allow", Action: "acm:ExportCertificate", Resource: certArn("111111111111", "serviceb-cell1-certificate") },
            { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: CA },
            XRAY,
        ]);
    });

    it("mesh TLS: the virtual gateway validates the services it calls against the CA, and may read only the CA", () => {
        assert.deepEqual(rec.get(T.gateway, "ingress-gateway").inputs.spec, {
            listeners: [{ portMapping: { port: 8080, protocol: "http" } }],
            backendDefaults: { clientPolicy: { tls: { enforce: true, validation: { trust: { acm: { certificateAuthorityArns: [CA] } } } } } },
            logging: { accessLog: { file: { path: "/dev/stdout" } } },
        });
        assert.deepEqual(JSON.parse(rec.get(T.rolePolicy, "ingress-envoy-task-policy").inputs.policy).Statement, [
            { Sid: "EnvoyAsThisGateway", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: "arn:aws:appmesh:us-east-1:111111111111:virtualGateway/ingress-gateway" },
            { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: CA },
            XRAY,
        ]);
    });

    it("mesh TLS: the entry service's target groups speak HTTPS to the cells' TLS listeners (health checks too); the gateway's stay HTTP", () => {
        for (const cell of ["cell1", "cell2"]) {
            const tg = rec.get(T.tg, `servicea-ingress-${cell}`).inputs;
            assert.equal(tg.protocol, "HTTPS");
            assert.deepEqual(tg.healthCheck, { protocol: "HTTPS", path: "/health", port: "traffic-port", matcher: "200", interval: 10, healthyThreshold: 2, unhealthyThreshold: 3 });
        }
        const gw = rec.get(T.tg, "ingress-ingress-envoy").inputs;
        assert.equal(gw.protocol, "HTTP");
        assert.equal(gw.healthCheck.protocol, undefined);
    });
});

describe("security options: consumer stack with mesh TLS and a KMS key", function () {
    let rec: Recording;
    before(async () => {
        ({ recording: rec } = await runOnMocks(CONSUMER_WORLD, () => cellmeshProgram(consumerSample(SECURED_CONSUMER))));
    });

    it("issues its cells' certificates in its own account from the shared CA", () => {
        assert.deepEqual(rec.ofType(T.cert).map((c) => [c.name, c.inputs, c.provider]), [
            ["servicex-cell1-certificate", { domainName: "servicex.internal-domain2.com", subjectAlternativeNames: ["servicex-cell1.internal-domain2.com"], certificateAuthorityArn: CA }, undefined],
            ["servicex-cell2-certificate", { domainName: "servicex.internal-domain2.com", subjectAlternativeNames: ["servicex-cell2.internal-domain2.com"], certificateAuthorityArn: CA }, undefined],
        ]);
    });

    it("its nodes (in the owner's mesh) listen with TLS and validate their backends; the task role is scoped the same way", () => {
        const node = rec.get(T.node, "servicex-cell2-node").inputs;
        assert.equal(node.meshOwner, "111111111111");
        assert.deepEqual(node.spec.listeners[0].tls, { mode: "STRICT", certificate: { acm: { certificateArn: certArn("222222222222", "servicex-cell2-certificate") } } });
        assert.deepEqual(node.spec.backendDefaults, { clientPolicy: { tls: { enforce: true, validation: { trust: { acm: { certificateAuthorityArns: [CA] } } } } } });
        const policy = JSON.parse(rec.get(T.rolePolicy, "servicex-cell2-task-policy").inputs.policy);
        assert.deepEqual(policy.Statement.slice(1, 3), [
            { Sid: "MeshTlsOwnCertificate", Effect: "Allow", Action: "acm:ExportCertificate", Resource: certArn("222222222222", "servicex-cell2-certificate") },
            { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: CA },
        ]);
    });

    it("encrypts every log group with its key", () => {
        assert.deepEqual(rec.ofType(T.logGroup).map((g) => [g.name, g.inputs.kmsKeyId]), [
            ["servicex-cell1-logs", SECURITY.consumerKmsKey],
            ["servicex-cell2-logs", SECURITY.consumerKmsKey],
        ]);
    });

    it("mutual TLS from files: listeners validate callers against the trust chain, clients present their certificate", async () => {
        const { recording } = await runOnMocks(CONSUMER_WORLD, () => cellmeshProgram(consumerSample({
            "cellmesh:envoyImage": SECURITY.envoyImage,
            "cellmesh:meshTls": {
                mode: "PERMISSIVE", certificateAuthorityArn: CA,
                mutual: { kind: "file", certificateChain: "/certs/client_chain.pem", privateKey: "/certs/client_key.pem", trustChain: "/certs/ca_chain.pem" },
            },
        })));
        const spec = recording.get(T.node, "servicex-cell1-node").inputs.spec;
        assert.deepEqual(spec.listeners[0].tls, {
            mode: "PERMISSIVE",
            certificate: { acm: { certificateArn: certArn("222222222222", "servicex-cell1-certificate") } },
            validation: { trust: { file: { certificateChain: "/certs/ca_chain.pem" } } },
        });
        assert.deepEqual(spec.backendDefaults.clientPolicy.tls, {
            enforce: true,
            certificate: { file: { certificateChain: "/certs/client_chain.pem", privateKey: "/certs/client_key.pem" } },
            validation: { trust: { acm: { certificateAuthorityArns: [CA] } } },
        });
        const [, envoy] = JSON.parse(recording.get("aws:ecs/taskDefinition:TaskDefinition", "servicex-cell1-taskdef").inputs.containerDefinitions);
        assert.equal(envoy.image, SECURITY.envoyImage);
    });
});

describe("security options: off by default", () => {
    it("the owner sample has no certificate, HTTPS listener, access logs, KMS key or TLS in its specs", async () => {
        const { recording: rec } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample({ "cellmesh:virtualGateway": { enabled: true } })));
        assert.equal(rec.ofType(T.cert).length, 0);
        assert.deepEqual(rec.ofType(T.listener).map((l) => [l.name, l.inputs.port, l.inputs.protocol, l.inputs.defaultActions[0].type]).sort(), [
            ["ingress-ingress-listener", 80, "HTTP", "forward"],
            ["servicea-ingress-listener", 80, "HTTP", "forward"],
        ]);
        assert.ok(rec.ofType(T.lb).every((lb) => lb.inputs.accessLogs === undefined));
        assert.ok(rec.ofType(T.logGroup).every((g) => g.inputs.kmsKeyId === undefined));
        assert.ok(rec.ofType(T.node).every((n) => n.inputs.spec.backendDefaults === undefined && n.inputs.spec.listeners[0].tls === undefined));
        assert.equal(rec.get(T.gateway, "ingress-gateway").inputs.spec.backendDefaults, undefined);
        assert.equal(rec.get(T.tg, "servicea-ingress-cell1").inputs.protocol, "HTTP");
    });

    it("HTTPS alone adds exactly one listener and one ingress rule per ALB", async () => {
        const { recording } = await runOnMocks(OWNER_WORLD, () => cellmeshProgram(ownerSample({ "cellmesh:albCertificateArn": SECURITY.albCertificate })));
        assert.deepEqual(recording.countsByType(), {
            ...OWNER_SAMPLE_COUNTS,
            "aws:lb/listener:Listener": OWNER_SAMPLE_COUNTS["aws:lb/listener:Listener"] + 1,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": OWNER_SAMPLE_COUNTS["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"] + 1,
        });
    });
});
