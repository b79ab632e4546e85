// The security options' config: accepted shapes, every rejection with its exact message, the pure
// ARN and bucket validators, and the cross-stack mesh TLS check the driver and the plan run.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DriverError } from "../../automation/errors";
import { RawConfig } from "../../config/types";
import {
    INGRESS_SECURITY_KEYS, SECURITY_KEYS, isAccessLogPrefix, isAcmCertificateArn, isLogKmsKeyArn, isPrivateCaArn, isS3BucketName, meshTlsAcrossStacks,
} from "../../config/security";
import { OWNER_YAML, Sandbox, consumerYaml } from "../automation/helpers";
import { loaderProblems } from "../helpers/configProblems";
import { ROOT, SECURITY, consumerSample, ownerSample, rawSample } from "../helpers/fixtures";

const CA: string = SECURITY.ca;
const ALB_CERT = SECURITY.albCertificate;
const KMS_KEY = SECURITY.ownerKmsKey;
const MY_ENVOY = SECURITY.envoyImage;

function problems(stack: string, overrides: RawConfig): readonly string[] {
    return loaderProblems({ ...rawSample(stack === "acct1" ? "acct1-appmesh" : "acct2-appmesh"), ...overrides }, stack);
}

describe("security options: config", () => {
    it("are all off by default", () => {
        const owner = ownerSample();
        for (const key of ["meshTls", "logKmsKeyArn", "albCertificateArn", "albAccessLogs"]) assert.equal(key in owner, false, key);
        const consumer = consumerSample();
        for (const key of ["meshTls", "logKmsKeyArn"]) assert.equal(key in consumer, false, key);
    });

    it("parse into typed settings (mode defaults to STRICT)", () => {
        const owner = ownerSample({
            "cellmesh:albCertificateArn": ALB_CERT,
            "cellmesh:albAccessLogs": { bucket: "acme-alb-logs.us-east-1", prefix: "cellmesh/acct1" },
            "cellmesh:logKmsKeyArn": KMS_KEY,
            "cellmesh:meshTls": { certificateAuthorityArn: CA },
        });
        assert.equal(owner.albCertificateArn, ALB_CERT);
        assert.deepEqual(owner.albAccessLogs, { bucket: "acme-alb-logs.us-east-1", prefix: "cellmesh/acct1" });
        assert.equal(owner.logKmsKeyArn, KMS_KEY);
        assert.deepEqual(owner.meshTls, { mode: "STRICT", certificateAuthorityArn: CA });
        assert.deepEqual(ownerSample({ "cellmesh:albAccessLogs": { bucket: "logs-bucket" } }).albAccessLogs, { bucket: "logs-bucket" });
    });

    it("mutual TLS from files (with an Envoy image of your own), in JSON text too", () => {
        const c = consumerSample({
            "cellmesh:envoyImage": MY_ENVOY,
            "cellmesh:meshTls": JSON.stringify({ mode: "PERMISSIVE", certificateAuthorityArn: CA, mutual: { kind: "file", certificateChain: "/certs/chain.pem", privateKey: "/certs/key.pem", trustChain: "/certs/ca.pem" } }),
            "cellmesh:logKmsKeyArn": "arn:aws:kms:us-east-1:999999999999:alias/cellmesh-logs",
        });
        assert.deepEqual(c.meshTls, {
            mode: "PERMISSIVE", certificateAuthorityArn: CA,
            mutual: { kind: "file", certificateChain: "/certs/chain.pem", privateKey: "/certs/key.pem", trustChain: "/certs/ca.pem" },
        });
        assert.equal(c.logKmsKeyArn, "arn:aws:kms:us-east-1:999999999999:alias/cellmesh-logs");
    });

    const cases: Array<[string, string, RawConfig, string[]]> = [
        ["ALB certificate of another region", "acct1", { "cellmesh:albCertificateArn": ALB_CERT.replace("us-east-1", "eu-west-1") },
            [`cellmesh:albCertificateArn = "${ALB_CERT.replace("us-east-1", "eu-west-1")}": an ACM certificate ARN of this stack's account and region, arn:aws:acm:us-east-1:111111111111:certificate/<certificate id> (an ALB can use only a certificate of its own account and region)`]],
        ["ALB certificate of another account", "acct1", { "cellmesh:albCertificateArn": ALB_CERT.replace("111111111111", "222222222222") },
            [`cellmesh:albCertificateArn = "${ALB_CERT.replace("111111111111", "222222222222")}": an ACM certificate ARN of this stack's account and region, arn:aws:acm:us-east-1:111111111111:certificate/<certificate id> (an ALB can use only a certificate of its own account and region)`]],
        ["ALB certificate that is an IAM server certificate", "acct1", { "cellmesh:albCertificateArn": "arn:aws:iam::111111111111:server-certificate/web" },
            ['cellmesh:albCertificateArn = "arn:aws:iam::111111111111:server-certificate/web": an ACM certificate ARN of this stack\'s account and region, arn:aws:acm:us-east-1:111111111111:certificate/<certificate id> (an ALB can use only a certificate of its own account and region)']],
        ["ALB certificate in a consumer", "acct2", { "cellmesh:albCertificateArn": ALB_CERT },
            [`cellmesh:albCertificateArn = "${ALB_CERT}": only the owner stack takes this key; remove it from the consumer stack`]],
        ["access logs in a consumer", "acct2", { "cellmesh:albAccessLogs": { bucket: "logs" } },
            ['cellmesh:albAccessLogs = {"bucket":"logs"}: only the owner stack takes this key; remove it from the consumer stack']],
        ["access logs as a bare bucket name", "acct1", { "cellmesh:albAccessLogs": "my-logs" },
            ['cellmesh:albAccessLogs = "my-logs": an object { bucket: <existing S3 bucket in us-east-1>, prefix?: <key prefix> }']],
        ["access log bucket with uppercase letters", "acct1", { "cellmesh:albAccessLogs": { bucket: "My_Logs" } },
            ['cellmesh:albAccessLogs.bucket = "My_Logs": the name of an existing S3 bucket (cellmesh does not create it): 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address']],
        ["access log bucket that is an IP address", "acct1", { "cellmesh:albAccessLogs": { bucket: "192.168.5.4" } },
            ['cellmesh:albAccessLogs.bucket = "192.168.5.4": the name of an existing S3 bucket (cellmesh does not create it): 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address']],
        ["access log prefix with AWSLogs and a slash", "acct1", { "cellmesh:albAccessLogs": { bucket: "logs-bucket", prefix: "/AWSLogs/x", region: "us-east-1" } },
            ['cellmesh:albAccessLogs.region = "us-east-1": not an access log setting; valid settings are bucket, prefix',
                'cellmesh:albAccessLogs.prefix = "/AWSLogs/x": a key prefix of up to 200 printable characters without spaces, a leading or a trailing slash, that does not contain AWSLogs, e.g. cellmesh/acct1']],
        ["KMS key id instead of an ARN", "acct1", { "cellmesh:logKmsKeyArn": "0a1b2c3d-1111-2222-3333-444455556666" },
            ['cellmesh:logKmsKeyArn = "0a1b2c3d-1111-2222-3333-444455556666": a KMS key ARN or alias ARN in this stack\'s region, arn:aws:kms:us-east-1:<account id>:key/<key id> or arn:aws:kms:us-east-1:<account id>:alias/<alias>; not an AWS managed key (alias/aws/...), whose key policy cannot admit CloudWatch Logs']],
        ["AWS managed KMS key", "acct2", { "cellmesh:logKmsKeyArn": "arn:aws:kms:us-east-1:222222222222:alias/aws/logs" },
            ['cellmesh:logKmsKeyArn = "arn:aws:kms:us-east-1:222222222222:alias/aws/logs": a KMS key ARN or alias ARN in this stack\'s region, arn:aws:kms:us-east-1:<account id>:key/<key id> or arn:aws:kms:us-east-1:<account id>:alias/<alias>; not an AWS managed key (alias/aws/...), whose key policy cannot admit CloudWatch Logs']],
        ["KMS key of another region", "acct2", { "cellmesh:logKmsKeyArn": KMS_KEY.replace("us-east-1", "us-west-2") },
            [`cellmesh:logKmsKeyArn = "${KMS_KEY.replace("us-east-1", "us-west-2")}": a KMS key ARN or alias ARN in this stack's region, arn:aws:kms:us-east-1:<account id>:key/<key id> or arn:aws:kms:us-east-1:<account id>:alias/<alias>; not an AWS managed key (alias/aws/...), whose key policy cannot admit CloudWatch Logs`]],
        ["meshTls as a bare CA ARN", "acct1", { "cellmesh:meshTls": CA },
            [`cellmesh:meshTls = "${CA}": an object { mode: STRICT | PERMISSIVE, certificateAuthorityArn: <ACM Private CA ARN>, mutual?: { kind: file | sds, ... } }`]],
        ["meshTls without a CA, with an unknown mode and setting", "acct2", { "cellmesh:meshTls": { mode: "DISABLED", ca: CA } },
            [`cellmesh:meshTls.ca = "${CA}": not a meshTls setting; valid settings are mode, certificateAuthorityArn, mutual`,
                'cellmesh:meshTls.mode = "DISABLED": one of STRICT, PERMISSIVE (STRICT: listeners accept only TLS; PERMISSIVE: plain text too, while services move to TLS)',
                "cellmesh:meshTls.certificateAuthorityArn = (not set): an ACM Private CA ARN in this stack's region, arn:aws:acm-pca:us-east-1:<account id>:certificate-authority/<id>; a CA of another account must be shared with this one through RAM"]],
        ["meshTls with a public ACM certificate instead of a CA", "acct1", { "cellmesh:meshTls": { certificateAuthorityArn: ALB_CERT } },
            [`cellmesh:meshTls.certificateAuthorityArn = "${ALB_CERT}": an ACM Private CA ARN in this stack's region, arn:aws:acm-pca:us-east-1:<account id>:certificate-authority/<id>; a CA of another account must be shared with this one through RAM`]],
        ["mutual TLS of an unknown kind", "acct1", { "cellmesh:meshTls": { certificateAuthorityArn: CA, mutual: { kind: "acm" } } },
            ['cellmesh:meshTls.mutual = {"kind":"acm"}: { kind: file, certificateChain, privateKey, trustChain } (absolute paths inside the Envoy container) or { kind: sds, secretName, trustSecretName }']],
        ["mutual TLS from files with the stock Envoy image and a relative path", "acct1", {
            "cellmesh:meshTls": { certificateAuthorityArn: CA, mutual: { kind: "file", certificateChain: "certs/chain.pem", privateKey: "/certs/key.pem", trustChain: "/certs/ca.pem", secretName: "x" } },
        }, [
            'cellmesh:meshTls.mutual.secretName = "x": not a setting of mutual TLS from file; valid settings are kind, certificateChain, privateKey, trustChain',
            'cellmesh:meshTls.mutual.certificateChain = "certs/chain.pem": an absolute path of a PEM file inside the Envoy container (at most 255 characters, no spaces), e.g. /certs/client_cert_chain.pem',
            'cellmesh:meshTls.mutual.kind = "file": the stock App Mesh Envoy image holds no certificate files; set cellmesh:envoyImage to an Envoy image of your own that contains certificateChain, privateKey and trustChain',
        ]],
        ["mutual TLS from SDS on ECS Fargate", "acct2", {
            "cellmesh:meshTls": { certificateAuthorityArn: CA, mutual: { kind: "sds", secretName: "spiffe://cellmesh.internal/servicex", trustSecretName: "" } },
        }, [
            'cellmesh:meshTls.mutual.trustSecretName = "": the name of a secret the SDS agent serves (1 to 255 characters, no spaces), e.g. spiffe://cellmesh.internal/servicea',
            'cellmesh:meshTls.mutual.kind = "sds": SDS needs an SDS agent (SPIRE) beside every Envoy, which cellmesh\'s ECS Fargate tasks do not run; use kind: file on ECS',
        ]],
    ];
    for (const [title, stack, overrides, expected] of cases) {
        it(`rejects ${title}`, () => assert.deepEqual(problems(stack, overrides), expected));
    }

    it("an invalid region is reported once, not again through the ARNs", () => {
        assert.deepEqual(problems("acct1", { "aws:region": "mars", "cellmesh:albCertificateArn": ALB_CERT, "cellmesh:meshTls": { certificateAuthorityArn: CA } }),
            ['aws:region = "mars": set the stack\'s AWS region, e.g. us-east-1']);
    });
});

describe("security options: pure validators", () => {
    it("ACM certificate ARNs: this account and region, the region's partition, a UUID", () => {
        assert.equal(isAcmCertificateArn(ALB_CERT, "us-east-1", "111111111111"), true);
        assert.equal(isAcmCertificateArn(ALB_CERT, "us-east-2", "111111111111"), false);
        assert.equal(isAcmCertificateArn(ALB_CERT, "us-east-1", "222222222222"), false);
        assert.equal(isAcmCertificateArn(ALB_CERT.replace("aaaaaaaa", "AAAAAAAA"), "us-east-1", "111111111111"), false);
        assert.equal(isAcmCertificateArn("arn:aws-cn:acm:cn-north-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "cn-north-1", "111111111111"), true);
        assert.equal(isAcmCertificateArn("arn:aws:acm:cn-north-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "cn-north-1", "111111111111"), false);
    });

    it("Private CA ARNs: this region, any account", () => {
        assert.equal(isPrivateCaArn(CA, "us-east-1"), true);
        assert.equal(isPrivateCaArn(CA.replace("111111111111", "333333333333"), "us-east-1"), true);
        assert.equal(isPrivateCaArn(CA, "eu-west-1"), false);
        assert.equal(isPrivateCaArn(CA.replace("certificate-authority", "certificate"), "us-east-1"), false);
    });

    it("KMS ARNs: keys (multi-Region too) and customer aliases in this region", () => {
        assert.equal(isLogKmsKeyArn(KMS_KEY, "us-east-1"), true);
        assert.equal(isLogKmsKeyArn(`arn:aws:kms:us-east-1:111111111111:key/mrk-${"0123456789abcdef".repeat(2)}`, "us-east-1"), true);
        assert.equal(isLogKmsKeyArn("arn:aws:kms:us-east-1:111111111111:alias/team/logs_key-1", "us-east-1"), true);
        assert.equal(isLogKmsKeyArn("arn:aws:kms:us-east-1:111111111111:alias/aws/logs", "us-east-1"), false);
        assert.equal(isLogKmsKeyArn("alias/cellmesh", "us-east-1"), false);
        assert.equal(isLogKmsKeyArn(KMS_KEY, "eu-west-1"), false);
    });

    it("S3 bucket names and access log prefixes", () => {
        for (const ok of ["abc", "acme-alb-logs", "logs.example.com", "a".repeat(63)]) assert.equal(isS3BucketName(ok), true, ok);
        for (const bad of ["ab", "a".repeat(64), "Logs", "logs_", "-logs", "logs-", "lo..gs", "10.0.0.1", "xn--logs", "logs-s3alias", "logs--ol-s3", 7]) {
            assert.equal(isS3BucketName(bad), false, String(bad));
        }
        for (const ok of ["cellmesh", "cellmesh/acct1", "a-b_c.d"]) assert.equal(isAccessLogPrefix(ok), true, ok);
        for (const bad of ["", "/x", "x/", "has space", "x/AWSLogs", 3]) assert.equal(isAccessLogPrefix(bad), false, String(bad));
    });
});

describe("security options: mesh TLS across the stacks of a mesh", () => {
    const tls = (ca = CA, mutual = false) => ({
        meshTls: { mode: "STRICT" as const, certificateAuthorityArn: ca, ...(mutual ? { mutual: { kind: "file" as const, certificateChain: "/a", privateKey: "/b", trustChain: "/c" } } : {}) },
    });

    it("agrees when every stack or none sets it, with one CA and mutual TLS everywhere or nowhere", () => {
        assert.deepEqual(meshTlsAcrossStacks([{ name: "acct1", config: {} }, { name: "acct2", config: {} }]), []);
        assert.deepEqual(meshTlsAcrossStacks([{ name: "acct1", config: tls() }, { name: "acct2", config: tls() }]), []);
        assert.deepEqual(meshTlsAcrossStacks([{ name: "acct1", config: tls(CA, true) }, { name: "acct2", config: tls(CA, true) }]), []);
    });

    it("names the stacks that disagree", () => {
        assert.deepEqual(meshTlsAcrossStacks([{ name: "acct1", config: tls() }, { name: "acct2", config: {} }, { name: "acct3", config: {} }]), [
            "cellmesh:meshTls is set in acct1 but not in acct2, acct3: their Envoys enforce TLS towards every backend, so set cellmesh:meshTls in every stack of the mesh, or in none",
        ]);
        const other = CA.replace("111111111111", "333333333333");
        assert.deepEqual(meshTlsAcrossStacks([{ name: "acct1", config: tls(CA, true) }, { name: "acct2", config: tls(other) }]), [
            `cellmesh:meshTls.certificateAuthorityArn differs between stacks (acct1: ${CA}, acct2: ${other}): clients validate every backend against their own stack's CA, so use one CA everywhere and share it through RAM`,
            "cellmesh:meshTls.mutual is set in acct1 but not in acct2: a listener that requires client certificates refuses callers that present none, so set mutual in every stack, or in none",
        ]);
    });

    it("the driver (and the plan) refuse a project whose stacks disagree", () => {
        const sb = new Sandbox({
            acct1: `${OWNER_YAML}  cellmesh:meshTls:\n    certificateAuthorityArn: ${CA}\n`,
            acct2: consumerYaml("222222222222", "acct2"),
        });
        try {
            assert.throws(() => sb.project(), new DriverError(
                "cellmesh:meshTls is set in acct1 but not in acct2: their Envoys enforce TLS towards every backend, so set cellmesh:meshTls in every stack of the mesh, or in none"));
        } finally {
            sb.dispose();
        }
    });
});

describe("security options: docs", () => {
    it("documents every key in the config reference, as off by default, with a section in docs/security.md, and lists the options as unverified", () => {
        const read = (file: string) => fs.readFileSync(path.join(ROOT, "docs", file), "utf8");
        const reference = read("configuration.md");
        const security = read("security.md");
        for (const key of [...SECURITY_KEYS, ...INGRESS_SECURITY_KEYS]) {
            assert.match(reference, new RegExp("^\\| `cellmesh:" + key + "` \\| no \\| .*Off by default", "m"), `config reference row for cellmesh:${key}`);
            assert.ok(security.includes(`(\`cellmesh:${key}\`)`), `a security section for cellmesh:${key}`);
        }
        assert.ok(read("unverified.md").includes("security options"), "the options are listed as unverified");
    });
});
