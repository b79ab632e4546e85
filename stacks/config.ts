// The cellmesh config schema and its one loader. Every stack program, the offline plan and the
// rollout driver load config through `parseStackConfig`, so a bad value is reported the same way
// everywhere and always before any resource is created.

import { MAX_CELLS, MAX_WEIGHT } from "../components/limits";
import { REGIONS_NEEDING_ENVOY_IMAGE } from "../components/ecs/envoyImage";
import { Problems } from "./problems";
import { INGRESS_SECURITY_KEYS, IngressSecurity, MeshSecurity, SECURITY_KEYS, parseIngressSecurity, parseMeshSecurity } from "./security";
import { TRAFFIC_KEYS, parseTraffic } from "./traffic";
import { TrafficPolicy } from "../components/trafficPolicy";
import { AnyEksSettings, parseEks } from "./eks";
import { APPMESH_ONLY_KEYS, LATTICE_MAX_TARGET_GROUPS, LATTICE_MAX_WEIGHT, latticeEksProblems, latticeProblems } from "./lattice";
import {
    asBoolean, asInteger, asStructured, isAccountId, isDnsLabel, isDnsName, isRecord, isRegion,
    isRoleArn, parseCidr,
} from "./validate";

export type Role = "owner" | "consumer";
export const ROLES: readonly Role[] = ["owner", "consumer"];
/** ECS Fargate tasks in the owner's shared VPC, or one EKS cluster per account in a VPC of its own (App Mesh: joined by VPC peering; Lattice: by the service network). */
export type Compute = "ecs" | "eks";
export const COMPUTES: readonly Compute[] = ["ecs", "eks"];
/**
 * The mesh engine: AWS App Mesh (end of support 2026-09-30; reproduces the reference architecture)
 * or Amazon VPC Lattice (service network shared with RAM, no sidecars).
 */
export type Engine = "appmesh" | "lattice";
export const ENGINES: readonly Engine[] = ["lattice", "appmesh"];
/** What an unset `cellmesh:engine` means. */
export const DEFAULT_ENGINE: Engine = "lattice";
/**
 * Where each account's cells run, and so where its target groups live (a strategy, as awsx's
 * `NatGatewayStrategy`). `VpcPerAccount`: every account has a VPC of its own, associated with the
 * owner's service network, AWS's documented multi-account layout for VPC Lattice. `SharedSubnets`:
 * the owner shares its private subnets with RAM and the consumers' tasks and target groups live in
 * the owner's VPC (App Mesh's reference layout; on VPC Lattice unverified on AWS, docs/unverified.md).
 * Configurable on VPC Lattice with ECS only: App Mesh on ECS is always SharedSubnets, EKS always
 * VpcPerAccount.
 */
export type VpcLayout = "VpcPerAccount" | "SharedSubnets";
export const VPC_LAYOUTS: readonly VpcLayout[] = ["VpcPerAccount", "SharedSubnets"];
/** The VPC of a VPC Lattice consumer on ECS when it sets no `cellmesh:vpcCidr` (VPCs joined by Lattice may overlap). */
export const DEFAULT_LATTICE_CONSUMER_VPC_CIDR = "10.0.0.0/16";
/** How many NAT gateways the owner's VPC gets (awsx `NatGatewayStrategy`). */
export type NatGateways = "Single" | "OnePerAz";
export const NAT_GATEWAYS: readonly NatGateways[] = ["Single", "OnePerAz"];
/** RAM sharing scope: inside the AWS Organization only, or with any account (needs an accepter). */
export type Sharing = "organization" | "external";
export const SHARINGS: readonly Sharing[] = ["organization", "external"];
export type EgressFilter = "DROP_ALL" | "ALLOW_ALL";
export const EGRESS_FILTERS: readonly EgressFilter[] = ["DROP_ALL", "ALLOW_ALL"];

/** An ALB forward action takes at most 5 target groups, so an ingress service has at most 5 cells. */
export const MAX_ALB_TARGET_GROUPS = 5;
/** Ports that Envoy (admin 9901, proxy 15000/15001) and the X-Ray daemon (2000) already use in every task. */
export const RESERVED_PORTS: readonly number[] = [2000, 9901, 15000, 15001];
/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export interface CellConfig {
    /** Cell name, a DNS label (`cell1`). */
    readonly name: string;
    /** Relative share of the service's traffic, 0..100. */
    readonly weight: number;
}

/** A service this service calls: one of the same stack, or a virtual service of another account. */
export interface BackendConfig {
    /** `local`: a service of this stack; `remote`: a fully qualified name in another namespace. */
    readonly kind: "local" | "remote";
    /** The backend's service name (`serviceb`). */
    readonly service: string;
    /** The namespace the backend lives in (`internal-domain2.com`). */
    readonly namespace: string;
    /** The App Mesh virtual service name, which is also the DNS name clients dial. */
    readonly virtualServiceName: string;
    /** The port clients dial (the backend's listener port). */
    readonly port: number;
}

export interface ServiceConfig {
    readonly name: string;
    /** The app's port: Envoy's listener, the router's listener and the dial port. */
    readonly port: number;
    /** Container image of the app; unset runs the demo app on a stock public Node image. */
    readonly image?: string;
    readonly backends: readonly BackendConfig[];
    /** Put an internet-facing ALB in front of the cells, split by the cell weights (owner only). */
    readonly ingress: boolean;
    /** Tasks per cell. */
    readonly desiredCount: number;
    readonly cells: readonly CellConfig[];
    /** Protocol, health check, retries, timeouts, limits and cell pinning. */
    readonly traffic: TrafficPolicy;
    /** Extra environment variables for the app (e.g. the endpoints a third-party image expects). */
    readonly environment: Readonly<Record<string, string>>;
}

export interface VirtualGatewayConfig {
    /** Envoy's listener port on the gateway. */
    readonly port: number;
    /** Virtual services of other accounts that also get a `/<service>` gateway route. */
    readonly remoteServices: readonly BackendConfig[];
}

/** Security options (mesh TLS, log group KMS key) are in `MeshSecurity` (stacks/security.ts). */
export interface BaseConfig extends MeshSecurity {
    /** The Pulumi stack name (`acct1`). */
    readonly stack: string;
    readonly region: string;
    /** The stack's own account, from `aws:allowedAccountIds`. */
    readonly accountId: string;
    readonly profile?: string;
    /** `lattice` (default) or `appmesh`; every stack of a mesh uses the same engine. */
    readonly engine: Engine;
    readonly compute: Compute;
    /** Where the mesh's accounts run their cells (set by `cellmesh:vpcLayout` on VPC Lattice with ECS; fixed elsewhere). */
    readonly vpcLayout: VpcLayout;
    /** The account's private DNS namespace (`internal-domain1.com`): Cloud Map on App Mesh, a Route 53 private hosted zone on Lattice. */
    readonly namespace: string;
    readonly services: readonly ServiceConfig[];
    /** Envoy image override; defaults to the regional App Mesh Envoy image. */
    readonly envoyImage?: string;
    readonly logRetentionDays: number;
    /** Cluster, nodes and the engine's controller (set exactly when compute is eks; `EksSettings` on App Mesh, `LatticeEksSettings` on Lattice). */
    readonly eks?: AnyEksSettings;
}

/** A VPC cellmesh creates: the owner's (both variants), and each consumer's own on EKS. */
export interface NetworkConfig {
    readonly vpcCidr: string;
    readonly natGateways: NatGateways;
    readonly availabilityZones: number;
}

/** ALB HTTPS and access logs are in `IngressSecurity` (stacks/security.ts). */
export interface OwnerConfig extends BaseConfig, IngressSecurity {
    readonly role: "owner";
    readonly meshName: string;
    /** Consumer account ids the mesh (and, on ECS, the private subnets) are shared with. */
    readonly consumers: readonly string[];
    readonly network: NetworkConfig;
    readonly sharing: Sharing;
    readonly egressFilter: EgressFilter;
    readonly virtualGateway?: VirtualGatewayConfig;
}

/** How a consumer stack reaches the owner account (for the owner-side half of the DNS association). */
export type OwnerAccess = { readonly profile: string } | { readonly roleArn: string };

export interface ConsumerConfig extends BaseConfig {
    readonly role: "consumer";
    /** Fully qualified owner stack (`organization/cellmesh/acct1`). */
    readonly ownerStack: string;
    readonly ownerAccess: OwnerAccess;
    /** Create the `AWSServiceRoleForAppMesh` service-linked role (fails if it already exists). */
    readonly createServiceLinkedRole: boolean;
    /** CIDR of the tiny VPC that anchors the consumer's private DNS namespace in its own account (ECS). */
    readonly placeholderVpcCidr: string;
    /**
     * The consumer's own VPC: always on EKS (peered with the owner's on App Mesh, associated with the
     * service network on Lattice); on ECS with VPC Lattice unless `cellmesh:vpcLayout` is SharedSubnets.
     */
    readonly network?: NetworkConfig;
}

export type CellmeshConfig = OwnerConfig | ConsumerConfig;

/** Raw config values by fully qualified key (`aws:region`, `cellmesh:services`), as Pulumi or YAML gives them. */
export type RawConfig = Readonly<Record<string, unknown>>;

/** Thrown when a stack's config is invalid; `problems` holds one line per bad key. */
export class ConfigError extends Error {
    constructor(public readonly stack: string, public readonly problems: readonly string[]) {
        super(`Invalid cellmesh config for stack "${stack}":\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
    }
}

/**
 * Security options an EKS stack cannot honour, with the reason per engine. No EKS stack has log
 * groups; App Mesh on EKS has no ALB (its entry is the virtual gateway's NLB), while VPC Lattice on
 * EKS has the same weighted ALB as ECS, so the ALB options apply there.
 */
const NOT_ON_EKS_SECURITY: Readonly<Record<Engine, Readonly<Record<string, string>>>> = {
    appmesh: {
        "cellmesh:logKmsKeyArn": "applies to the CloudWatch log groups of ECS tasks; on EKS cellmesh creates no log groups",
        "cellmesh:albCertificateArn": "applies to the public ALBs of ECS and of VPC Lattice on EKS; App Mesh on EKS has none (its entry is a virtual gateway behind a Network Load Balancer)",
        "cellmesh:albAccessLogs": "applies to the public ALBs of ECS and of VPC Lattice on EKS; App Mesh on EKS has none (its entry is a virtual gateway behind a Network Load Balancer)",
    },
    lattice: {
        "cellmesh:logKmsKeyArn": "applies to the CloudWatch log groups of ECS tasks; on EKS cellmesh creates no log groups",
    },
};

const COMMON_KEYS = ["role", "engine", "compute", "vpcLayout", "namespace", "services", "envoyImage", "logRetentionDays", "eks", ...SECURITY_KEYS];
/** The VPC's settings: the owner's, and each EKS consumer's own (a VPC Lattice consumer on ECS: optional). */
const NETWORK_KEYS = ["vpcCidr", "natGateways", "availabilityZones"];
const OWNER_KEYS = ["meshName", "consumers", "sharing", "egressFilter", "virtualGateway", ...INGRESS_SECURITY_KEYS];
const CONSUMER_KEYS = ["ownerStack", "ownerAccess", "createServiceLinkedRole", "placeholderVpcCidr"];
const SERVICE_KEYS = ["port", "image", "backends", "ingress", "desiredCount", "cells", "environment", ...TRAFFIC_KEYS];

/**
 * Validates one stack's raw config and returns it typed. Collects every problem and throws one
 * `ConfigError` listing them all, so a user fixes a config in one round.
 */
export function parseStackConfig(raw: RawConfig, stack: string): CellmeshConfig {
    const p = new Problems();
    const get = (key: string) => asStructured(raw[key]);

    const region = get("aws:region");
    if (!isRegion(region)) p.add("aws:region", region, "set the stack's AWS region, e.g. us-east-1");

    const allowed = get("aws:allowedAccountIds");
    let accountId = "";
    if (!Array.isArray(allowed) || allowed.length !== 1 || !isAccountId(allowed[0])) {
        p.add("aws:allowedAccountIds", allowed, "a list with exactly one 12-digit account id, the stack's own account (guards against deploying into the wrong account)");
    } else {
        accountId = allowed[0];
    }
    const profile = get("aws:profile");
    if (profile !== undefined && (typeof profile !== "string" || profile === "")) {
        p.add("aws:profile", profile, "the name of an AWS CLI profile");
    }

    const role = get("cellmesh:role");
    if (!ROLES.includes(role as Role)) p.add("cellmesh:role", role, `one of ${ROLES.join(", ")}`);
    const compute = get("cellmesh:compute") ?? "ecs";
    if (!COMPUTES.includes(compute as Compute)) p.add("cellmesh:compute", compute, `one of ${COMPUTES.join(", ")}`);
    // VPC Lattice unless the stack names App Mesh: AWS ended App Mesh on 2026-09-30.
    const engine = get("cellmesh:engine") ?? DEFAULT_ENGINE;
    if (!ENGINES.includes(engine as Engine)) {
        p.add("cellmesh:engine", engine, `one of ${ENGINES.join(", ")} (lattice, the default: Amazon VPC Lattice; appmesh: AWS App Mesh, end of support 2026-09-30)`);
    }
    const lattice = engine === "lattice";
    const vpcLayout = parseVpcLayout(p, get("cellmesh:vpcLayout"), lattice, compute);
    const sharedSubnets = vpcLayout === "SharedSubnets";
    // On Lattice the App Mesh-only keys are rejected as configured (below), never parsed as App
    // Mesh settings: one message per key, saying what Lattice lacks.
    const appMeshOnly = new Set([...Object.keys(APPMESH_ONLY_KEYS), "cellmesh:envoyImage", "cellmesh:virtualGateway"]);
    const getParsed: Getter = lattice ? (key) => (appMeshOnly.has(key) ? undefined : get(key)) : get;

    // Unknown keys are almost always typos (`cellmesh:consumer`), and a typo silently ignored is a
    // deployment that differs from what the user wrote.
    const known = new Set([...COMMON_KEYS, ...NETWORK_KEYS, ...OWNER_KEYS, ...CONSUMER_KEYS]);
    for (const key of Object.keys(raw).filter((k) => k.startsWith("cellmesh:")).sort()) {
        const short = key.slice("cellmesh:".length);
        if (!known.has(short)) {
            p.add(key, get(key), `not a cellmesh setting; valid keys are ${[...known].sort().join(", ")}`);
        } else if (role === "owner" && CONSUMER_KEYS.includes(short)) {
            p.add(key, get(key), "only a consumer stack takes this key; remove it from the owner stack");
        } else if (role === "consumer" && OWNER_KEYS.includes(short)) {
            p.add(key, get(key), "only the owner stack takes this key; remove it from the consumer stack");
        } else if (role === "consumer" && compute === "eks" && short === "placeholderVpcCidr") {
            p.add(key, get(key), "on EKS the consumer's namespace is anchored on the consumer's own VPC (cellmesh:vpcCidr), so there is no placeholder VPC; remove it from this EKS stack");
        } else if (role === "consumer" && compute !== "eks" && !lattice && NETWORK_KEYS.includes(short)) {
            p.add(key, get(key), "on ECS with App Mesh consumers run in the owner's shared VPC, so only the owner stack takes this key (an EKS or VPC Lattice consumer can have a VPC of its own); remove it from the consumer stack");
        } else if (role === "consumer" && compute !== "eks" && lattice && sharedSubnets && NETWORK_KEYS.includes(short)) {
            p.add(key, get(key), "with cellmesh:vpcLayout: SharedSubnets the consumer's tasks run in the owner's shared subnets and it has no VPC of its own; remove this key, or remove cellmesh:vpcLayout to get a VPC of its own (VpcPerAccount, the default)");
        } else if (role === "consumer" && compute !== "eks" && lattice && !sharedSubnets && short === "placeholderVpcCidr") {
            p.add(key, get(key), "a VPC Lattice consumer on ECS has a VPC of its own (cellmesh:vpcLayout: VpcPerAccount, the default) and its namespace is anchored on it, so there is no placeholder VPC; remove this key, or set cellmesh:vpcLayout: SharedSubnets");
        } else if (short === "eks" && compute !== "eks") {
            p.add(key, get(key), `EKS settings apply only with cellmesh:compute: eks (this stack's compute is ${String(compute)}); remove the key or set cellmesh:compute: eks`);
        } else if (lattice && APPMESH_ONLY_KEYS[key] !== undefined) {
            p.add(key, get(key), APPMESH_ONLY_KEYS[key]);
        }
    }

    const namespace = get("cellmesh:namespace");
    if (!isDnsName(namespace)) {
        p.add("cellmesh:namespace", namespace, "a private DNS name of at least two lowercase labels, e.g. internal-domain1.com");
    }
    const envoyImage = getParsed("cellmesh:envoyImage");
    if (envoyImage !== undefined && !isPinnedImage(envoyImage)) {
        p.add("cellmesh:envoyImage", envoyImage, "an image reference with an explicit tag other than latest");
    }
    if (!lattice && envoyImage === undefined && typeof region === "string" && REGIONS_NEEDING_ENVOY_IMAGE.includes(region)) {
        p.add("cellmesh:envoyImage", envoyImage, `region ${region} serves the App Mesh Envoy image from a registry of its own; set the image from the App Mesh user guide's "Envoy image" page`);
    }
    const retention = get("cellmesh:logRetentionDays") ?? 30;
    const logRetentionDays = asInteger(retention);
    if (logRetentionDays === undefined || !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
        p.add("cellmesh:logRetentionDays", retention, `one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`);
    }

    const services = parseServices(p, get("cellmesh:services"), typeof namespace === "string" ? namespace : "", compute, lattice ? "lattice" : "appmesh");
    const eks = compute === "eks" ? parseEks(p, get("cellmesh:eks"), lattice ? "lattice" : "appmesh") : undefined;
    const security = parseMeshSecurity(p, getParsed, { region, accountId, compute, envoyImage });
    if (compute === "eks") {
        for (const [key, why] of Object.entries(NOT_ON_EKS_SECURITY[lattice ? "lattice" : "appmesh"])) {
            if (get(key) !== undefined) p.add(key, get(key), `${why}; remove it from this EKS stack`);
        }
    }

    const base = {
        stack, region: region as string, accountId, engine: engine as Engine, compute: compute as Compute, vpcLayout, namespace: namespace as string,
        services, logRetentionDays: logRetentionDays ?? 30, ...security,
        ...(typeof profile === "string" ? { profile } : {}),
        ...(typeof envoyImage === "string" ? { envoyImage } : {}),
        ...(eks ? { eks } : {}),
    };

    let config: CellmeshConfig | undefined;
    if (role === "owner") config = parseOwner(p, getParsed, base, services);
    if (role === "consumer") config = parseConsumer(p, getParsed, base);
    if (lattice) {
        latticeProblems(p, services, {
            envoyImage: get("cellmesh:envoyImage"),
            ...(role === "owner" ? { virtualGateway: get("cellmesh:virtualGateway"), meshName: get("cellmesh:meshName") } : {}),
            ...(compute === "eks" ? { onEks: true } : {}),
        });
        if (compute === "eks" && eks) latticeEksProblems(p, asStructured(get("cellmesh:services")), services, eks.appNamespace);
    }
    if (p.list.length > 0 || !config) throw new ConfigError(stack, p.list);
    return config;
}

type Getter = (key: string) => unknown;

function parseOwner(p: Problems, get: Getter, base: BaseConfig, services: readonly ServiceConfig[]): OwnerConfig {
    const meshName = get("cellmesh:meshName");
    if (!isDnsLabel(meshName)) p.add("cellmesh:meshName", meshName, "a DNS-safe name (lowercase letters, digits, inner hyphens, at most 63 characters), e.g. multiaccountmeshdemo");

    const consumers = get("cellmesh:consumers");
    let consumerIds: string[] = [];
    if (!Array.isArray(consumers) || consumers.length === 0) {
        p.add("cellmesh:consumers", consumers, "a non-empty list of the consumer account ids the mesh is shared with, e.g. [\"222222222222\"]");
    } else {
        consumers.forEach((id, i) => {
            if (!isAccountId(id)) p.add(`cellmesh:consumers[${i}]`, id, "a 12-digit AWS account id");
            else if (id === base.accountId) p.add(`cellmesh:consumers[${i}]`, id, "the owner's own account cannot be a consumer; list only the other accounts");
            else if (consumers.indexOf(id) !== i) p.add(`cellmesh:consumers[${i}]`, id, "listed twice; list each consumer account once");
        });
        consumerIds = consumers.filter(isAccountId);
    }

    const network = parseNetwork(p, get, base.compute === "eks" ? "10.192.0.0/16" : "10.0.0.0/16", base.engine);
    const sharing = get("cellmesh:sharing") ?? "organization";
    if (!SHARINGS.includes(sharing as Sharing)) {
        p.add("cellmesh:sharing", sharing, `one of ${SHARINGS.join(", ")} (organization keeps RAM shares inside your AWS Organization)`);
    }
    const egressFilter = get("cellmesh:egressFilter") ?? "DROP_ALL";
    if (!EGRESS_FILTERS.includes(egressFilter as EgressFilter)) {
        p.add("cellmesh:egressFilter", egressFilter, `one of ${EGRESS_FILTERS.join(", ")}`);
    }

    const virtualGateway = parseVirtualGateway(p, get("cellmesh:virtualGateway"), base.namespace, services);
    if (virtualGateway && base.compute === "eks") {
        p.add("cellmesh:virtualGateway", get("cellmesh:virtualGateway"), "the shared /<service> gateway is built for ECS only; on EKS each service with ingress: true gets a virtual gateway of its own, so remove this key");
    }
    const ingressSecurity = parseIngressSecurity(p, get, { region: base.region, accountId: base.accountId, compute: base.compute, envoyImage: base.envoyImage });
    return {
        ...base, ...ingressSecurity, role: "owner", meshName: meshName as string, consumers: consumerIds,
        network,
        sharing: sharing as Sharing, egressFilter: egressFilter as EgressFilter,
        ...(virtualGateway ? { virtualGateway } : {}),
    };
}

/**
 * `cellmesh:vpcLayout`: configurable on VPC Lattice with ECS (default VpcPerAccount), rejected
 * elsewhere, where the layout is fixed (App Mesh on ECS: SharedSubnets; EKS: VpcPerAccount).
 */
function parseVpcLayout(p: Problems, raw: unknown, lattice: boolean, compute: unknown): VpcLayout {
    const fixed: VpcLayout = compute === "eks" ? "VpcPerAccount" : "SharedSubnets";
    if (!lattice || compute === "eks") {
        if (raw !== undefined) {
            p.add("cellmesh:vpcLayout", raw, compute === "eks"
                ? "applies to VPC Lattice on ECS only; on EKS every account runs its cluster in a VPC of its own; remove it from this EKS stack"
                : "applies to VPC Lattice on ECS only; with App Mesh on ECS consumers always run in the owner's shared subnets (the reference architecture); remove it, or set cellmesh:engine: lattice");
        }
        return fixed;
    }
    if (raw === undefined) return "VpcPerAccount";
    if (!VPC_LAYOUTS.includes(raw as VpcLayout)) {
        p.add("cellmesh:vpcLayout", raw, `one of ${VPC_LAYOUTS.join(", ")} (VpcPerAccount, the default: each account's tasks and target groups in a VPC of its own, associated with the service network; SharedSubnets: in the owner's subnets shared with RAM, unverified on AWS) and the same in every stack of the mesh`);
        return "VpcPerAccount";
    }
    return raw as VpcLayout;
}

/** The VPC settings (owner; EKS consumers). */
function parseNetwork(p: Problems, get: Getter, defaultCidr: string | undefined, engine: Engine): NetworkConfig {
    const vpcCidr = get("cellmesh:vpcCidr") ?? defaultCidr;
    const cidr = parseCidr(vpcCidr);
    if (vpcCidr === undefined) {
        p.add("cellmesh:vpcCidr", vpcCidr, engine === "lattice"
            // No peering on Lattice: VPCs of a service network may overlap (traffic goes through Lattice).
            ? "an EKS consumer runs in a VPC of its own, associated with the service network: set a CIDR from /16 to /24, e.g. 10.195.0.0/16 (on VPC Lattice it may overlap other stacks' VPCs)"
            : "an EKS consumer runs in a VPC of its own, peered with the owner's: set a CIDR from /16 to /24 that overlaps no other stack's, e.g. 10.193.0.0/16");
    } else if (!cidr || cidr.prefix < 16 || cidr.prefix > 24) {
        p.add("cellmesh:vpcCidr", vpcCidr, "an IPv4 CIDR block from /16 to /24 with no host bits set, e.g. 10.0.0.0/16");
    }
    const natGateways = get("cellmesh:natGateways") ?? "Single";
    if (!NAT_GATEWAYS.includes(natGateways as NatGateways)) {
        p.add("cellmesh:natGateways", natGateways, `one of ${NAT_GATEWAYS.join(", ")} (private tasks need a NAT gateway to pull images)`);
    }
    const azRaw = get("cellmesh:availabilityZones") ?? 2;
    const availabilityZones = asInteger(azRaw);
    if (availabilityZones === undefined || availabilityZones < 2 || availabilityZones > 3) {
        p.add("cellmesh:availabilityZones", azRaw, "2 or 3 (an ALB needs subnets in at least two zones)");
    }
    return { vpcCidr: String(vpcCidr), natGateways: natGateways as NatGateways, availabilityZones: availabilityZones ?? 2 };
}

function parseConsumer(p: Problems, get: Getter, base: BaseConfig): ConsumerConfig {
    const ownerStack = get("cellmesh:ownerStack");
    if (typeof ownerStack !== "string" || !/^([\w.-]+\/){2}[\w.-]+$/.test(ownerStack)) {
        p.add("cellmesh:ownerStack", ownerStack, "the owner's fully qualified stack name <organization>/<project>/<stack>, e.g. organization/cellmesh/acct1");
    }
    const access = get("cellmesh:ownerAccess");
    let ownerAccess: OwnerAccess = { profile: "" };
    const accessHelp = "how this stack reaches the owner account: an AWS CLI profile name, or an IAM role ARN to assume ({ profile: acct1 } or { roleArn: arn:aws:iam::111111111111:role/cellmesh-deployer })";
    if (typeof access === "string" && access !== "") {
        ownerAccess = access.startsWith("arn:") ? { roleArn: access } : { profile: access };
    } else if (isRecord(access) && Object.keys(access).length === 1 && typeof (access.profile ?? access.roleArn) === "string") {
        ownerAccess = access.profile !== undefined ? { profile: access.profile as string } : { roleArn: access.roleArn as string };
    } else {
        p.add("cellmesh:ownerAccess", access, accessHelp);
    }
    if ("roleArn" in ownerAccess && !isRoleArn(ownerAccess.roleArn)) {
        p.add("cellmesh:ownerAccess", access, "a role ARN like arn:aws:iam::111111111111:role/cellmesh-deployer");
    }
    const slrRaw = get("cellmesh:createServiceLinkedRole") ?? false;
    const createServiceLinkedRole = asBoolean(slrRaw);
    if (createServiceLinkedRole === undefined) {
        p.add("cellmesh:createServiceLinkedRole", slrRaw, "true or false (true only if the account lacks AWSServiceRoleForAppMesh; creating an existing one fails)");
    }
    const placeholderVpcCidr = get("cellmesh:placeholderVpcCidr") ?? "192.168.0.0/28";
    const placeholder = parseCidr(placeholderVpcCidr);
    if (!placeholder || placeholder.prefix < 16 || placeholder.prefix > 28) {
        p.add("cellmesh:placeholderVpcCidr", placeholderVpcCidr, "an IPv4 CIDR block from /16 to /28, e.g. 192.168.0.0/28");
    }
    const why = base.compute !== "eks"
        ? "only the owner stack can have an internet-facing ALB (the public subnets are not shared)"
        : base.engine === "lattice"
        ? "only the owner stack can have ingress (on EKS with VPC Lattice the weighted public ALB and the AWS Load Balancer Controller that fills it are built in the owner's VPC and cluster only)"
        : "only the owner stack can have ingress (on EKS it is a virtual gateway, and virtual gateways live in the mesh owner's account)";
    for (const s of base.services.filter((svc) => svc.ingress)) {
        p.add(`cellmesh:services.${s.name}.ingress`, true, `${why}; set ingress on an owner service`);
    }
    // EKS consumers always have a VPC of their own; so does a VPC Lattice consumer on ECS unless the
    // mesh's layout is SharedSubnets (then it runs in the owner's shared subnets, as App Mesh does).
    const ownVpc = base.compute === "eks" || (base.engine === "lattice" && base.vpcLayout === "VpcPerAccount");
    const network = ownVpc ? parseNetwork(p, get, base.compute === "eks" ? undefined : DEFAULT_LATTICE_CONSUMER_VPC_CIDR, base.engine) : undefined;
    return {
        ...base, role: "consumer", ownerStack: ownerStack as string, ownerAccess,
        createServiceLinkedRole: createServiceLinkedRole ?? false, placeholderVpcCidr: placeholderVpcCidr as string,
        ...(network ? { network } : {}),
    };
}

function parseServices(p: Problems, raw: unknown, namespace: string, compute: unknown, engine: Engine): ServiceConfig[] {
    if (!isRecord(raw) || Object.keys(raw).length === 0) {
        p.add("cellmesh:services", raw, "a map from service name to { port, cells, image?, backends?, ingress? }, e.g. { servicea: { port: 5001, cells: { cell1: 50, cell2: 50 } } }");
        return [];
    }
    const names = Object.keys(raw);
    const services: ServiceConfig[] = [];
    for (const name of names) {
        const key = `cellmesh:services.${name}`;
        const svc = asStructured(raw[name]);
        if (!isDnsLabel(name)) {
            p.add(key, name, "a service name must be DNS-safe: lowercase letters, digits and inner hyphens, at most 63 characters");
        }
        if (!isRecord(svc)) {
            p.add(key, svc, "an object { port, cells, image?, backends?, ingress? }");
            continue;
        }
        for (const field of Object.keys(svc)) {
            if (!SERVICE_KEYS.includes(field)) p.add(`${key}.${field}`, svc[field], `not a service setting; valid settings are ${SERVICE_KEYS.join(", ")}`);
        }
        const port = asInteger(svc.port);
        if (port === undefined || port < 1 || port > 65535) {
            p.add(`${key}.port`, svc.port, "an integer port from 1 to 65535");
        } else if (engine === "appmesh" && RESERVED_PORTS.includes(port)) {
            p.add(`${key}.port`, svc.port, `ports ${RESERVED_PORTS.join(", ")} are used by Envoy and the X-Ray daemon in every task; pick another port`);
        }
        if (svc.image !== undefined && !isPinnedImage(svc.image)) {
            p.add(`${key}.image`, svc.image, "an image reference with an explicit tag other than latest (or a digest)");
        }
        const ingress = asBoolean(svc.ingress ?? false);
        if (ingress === undefined) p.add(`${key}.ingress`, svc.ingress, "true or false");
        const desiredRaw = svc.desiredCount ?? 1;
        const desiredCount = asInteger(desiredRaw);
        if (desiredCount === undefined || desiredCount < 0 || desiredCount > 100) {
            p.add(`${key}.desiredCount`, desiredRaw, "an integer from 0 to 100 (tasks per cell)");
        }
        const cells = parseCells(p, `${key}.cells`, asStructured(svc.cells), name, names, engine);
        // On App Mesh EKS ingress is a virtual gateway in front of the router, so the ALB's limit does not
        // apply; Lattice on EKS has the ALB with one target group per cell.
        if (ingress && (compute !== "eks" || engine === "lattice") && cells.length > MAX_ALB_TARGET_GROUPS) {
            p.add(`${key}.ingress`, true, `the ALB splits traffic over at most ${MAX_ALB_TARGET_GROUPS} target groups (one per cell) and this service has ${cells.length} cells; use at most ${MAX_ALB_TARGET_GROUPS} cells or put the service behind another with ingress`);
        }
        const backends = parseBackends(p, `${key}.backends`, asStructured(svc.backends), name, names, namespace, port ?? 0);
        const traffic = parseTraffic(p, key, svc, cells.map((c) => c.name), engine);
        if (ingress && traffic.protocol !== "http") {
            p.add(`${key}.ingress`, true, `the ALB ingress forwards plain HTTP; protocol ${traffic.protocol} cannot have ingress (put an http service in front of it)`);
        }
        if (traffic.protocol !== "http" && svc.image === undefined) {
            p.add(`${key}.image`, undefined, `the demo app speaks HTTP/1.1 only; a ${traffic.protocol} service needs your own image`);
        }
        const environment = parseEnvironment(p, `${key}.environment`, asStructured(svc.environment));
        services.push({
            name, port: port ?? 0, backends, ingress: ingress ?? false, desiredCount: desiredCount ?? 1, cells, traffic, environment,
            ...(typeof svc.image === "string" ? { image: svc.image } : {}),
        });
    }
    // A local backend is dialled on its own service's port.
    return services.map((s) => ({
        ...s,
        backends: s.backends.map((b) => b.kind === "local" ? { ...b, port: services.find((t) => t.name === b.service)?.port ?? b.port } : b),
    }));
}

/** Reserved names the program sets itself. */
const PROGRAM_ENV = ["SERVICE_NAME", "CELL_NAME", "PORT", "BACKENDS"];

function parseEnvironment(p: Problems, key: string, raw: unknown): Record<string, string> {
    if (raw === undefined) return {};
    if (!isRecord(raw)) {
        p.add(key, raw, "a map of environment variable names to string values, e.g. { REDIS_SERVER_ENDPOINT: redis-server.backend.yelb.local }");
        return {};
    }
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) p.add(`${key}.${name}`, value, "an environment variable name: letters, digits and _, not starting with a digit");
        else if (PROGRAM_ENV.includes(name)) p.add(`${key}.${name}`, value, `${PROGRAM_ENV.join(", ")} are set by cellmesh; use another name`);
        else if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") p.add(`${key}.${name}`, value, "a string value");
        else env[name] = String(value);
    }
    return env;
}

/**
 * Cells and weights within the engine's limits. App Mesh: 1 to 10 weighted targets, weights 0..100
 * with a total of at most 100. VPC Lattice: 1 to 10 target groups, weights 0..999 each, no total.
 */
function parseCells(p: Problems, key: string, raw: unknown, service: string, serviceNames: readonly string[], engine: Engine): CellConfig[] {
    const lattice = engine === "lattice";
    const maxCells = lattice ? LATTICE_MAX_TARGET_GROUPS : MAX_CELLS;
    const maxWeight = lattice ? LATTICE_MAX_WEIGHT : MAX_WEIGHT;
    if (!isRecord(raw) || Object.keys(raw).length === 0 || Object.keys(raw).length > maxCells) {
        p.add(key, raw, lattice
            ? `a map of 1 to ${maxCells} cells from cell name to weight (VPC Lattice forwards to at most ${maxCells} target groups, one per cell), e.g. { cell1: 50, cell2: 50 }`
            : `a map of 1 to ${maxCells} cells from cell name to weight, e.g. { cell1: 50, cell2: 50 }`);
        return [];
    }
    const cells: CellConfig[] = [];
    for (const [cell, value] of Object.entries(raw)) {
        if (!isDnsLabel(cell)) {
            p.add(`${key}.${cell}`, cell, "a cell name must be DNS-safe: lowercase letters, digits and inner hyphens");
            continue;
        }
        // Each cell is addressable on its own as `<service>-<cell>`: that name must stay a DNS label
        // and must not be another service's name.
        const cellName = `${service}-${cell}`;
        if (cellName.length > 63) {
            p.add(`${key}.${cell}`, cell, `the cell's own name "${cellName}" is longer than 63 characters; shorten the service or cell name`);
        } else if (serviceNames.includes(cellName)) {
            p.add(`${key}.${cell}`, cell, `the cell's own name "${cellName}" is also a service name; rename the cell or the service`);
        }
        const weight = asInteger(value);
        if (weight === undefined || weight < 0 || weight > maxWeight) {
            p.add(`${key}.${cell}`, value, lattice
                ? `a weight must be an integer from 0 to ${maxWeight} (VPC Lattice weights are relative: 50/50 = 1/1)`
                : `a weight must be an integer from 0 to ${maxWeight}`);
            continue;
        }
        cells.push({ name: cell, weight });
    }
    if (cells.length === Object.keys(raw).length) {
        const total = cells.reduce((sum, c) => sum + c.weight, 0);
        const shown = cells.map((c) => `${c.name}=${c.weight}`).join(" ");
        if (!lattice && total > MAX_WEIGHT) {
            p.add(key, shown, `the weights add up to ${total}; App Mesh allows a total of at most ${MAX_WEIGHT} (weights are relative, e.g. cell1=50 cell2=50)`);
        } else if (total === 0) {
            p.add(key, shown, "every weight is 0, so the service would get no traffic; give at least one cell a weight above 0");
        }
    }
    return cells;
}

function parseBackends(
    p: Problems, key: string, raw: unknown, service: string, serviceNames: readonly string[], namespace: string, callerPort: number,
): BackendConfig[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
        p.add(key, raw, "a list of service names of this stack or fully qualified names of other accounts' services, e.g. [serviceb, servicex.internal-domain2.com]");
        return [];
    }
    const backends: BackendConfig[] = [];
    raw.forEach((entry, i) => {
        const at = `${key}[${i}]`;
        const backend = parseBackendRef(entry, namespace, callerPort);
        if (!backend) {
            p.add(at, entry, "a service name of this stack (serviceb) or <service>.<namespace>[:port] of another account (servicex.internal-domain2.com)");
        } else if (backend.kind === "local" && !serviceNames.includes(backend.service)) {
            p.add(at, entry, `no service "${backend.service}" in this stack; known services: ${serviceNames.join(", ")}`);
        } else if (backend.kind === "local" && backend.service === service) {
            p.add(at, entry, "a service cannot be its own backend");
        } else if (backends.some((b) => b.virtualServiceName === backend.virtualServiceName)) {
            p.add(at, entry, "listed twice; list each backend once");
        } else {
            backends.push(backend);
        }
    });
    return backends;
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

function parseVirtualGateway(p: Problems, raw: unknown, namespace: string, services: readonly ServiceConfig[]): VirtualGatewayConfig | undefined {
    const key = "cellmesh:virtualGateway";
    if (raw === undefined) return undefined;
    if (!isRecord(raw)) {
        p.add(key, raw, "an object { enabled: true, port?: 8080, remoteServices?: [servicex.internal-domain2.com] }");
        return undefined;
    }
    for (const field of Object.keys(raw)) {
        if (!["enabled", "port", "remoteServices"].includes(field)) p.add(`${key}.${field}`, raw[field], "not a gateway setting; valid settings are enabled, port, remoteServices");
    }
    const enabled = asBoolean(raw.enabled ?? false);
    if (enabled === undefined) p.add(`${key}.enabled`, raw.enabled, "true or false");
    const portRaw = raw.port ?? 8080;
    const port = asInteger(portRaw);
    if (port === undefined || port < 1 || port > 65535 || RESERVED_PORTS.includes(port)) {
        p.add(`${key}.port`, portRaw, `an integer port from 1 to 65535 other than ${RESERVED_PORTS.join(", ")}`);
    }
    const remoteServices: BackendConfig[] = [];
    const remoteRaw = asStructured(raw.remoteServices ?? []);
    if (!Array.isArray(remoteRaw)) {
        p.add(`${key}.remoteServices`, remoteRaw, "a list of fully qualified virtual service names of other accounts, e.g. [servicex.internal-domain2.com]");
    } else {
        remoteRaw.forEach((entry, i) => {
            const ref = parseBackendRef(entry, namespace, port ?? 8080);
            if (!ref || ref.kind !== "remote") {
                p.add(`${key}.remoteServices[${i}]`, entry, "a fully qualified virtual service name in another account's namespace, e.g. servicex.internal-domain2.com");
            } else if (services.some((s) => s.name === ref.service)) {
                p.add(`${key}.remoteServices[${i}]`, entry, `the gateway route /${ref.service} already goes to this stack's service ${ref.service}; rename one of them`);
            } else {
                remoteServices.push(ref);
            }
        });
    }
    return enabled ? { port: port ?? 8080, remoteServices } : undefined;
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
