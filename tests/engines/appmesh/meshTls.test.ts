// The mesh TLS renderers on their own: exact App Mesh shapes for one-way TLS, mutual TLS from files
// and from SDS, for virtual nodes and the virtual gateway, and the IAM statements Envoy needs.

import * as assert from "node:assert/strict";
import {
    MeshTlsPolicy, MutualTls, certificateNames, clientPolicyTls, gatewayBackendDefaults, listenerTls, meshTlsStatements, nodeBackendDefaults,
} from "../../../engines/appmesh/meshTls";

const CA = "arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555";
const CERT = "arn:aws:acm:us-east-1:222222222222:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const STRICT: MeshTlsPolicy = { mode: "STRICT", certificateAuthorityArn: CA };
const FILES = MutualTls.file({ certificateChain: "/certs/client_chain.pem", privateKey: "/certs/client_key.pem", trustChain: "/certs/ca_chain.pem" });
const SDS = MutualTls.sds({ secretName: "spiffe://cellmesh.internal/serviceb", trustSecretName: "spiffe://cellmesh.internal" });

describe("mesh TLS renderers", () => {
    it("one-way TLS: the listener presents the node's ACM certificate in the given mode, without client validation", () => {
        assert.deepEqual(listenerTls(STRICT, CERT), { mode: "STRICT", certificate: { acm: { certificateArn: CERT } } });
        assert.deepEqual(listenerTls({ ...STRICT, mode: "PERMISSIVE" }, CERT), { mode: "PERMISSIVE", certificate: { acm: { certificateArn: CERT } } });
    });

    it("one-way TLS: clients enforce TLS and validate every backend against the CA through ACM", () => {
        assert.deepEqual(nodeBackendDefaults(STRICT), {
            clientPolicy: { tls: { enforce: true, validation: { trust: { acm: { certificateAuthorityArns: [CA] } } } } },
        });
    });

    it("mutual TLS from files: the listener trusts the file chain, clients present the file certificate", () => {
        const policy: MeshTlsPolicy = { ...STRICT, mutual: FILES };
        assert.deepEqual(listenerTls(policy, CERT), {
            mode: "STRICT",
            certificate: { acm: { certificateArn: CERT } },
            validation: { trust: { file: { certificateChain: "/certs/ca_chain.pem" } } },
        });
        assert.deepEqual(clientPolicyTls(policy), {
            enforce: true,
            certificate: { file: { certificateChain: "/certs/client_chain.pem", privateKey: "/certs/client_key.pem" } },
            validation: { trust: { acm: { certificateAuthorityArns: [CA] } } },
        });
    });

    it("mutual TLS from SDS: the listener trusts the SDS bundle, clients present the SDS secret", () => {
        const policy: MeshTlsPolicy = { ...STRICT, mutual: SDS };
        assert.deepEqual(listenerTls(policy, CERT).validation, { trust: { sds: { secretName: "spiffe://cellmesh.internal" } } });
        assert.deepEqual(clientPolicyTls(policy).certificate, { sds: { secretName: "spiffe://cellmesh.internal/serviceb" } });
        assert.deepEqual(clientPolicyTls(policy).validation, { trust: { acm: { certificateAuthorityArns: [CA] } } });
    });

    it("the virtual gateway's client policy is the node's, field for field", () => {
        for (const policy of [STRICT, { ...STRICT, mutual: FILES }, { ...STRICT, mutual: SDS }]) {
            assert.deepEqual(gatewayBackendDefaults(policy), { clientPolicy: { tls: clientPolicyTls(policy) } });
        }
    });

    it("MutualTls factories keep only their own fields", () => {
        assert.deepEqual(MutualTls.file({ certificateChain: "/a", privateKey: "/b", trustChain: "/c", secretName: "x" } as never),
            { kind: "file", certificateChain: "/a", privateKey: "/b", trustChain: "/c" });
        assert.deepEqual(MutualTls.sds({ secretName: "a", trustSecretName: "b", privateKey: "/k" } as never), { kind: "sds", secretName: "a", trustSecretName: "b" });
    });

    it("certificate names: the virtual service name, and the cell's own name as SAN", () => {
        assert.deepEqual(certificateNames("serviceb", "cell2", "internal-domain1.com"),
            { domainName: "serviceb.internal-domain1.com", subjectAlternativeNames: ["serviceb-cell2.internal-domain1.com"] });
    });

    it("IAM: export exactly the node's certificate, read exactly the CA; a gateway only reads the CA", () => {
        assert.deepEqual(meshTlsStatements(STRICT, CERT), [
            { Sid: "MeshTlsOwnCertificate", Effect: "Allow", Action: "acm:ExportCertificate", Resource: CERT },
            { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: CA },
        ]);
        assert.deepEqual(meshTlsStatements(STRICT, undefined), [
            { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: CA },
        ]);
    });
});
