// Mesh TLS on EKS: the same ACM Private CA certificates as on ECS, in the controller's custom
// resources, with a per-cell IRSA role that may export exactly the cell's certificate.

import * as assert from "node:assert/strict";
import { cellmeshProgram } from "../../../../stacks/program";
import { crdErrors } from "../../../helpers/crdSchemas";
import { CONSUMER_EKS_WORLD, OWNER_EKS_WORLD, SECURITY, consumerEksSample, ownerEksSample } from "../../../helpers/fixtures";
import { Recording, runOnMocks } from "../../../helpers/harness";
import { runCellmeshPack } from "../../../policy/helpers";

const CR = (kind: string) => `kubernetes:appmesh.k8s.aws/v1beta2:${kind}`;
const TLS = { "cellmesh:meshTls": { mode: "STRICT", certificateAuthorityArn: SECURITY.ca } };

describe("EKS mesh TLS", () => {
    let rec: Recording;
    before(async () => {
        ({ recording: rec } = await runOnMocks(OWNER_EKS_WORLD, () => cellmeshProgram(ownerEksSample(TLS))));
    });

    it("each VirtualNode presents its cell's ACM certificate and validates backends against the CA (valid CRD specs)", () => {
        const cert = rec.get("aws:acm/certificate:Certificate", "serviceb-cell1-certificate");
        assert.equal(cert.inputs.certificateAuthorityArn, SECURITY.ca);
        const node = rec.get(CR("VirtualNode"), "serviceb-cell1-node").inputs.spec;
        assert.deepEqual(node.listeners[0].tls, { mode: "STRICT", certificate: { acm: { certificateARN: "arn:aws:acm:us-east-1:111111111111:certificate/serviceb-cell1-certificate-mock" } } });
        assert.deepEqual(node.backendDefaults.clientPolicy.tls.validation.trust, { acm: { certificateAuthorityARNs: [SECURITY.ca] } });
        for (const r of rec.resources.filter((x) => x.type.startsWith("kubernetes:appmesh.k8s.aws/"))) {
            assert.deepEqual(crdErrors(r.inputs.kind, r.inputs.spec), [], r.name);
        }
    });

    it("the cell's pods run under their own service account whose IRSA role exports exactly that certificate", () => {
        const sa = rec.get("kubernetes:core/v1:ServiceAccount", "serviceb-cell1-service-account").inputs.metadata;
        assert.equal(sa.name, "serviceb-cell1");
        assert.equal(sa.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam:us-east-1:111111111111:role/serviceb-cell1-envoy-role-mock");
        const issuer = "oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111";
        const trust = JSON.parse(rec.get("aws:iam/role:Role", "serviceb-cell1-envoy-role").inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Condition.StringEquals, { [`${issuer}:sub`]: "system:serviceaccount:cellmesh:serviceb-cell1", [`${issuer}:aud`]: "sts.amazonaws.com" });
        assert.deepEqual(JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "serviceb-cell1-envoy-role-policy").inputs.policy).Statement, [
            { Sid: "MeshTlsOwnCertificate", Effect: "Allow", Action: "acm:ExportCertificate", Resource: "arn:aws:acm:us-east-1:111111111111:certificate/serviceb-cell1-certificate-mock" },
            { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: SECURITY.ca },
        ]);
        assert.equal(rec.get("kubernetes:apps/v1:Deployment", "serviceb-cell1").inputs.spec.template.spec.serviceAccountName, "serviceb-cell1");
    });

    it("the virtual gateway validates with the CA; the controller may describe the certificates and the CA", () => {
        const gateway = rec.get(CR("VirtualGateway"), "servicea-ingress-gateway").inputs.spec;
        assert.deepEqual(gateway.backendDefaults.clientPolicy.tls.validation.trust, { acm: { certificateAuthorityARNs: [SECURITY.ca] } });
        assert.equal(rec.get("kubernetes:apps/v1:Deployment", "servicea-ingress-envoy").inputs.spec.template.spec.serviceAccountName, "servicea-gateway");
        const controller = JSON.parse(rec.get("aws:iam/rolePolicy:RolePolicy", "appmesh-role-policy").inputs.policy).Statement;
        assert.deepEqual(controller.filter((s: any) => s.Sid.startsWith("MeshTls")), [
            { Sid: "MeshTlsCertificates", Effect: "Allow", Action: "acm:DescribeCertificate", Resource: "arn:aws:acm:us-east-1:111111111111:certificate/*" },
            { Sid: "MeshTlsAuthority", Effect: "Allow", Action: "acm-pca:DescribeCertificateAuthority", Resource: SECURITY.ca },
        ]);
    });

    it("both stacks with mesh TLS pass the policy pack", async () => {
        assert.deepEqual(runCellmeshPack(rec.resources), []);
        const { recording } = await runOnMocks(CONSUMER_EKS_WORLD, () => cellmeshProgram(consumerEksSample(TLS)));
        assert.equal(recording.ofType("kubernetes:core/v1:ServiceAccount").length, 2);
        assert.deepEqual(runCellmeshPack(recording.resources), []);
    });
});
