// The AWS names cellmesh derives from config, each kind's limit with its source, and the one way a
// name Pulumi generates is kept within its limit. Pure: no Pulumi imports (the loader, the
// components and the plan's reader use it). Every kind is kept within its limit either by
// construction (`autonamed`, below) or by a loader message naming the key, the value and the limit
// (config/load.ts, engines/lattice/config.ts); docs/mistakes.md lists which.

import { createHash } from "node:crypto";

/** One kind of name: its limit and where AWS (or the Pulumi provider) states it. */
export interface NameLimit {
    /** Longest name AWS accepts. */
    readonly max: number;
    /** Pulumi generates it (logical name + "-" + 7 random characters) instead of cellmesh setting it. */
    readonly autonamed: boolean;
    /** Where the limit is stated. */
    readonly source: string;
}

/**
 * The limits cellmesh builds to (autonamed) or checks names made from config against
 * (config/derivedNames.ts). VPC Lattice's names are checked by engines/lattice/limits.ts; the names
 * that fit whatever the config (IAM inline policies, App Mesh objects) are in docs/mistakes.md only.
 */
export const NAME_LIMITS = {
    albName: { max: 32, autonamed: true, source: "ELBv2 CreateLoadBalancer Name: at most 32 characters, not beginning with internal- (@pulumi/aws 7.48 lb.LoadBalancer name)" },
    albTargetGroup: { max: 32, autonamed: true, source: "ELBv2 CreateTargetGroup Name: at most 32 characters; pulumi-aws sets AutoName(\"name\", 32, \"-\"), which refuses a longer autoname" },
    iamRole: { max: 64, autonamed: true, source: "IAM CreateRole RoleName: 1 to 64 characters; pulumi-aws sets AutoName(\"name\", 64, \"-\")" },
    // The family also names the cell's ECS service (CreateService serviceName: the same 255 and characters).
    ecsFamily: { max: 255, autonamed: false, source: "ECS RegisterTaskDefinition family: up to 255 letters, digits, hyphens and underscores" },
    ecsCluster: { max: 255, autonamed: false, source: "ECS CreateCluster clusterName: up to 255 letters, digits, hyphens and underscores" },
    eksCluster: { max: 100, autonamed: false, source: "EKS CreateCluster name: 1 to 100 characters, ^[0-9A-Za-z][A-Za-z0-9\\-_]*" },
    logGroup: { max: 512, autonamed: false, source: "CloudWatch Logs CreateLogGroup logGroupName: 1 to 512 characters" },
    dnsName: { max: 253, autonamed: false, source: "RFC 1035 domain names (Route 53 records, the Lattice service's custom domain name, the App Mesh virtual service name)" },
} as const satisfies Record<string, NameLimit>;

export type NameKind = keyof typeof NAME_LIMITS;

/**
 * What Pulumi appends to a logical name to make a physical one: "-" and 7 random hex characters
 * (pulumi-terraform-bridge `AutoName(name, maxlen, "-")` -> `resource.NewUniqueHex(name + "-", 7, maxlen)`,
 * which fails, not truncates, when the result would exceed maxlen).
 */
export const AUTONAME_SUFFIX = 8;

/** Characters of the hash in a shortened name. */
const HASH = 6;

function hashOf(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, HASH);
}

/**
 * The logical name to give a resource that Pulumi autonames, so that its physical name fits `kind`'s
 * limit: `natural` itself when it fits (so nothing that ever deployed is renamed), else a stable
 * short form: the start of `natural`, a 6-character hash of all of it, and `keep` (the cell's name)
 * at the end when there is room for it. A resource whose natural name overflows could never be
 * created, so the short form renames nothing that exists.
 */
export function autonamed(kind: NameKind, natural: string, keep?: string): string {
    const room = NAME_LIMITS[kind].max - AUTONAME_SUFFIX;
    const starts = kind === "albName" && natural.startsWith("internal-");
    if (natural.length <= room && !starts) return natural;
    const base = starts ? `i-${natural.slice("internal-".length)}` : natural;
    const hash = hashOf(natural);
    const tail = keep !== undefined && keep.length + HASH + 3 <= room ? `-${hash}-${keep}` : `-${hash}`;
    const head = base.slice(0, room - tail.length).replace(/-+$/, "");
    return `${head}${tail}`;
}

/** The logical name of the WeightedAlb `alb`'s target group for `target` (a cell, or the gateway's Envoy). */
export function albTargetGroupName(alb: string, target: string): string {
    return autonamed("albTargetGroup", `${alb}-${target}`, target);
}

/** The one target of App Mesh's ECS virtual gateway ALB (engines/appmesh/ecs/virtualGateway.ts): its Envoy service. */
export const GATEWAY_ALB_TARGET = "envoy";

/**
 * The target (cell) of `alb` whose target group is named `targetGroup`, among the `known` ones:
 * each known target's name is rebuilt and compared, since a shortened name cannot be read back (a
 * cell of 16 or more characters is not kept in it). Undefined when none, or more than one, matches.
 */
export function cellOfAlbTargetGroup(alb: string, targetGroup: string, known: Iterable<string>): string | undefined {
    const matches = new Set([...known].filter((target) => albTargetGroupName(alb, target) === targetGroup));
    return matches.size === 1 ? [...matches][0] : undefined;
}
