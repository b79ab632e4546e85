// The optional security settings of a stack: mesh TLS and a KMS key for log groups (every stack),
// HTTPS and access logs on the owner's public ALBs. All off by default. Parsed here, reported
// through the loader's `Problems` like every other key (config/load.ts calls in).

import { AlbAccessLogs } from "../shared/weightedAlb";
import { MESH_TLS_MODES, MeshTlsMode, MeshTlsPolicy, MutualTls } from "../engines/appmesh/meshTls";
import { Problems } from "./problems";
import { asStructured, isAccountId, isRecord, isRegion, partitionOf } from "./validate";

/** Keys every stack takes. */
export const SECURITY_KEYS = ["meshTls", "logKmsKeyArn"];
/** Keys only the owner takes: the public ALBs live in the owner's account. */
export const INGRESS_SECURITY_KEYS = ["albCertificateArn", "albAccessLogs"];

/** Settings of every stack. */
export interface MeshSecurity {
    /** TLS between Envoys. @default undefined: plain text in the mesh */
    readonly meshTls?: MeshTlsPolicy;
    /** KMS key (ARN or alias ARN) of every log group cellmesh creates. @default undefined: CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
}

/** Settings of the owner's public ALBs (every entry service's and the virtual gateway's). */
export interface IngressSecurity {
    /** HTTPS with this ACM certificate; plain HTTP then redirects. @default undefined: plain HTTP */
    readonly albCertificateArn?: string;
    /** @default undefined: no access logs */
    readonly albAccessLogs?: AlbAccessLogs;
}

/** What the rules depend on; values as the loader read them (possibly invalid). */
export interface StackFacts {
    readonly region: unknown;
    readonly accountId: string;
    readonly compute: unknown;
    readonly envoyImage: unknown;
}

type Getter = (key: string) => unknown;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Splits `arn:<partition>:<service>:<region>:<account>:<resource>`, or undefined. */
function arnParts(value: unknown, service: string): { partition: string; region: string; account: string; resource: string } | undefined {
    if (typeof value !== "string") return undefined;
    const m = new RegExp(`^arn:(aws[a-z-]*):${service}:([a-z0-9-]+):(\\d{12}):(.+)$`).exec(value);
    return m ? { partition: m[1], region: m[2], account: m[3], resource: m[4] } : undefined;
}

/**
 * In `region`, with that region's partition. Without a region (the stack's own is invalid, which is
 * reported on its own) any region in its partition passes, so one mistake is not reported twice.
 */
function inRegion(parts: { partition: string; region: string }, region: string | undefined): boolean {
    const r = region ?? parts.region;
    return isRegion(r) && parts.region === r && parts.partition === partitionOf(r);
}

/** An ACM certificate of exactly this account and region (an ALB can use no other). */
export function isAcmCertificateArn(value: unknown, region: string | undefined, accountId: string | undefined): value is string {
    const a = arnParts(value, "acm");
    return a !== undefined && inRegion(a, region) && (accountId === undefined || a.account === accountId) && new RegExp(`^certificate/${UUID}$`).test(a.resource);
}

/** An ACM Private CA in this region, of any account (another account's CA is shared through RAM). */
export function isPrivateCaArn(value: unknown, region: string | undefined): value is string {
    const a = arnParts(value, "acm-pca");
    return a !== undefined && inRegion(a, region) && new RegExp(`^certificate-authority/${UUID}$`).test(a.resource);
}

/**
 * A KMS key ARN (single- or multi-Region key) or alias ARN in this region. AWS managed keys
 * (`alias/aws/...`) are refused: their key policies cannot be changed to admit CloudWatch Logs.
 */
export function isLogKmsKeyArn(value: unknown, region: string | undefined): value is string {
    const a = arnParts(value, "kms");
    if (a === undefined || !inRegion(a, region)) return false;
    if (new RegExp(`^key/(${UUID}|mrk-[0-9a-f]{32})$`).test(a.resource)) return true;
    return /^alias\/[A-Za-z0-9/_-]{1,250}$/.test(a.resource) && !a.resource.startsWith("alias/aws/");
}

/** S3's rules for bucket names (general purpose buckets). */
export function isS3BucketName(value: unknown): value is string {
    if (typeof value !== "string" || value.length < 3 || value.length > 63) return false;
    if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(value) || value.includes("..")) return false;
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return false;
    if (["xn--", "sthree-", "amzn-s3-demo-"].some((p) => value.startsWith(p))) return false;
    return !["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].some((s) => value.endsWith(s));
}

/** An ALB access log prefix: ELB writes `<bucket>/<prefix>/AWSLogs/...`, and refuses a prefix containing AWSLogs. */
export function isAccessLogPrefix(value: unknown): value is string {
    return typeof value === "string" && /^[\x21-\x7e]{1,200}$/.test(value) && !value.startsWith("/") && !value.endsWith("/") && !value.includes("AWSLogs");
}

/** Absolute path of a PEM file in the Envoy container (App Mesh takes 1 to 255 characters). */
function isContainerPath(value: unknown): value is string {
    return typeof value === "string" && /^\/[^\s]{1,254}$/.test(value);
}

/** A secret name served by an SDS agent (a SPIFFE ID with SPIRE). */
function isSdsSecretName(value: unknown): value is string {
    return typeof value === "string" && /^[^\s]{1,255}$/.test(value);
}

/** The stack's region and account for examples in messages, or placeholders when those are invalid themselves. */
function where(f: StackFacts): { region: string; partition: string; account: string } {
    const region = isRegion(f.region) ? f.region : "<region>";
    return { region, partition: isRegion(f.region) ? partitionOf(f.region) : "aws", account: isAccountId(f.accountId) ? f.accountId : "<account id>" };
}

/** Parses `cellmesh:meshTls` and `cellmesh:logKmsKeyArn` (every stack). */
export function parseMeshSecurity(p: Problems, get: Getter, facts: StackFacts): MeshSecurity {
    const w = where(facts);
    const region = isRegion(facts.region) ? facts.region : undefined;
    const meshTls = parseMeshTls(p, get("cellmesh:meshTls"), facts, w, region);

    const kms = get("cellmesh:logKmsKeyArn");
    if (kms !== undefined && !isLogKmsKeyArn(kms, region)) {
        p.add("cellmesh:logKmsKeyArn", kms, `a KMS key ARN or alias ARN in this stack's region, arn:${w.partition}:kms:${w.region}:<account id>:key/<key id> or arn:${w.partition}:kms:${w.region}:<account id>:alias/<alias>; not an AWS managed key (alias/aws/...), whose key policy cannot admit CloudWatch Logs`);
    }
    return {
        ...(meshTls ? { meshTls } : {}),
        ...(typeof kms === "string" && isLogKmsKeyArn(kms, region) ? { logKmsKeyArn: kms } : {}),
    };
}

function parseMeshTls(p: Problems, raw: unknown, facts: StackFacts, w: ReturnType<typeof where>, region: string | undefined): MeshTlsPolicy | undefined {
    const key = "cellmesh:meshTls";
    if (raw === undefined) return undefined;
    if (!isRecord(raw)) {
        p.add(key, raw, "an object { mode: STRICT | PERMISSIVE, certificateAuthorityArn: <ACM Private CA ARN>, mutual?: { kind: file | sds, ... } }");
        return undefined;
    }
    const allowed = ["mode", "certificateAuthorityArn", "mutual"];
    for (const f of Object.keys(raw)) {
        if (!allowed.includes(f)) p.add(`${key}.${f}`, raw[f], `not a meshTls setting; valid settings are ${allowed.join(", ")}`);
    }
    const mode = raw.mode ?? "STRICT";
    if (!MESH_TLS_MODES.includes(mode as MeshTlsMode)) {
        p.add(`${key}.mode`, mode, `one of ${MESH_TLS_MODES.join(", ")} (STRICT: listeners accept only TLS; PERMISSIVE: plain text too, while services move to TLS)`);
    }
    const ca = raw.certificateAuthorityArn;
    if (!isPrivateCaArn(ca, region)) {
        p.add(`${key}.certificateAuthorityArn`, ca, `an ACM Private CA ARN in this stack's region, arn:${w.partition}:acm-pca:${w.region}:<account id>:certificate-authority/<id>; a CA of another account must be shared with this one through RAM`);
    }
    const mutual = raw.mutual === undefined ? undefined : parseMutual(p, `${key}.mutual`, asStructured(raw.mutual), facts);
    if (!MESH_TLS_MODES.includes(mode as MeshTlsMode) || !isPrivateCaArn(ca, region) || (raw.mutual !== undefined && !mutual)) return undefined;
    return { mode: mode as MeshTlsMode, certificateAuthorityArn: ca, ...(mutual ? { mutual } : {}) };
}

const MUTUAL_FIELDS = { file: ["kind", "certificateChain", "privateKey", "trustChain"], sds: ["kind", "secretName", "trustSecretName"] } as const;

function parseMutual(p: Problems, key: string, raw: unknown, facts: StackFacts): MutualTls | undefined {
    if (!isRecord(raw) || (raw.kind !== "file" && raw.kind !== "sds")) {
        p.add(key, raw, "{ kind: file, certificateChain, privateKey, trustChain } (absolute paths inside the Envoy container) or { kind: sds, secretName, trustSecretName }");
        return undefined;
    }
    const kind = raw.kind;
    let ok = true;
    for (const f of Object.keys(raw)) {
        if (!(MUTUAL_FIELDS[kind] as readonly string[]).includes(f)) {
            p.add(`${key}.${f}`, raw[f], `not a setting of mutual TLS from ${kind}; valid settings are ${MUTUAL_FIELDS[kind].join(", ")}`);
            ok = false;
        }
    }
    if (kind === "file") {
        for (const f of ["certificateChain", "privateKey", "trustChain"]) {
            if (!isContainerPath(raw[f])) {
                p.add(`${key}.${f}`, raw[f], "an absolute path of a PEM file inside the Envoy container (at most 255 characters, no spaces), e.g. /certs/client_cert_chain.pem");
                ok = false;
            }
        }
        // The stock image cannot hold your certificates, and cellmesh mounts no volumes into Envoy.
        if (facts.envoyImage === undefined) {
            p.add(`${key}.kind`, kind, "the stock App Mesh Envoy image holds no certificate files; set cellmesh:envoyImage to an Envoy image of your own that contains certificateChain, privateKey and trustChain");
            ok = false;
        }
        return ok ? MutualTls.file({ certificateChain: raw.certificateChain as string, privateKey: raw.privateKey as string, trustChain: raw.trustChain as string }) : undefined;
    }
    for (const f of ["secretName", "trustSecretName"]) {
        if (!isSdsSecretName(raw[f])) {
            p.add(`${key}.${f}`, raw[f], "the name of a secret the SDS agent serves (1 to 255 characters, no spaces), e.g. spiffe://cellmesh.internal/servicea");
            ok = false;
        }
    }
    if (facts.compute === "ecs") {
        p.add(`${key}.kind`, kind, "SDS needs an SDS agent (SPIRE) beside every Envoy, which cellmesh's ECS Fargate tasks do not run; use kind: file on ECS");
        ok = false;
    }
    return ok ? MutualTls.sds({ secretName: raw.secretName as string, trustSecretName: raw.trustSecretName as string }) : undefined;
}

/** Parses `cellmesh:albCertificateArn` and `cellmesh:albAccessLogs` (owner only). */
export function parseIngressSecurity(p: Problems, get: Getter, facts: StackFacts): IngressSecurity {
    const w = where(facts);
    const region = isRegion(facts.region) ? facts.region : undefined;
    const cert = get("cellmesh:albCertificateArn");
    const certOk = cert !== undefined && isAcmCertificateArn(cert, region, isAccountId(facts.accountId) ? facts.accountId : undefined);
    if (cert !== undefined && !certOk) {
        p.add("cellmesh:albCertificateArn", cert, `an ACM certificate ARN of this stack's account and region, arn:${w.partition}:acm:${w.region}:${w.account}:certificate/<certificate id> (an ALB can use only a certificate of its own account and region)`);
    }

    const key = "cellmesh:albAccessLogs";
    const logs = get(key);
    let albAccessLogs: AlbAccessLogs | undefined;
    if (logs !== undefined) {
        if (!isRecord(logs)) {
            p.add(key, logs, `an object { bucket: <existing S3 bucket in ${w.region}>, prefix?: <key prefix> }`);
        } else {
            let ok = true;
            for (const f of Object.keys(logs)) {
                if (!["bucket", "prefix"].includes(f)) {
                    p.add(`${key}.${f}`, logs[f], "not an access log setting; valid settings are bucket, prefix");
                    ok = false;
                }
            }
            if (!isS3BucketName(logs.bucket)) {
                p.add(`${key}.bucket`, logs.bucket, "the name of an existing S3 bucket (cellmesh does not create it): 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address");
                ok = false;
            }
            if (logs.prefix !== undefined && !isAccessLogPrefix(logs.prefix)) {
                p.add(`${key}.prefix`, logs.prefix, "a key prefix of up to 200 printable characters without spaces, a leading or a trailing slash, that does not contain AWSLogs, e.g. cellmesh/acct1");
                ok = false;
            }
            if (ok) albAccessLogs = { bucket: logs.bucket as string, ...(logs.prefix !== undefined ? { prefix: logs.prefix as string } : {}) };
        }
    }
    return { ...(certOk ? { albCertificateArn: cert as string } : {}), ...(albAccessLogs ? { albAccessLogs } : {}) };
}

/**
 * Mesh TLS must agree across the stacks of one mesh: a client enforces TLS to every backend and
 * validates it against its own stack's CA, and a listener with mutual TLS refuses callers without a
 * certificate. Returns one problem per disagreement (the driver and the plan report them).
 */
export function meshTlsAcrossStacks(stacks: readonly { readonly name: string; readonly config: MeshSecurity }[]): string[] {
    const problems: string[] = [];
    const withTls = stacks.filter((s) => s.config.meshTls !== undefined);
    if (withTls.length === 0) return problems;
    const without = stacks.filter((s) => s.config.meshTls === undefined);
    if (without.length > 0) {
        problems.push(`cellmesh:meshTls is set in ${withTls.map((s) => s.name).join(", ")} but not in ${without.map((s) => s.name).join(", ")}: their Envoys enforce TLS towards every backend, so set cellmesh:meshTls in every stack of the mesh, or in none`);
        return problems;
    }
    const cas = [...new Set(withTls.map((s) => s.config.meshTls!.certificateAuthorityArn))];
    if (cas.length > 1) {
        problems.push(`cellmesh:meshTls.certificateAuthorityArn differs between stacks (${withTls.map((s) => `${s.name}: ${s.config.meshTls!.certificateAuthorityArn}`).join(", ")}): clients validate every backend against their own stack's CA, so use one CA everywhere and share it through RAM`);
    }
    const mutual = withTls.filter((s) => s.config.meshTls!.mutual !== undefined);
    if (mutual.length > 0 && mutual.length < withTls.length) {
        problems.push(`cellmesh:meshTls.mutual is set in ${mutual.map((s) => s.name).join(", ")} but not in ${withTls.filter((s) => !s.config.meshTls!.mutual).map((s) => s.name).join(", ")}: a listener that requires client certificates refuses callers that present none, so set mutual in every stack, or in none`);
    }
    return problems;
}
