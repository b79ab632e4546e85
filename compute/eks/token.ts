// A Kubernetes bearer token for an EKS cluster from the caller's AWS credentials, as
// aws-iam-authenticator and `aws eks get-token` make it: `k8s-aws-v1.` + base64url (no padding) of
// an STS GetCallerIdentity URL presigned with SigV4, its signed headers including
// `x-k8s-aws-id: <cluster name>` (kubernetes-sigs/aws-iam-authenticator pkg/token/token.go).
// @smithy/signature-v4 moves only `x-amz-*` headers into the query, so the cluster header stays signed.

import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentityProvider } from "../../automation/preflight";

/** The token for `cluster`; valid 15 minutes after `now` (STS's presign limit). */
export async function eksToken(cluster: string, region: string, credentials: AwsCredentialIdentityProvider, now: Date = new Date()): Promise<string> {
    const signer = new SignatureV4({ service: "sts", region, credentials, sha256: Sha256 });
    const host = `sts.${region}.amazonaws.com`;
    const request = new HttpRequest({
        method: "GET", protocol: "https:", hostname: host, path: "/",
        query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
        headers: { host, "x-k8s-aws-id": cluster },
    });
    const signed = await signer.presign(request, { expiresIn: 60, signingDate: now });
    const query = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
    const url = `https://${host}/?${query}`;
    return `k8s-aws-v1.${Buffer.from(url).toString("base64url")}`;
}
