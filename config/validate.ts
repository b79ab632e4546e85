// Pure predicates and value coercions used by the config loader. No Pulumi, no AWS: each one is
// tested on its own (tests/config/validate.test.ts).

import type { BackendConfig } from "./types";

/** AWS account ids are exactly 12 digits (leading zeros are significant, so keep them strings). */
export function isAccountId(value: unknown): value is string {
    return typeof value === "string" && /^\d{12}$/.test(value);
}

/**
 * An account id written without quotes: YAML hands it over as a number, and a YAML 1.2 reader (the
 * driver's and the plan's, automation/yamlFile.ts) reads `012345678901` as 12345678901, dropping the
 * zero. Returns how to write it and what was read, or undefined when `value` is not such a number.
 */
export function unquotedAccountId(value: unknown): { readonly id: string; readonly problem: string } | undefined {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || String(value).length > 12) return undefined;
    const read = String(value);
    const id = read.padStart(12, "0");
    const zeros = 12 - read.length;
    return {
        id,
        problem: zeros === 0
            ? "quote it: YAML reads it as a number"
            : `quote it: YAML reads it as a number and drops ${zeros === 1 ? "the leading zero" : "leading zeros"}, so it read ${read} (${read.length} digits)`,
    };
}

/**
 * A DNS label as Cloud Map, App Mesh, ECS and Kubernetes all accept it: lowercase letters, digits
 * and inner hyphens, 1 to 63 characters.
 */
export function isDnsLabel(value: unknown): value is string {
    return typeof value === "string" && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value);
}

/** A DNS name of at least two labels, e.g. `internal-domain1.com` (a Cloud Map namespace name). */
export function isDnsName(value: unknown): value is string {
    if (typeof value !== "string" || value.length > 253) return false;
    const labels = value.split(".");
    return labels.length >= 2 && labels.every(isDnsLabel);
}

/** Parses `a.b.c.d/n` into a 32-bit network address and prefix length, or undefined. */
export function parseCidr(value: unknown): { network: number; prefix: number } | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    // A CIDR whose host bits are set (10.0.0.1/16) is almost always a typo; AWS rejects it too.
    if ((address & ~mask) >>> 0 !== 0) return undefined;
    return { network: address, prefix };
}

/** True when two valid CIDR blocks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    if (!x || !y) return false;
    const prefix = Math.min(x.prefix, y.prefix);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return ((x.network & mask) >>> 0) === ((y.network & mask) >>> 0);
}

/**
 * Integers may arrive as numbers (YAML) or as strings (`pulumi config set` stores plain values as
 * strings, and `--path` may store either), so accept both spellings of a whole number.
 */
export function asInteger(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isInteger(value)) return value;
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
    return undefined;
}

/** Booleans, like integers, may arrive as `true` or `"true"`. */
export function asBoolean(value: unknown): boolean | undefined {
    if (typeof value === "boolean") return value;
    if (value === "true") return true;
    if (value === "false") return false;
    return undefined;
}

/**
 * Pulumi hands structured config to programs as JSON text; YAML readers hand over objects. Accept
 * both so the stack program, the offline plan and the driver share one loader.
 */
export function asStructured(value: unknown): unknown {
    if (typeof value !== "string") return value;
    const text = value.trim();
    if (!(text.startsWith("{") || text.startsWith("["))) return value;
    try {
        return JSON.parse(text);
    } catch {
        return value;
    }
}

/** A plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An IAM role ARN in any partition. */
export function isRoleArn(value: unknown): value is string {
    return typeof value === "string" && /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/.test(value);
}

/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** A region name such as `us-east-1` or `ap-southeast-2`. */
export function isRegion(value: unknown): value is string {
    return typeof value === "string" && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(value);
}

/** Renders a config value for an error message: strings quoted, objects as JSON. */
export function show(value: unknown): string {
    if (value === undefined) return "(not set)";
    return JSON.stringify(value);
}

/**
 * `serviceb` -> a service of this stack; `servicex.internal-domain2.com[:port]` -> a virtual
 * service of another account (the port defaults to the caller's own port, as in the reference
 * topology where every service listens on 5001). A name in this stack's own namespace is local.
 */
export function parseBackendRef(entry: unknown, namespace: string, defaultPort: number): BackendConfig | undefined {
    if (typeof entry !== "string") return undefined;
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(entry);
    if (!m) return undefined;
    const [, host, portText] = m;
    const port = portText === undefined ? defaultPort : Number(portText);
    if (port < 1 || port > 65535) return undefined;
    if (isDnsLabel(host as unknown)) {
        return portText === undefined ? { kind: "local", service: host, namespace, virtualServiceName: `${host}.${namespace}`, port } : undefined;
    }
    const dot = host.indexOf(".");
    const service = host.slice(0, dot);
    const ns = host.slice(dot + 1);
    if (dot < 0 || !isDnsLabel(service) || !isDnsName(ns)) return undefined;
    return { kind: ns === namespace ? "local" : "remote", service, namespace: ns, virtualServiceName: host, port };
}

/** An image reference with a tag other than `latest`, or a digest. */
export function isPinnedImage(value: unknown): value is string {
    if (typeof value !== "string" || value.trim() !== value || value === "") return false;
    if (/@sha256:[a-f0-9]{64}$/.test(value)) return true;
    const lastSlash = value.lastIndexOf("/");
    const tagAt = value.indexOf(":", lastSlash + 1);
    if (tagAt < 0) return false;
    const tag = value.slice(tagAt + 1);
    return /^[\w][\w.-]{0,127}$/.test(tag) && tag !== "latest";
}
