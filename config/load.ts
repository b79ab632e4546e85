// The cellmesh config schema and its one loader. Every stack program, the offline plan and the
// rollout driver load config through `parseStackConfig`, so a bad value is reported the same way
// everywhere and always before any resource is created.

import { COMPUTES } from "../compute";
import { ENGINES, Engine } from "../engines";
import type { EngineComputeRules, EngineConfig } from "../engines/engine";
import { ALB_WEIGHTS } from "../shared/cellWeight";
import { cellNameCollisions, idleCellProblems, parseCells } from "./cells";
import { derivedNameProblems } from "./derivedNames";
import { parseEnvironment } from "./environment";
import { Problems } from "./problems";
import {
    BackendConfig, BaseConfig, CellmeshConfig, Compute, ConfigError, ConsumerConfig,
    EGRESS_FILTERS, EgressFilter, NAT_GATEWAYS, NatGateways, NetworkConfig, OwnerAccess, OwnerConfig, RawConfig, Role, ROLES,
    ServiceConfig, SHARINGS, Sharing, VpcLayout,
} from "./types";
import { INGRESS_SECURITY_KEYS, SECURITY_KEYS, parseIngressSecurity, parseMeshSecurity } from "./security";
import { parseRelease } from "./release";
import { TRAFFIC_KEYS, parseTraffic } from "./traffic";
import { parseWave } from "./wave";
import {
    asBoolean, asInteger, asStructured, isAccountId, isDnsLabel, isDnsName, isPinnedImage, isRecord, isRegion,
    isRoleArn, parseBackendRef, parseCidr, unquotedAccountId,
} from "./validate";

/** An ALB forward action takes at most 5 target groups, so an ingress service has at most 5 cells. */
export const MAX_ALB_TARGET_GROUPS = ALB_WEIGHTS.maxCells;
/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The engines `cellmesh:engine` names, the default first (the registry's order). */
const ENGINE_NAMES = Object.keys(ENGINES) as Engine[];
/** What an unset `cellmesh:engine` means. */
export const DEFAULT_ENGINE: Engine = ENGINE_NAMES[0];
const COMPUTE_NAMES = Object.keys(COMPUTES) as Compute[];

/** Each compute's own settings key (`eks`). */
const COMPUTE_SETTINGS_KEYS = (Object.keys(COMPUTES) as Compute[]).flatMap((c) => COMPUTES[c].config.settings ? [COMPUTES[c].config.settings!.key] : []);
const COMMON_KEYS = ["role", "engine", "compute", "vpcLayout", "namespace", "services", "envoyImage", "logRetentionDays", ...COMPUTE_SETTINGS_KEYS, ...SECURITY_KEYS];
/** The VPC's settings: the owner's, and each EKS consumer's own (a VPC Lattice consumer on ECS: optional). */
const NETWORK_KEYS = ["vpcCidr", "natGateways", "availabilityZones"];
const OWNER_KEYS = ["meshName", "consumers", "sharing", "egressFilter", "virtualGateway", ...INGRESS_SECURITY_KEYS];
const CONSUMER_KEYS = ["ownerStack", "ownerAccess", "createServiceLinkedRole", "placeholderVpcCidr", "wave"];
const SERVICE_KEYS = ["port", "image", "backends", "ingress", "desiredCount", "cells", "environment", ...TRAFFIC_KEYS, "release"];

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
    const unquoted = Array.isArray(allowed) && allowed.length === 1 ? unquotedAccountId(allowed[0]) : undefined;
    if (unquoted) {
        p.add("aws:allowedAccountIds", allowed, `${unquoted.problem}; write aws:allowedAccountIds: ["${unquoted.id}"]`);
    } else if (!Array.isArray(allowed) || allowed.length !== 1 || !isAccountId(allowed[0])) {
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
    const computeRaw = get("cellmesh:compute") ?? "ecs";
    if (!COMPUTE_NAMES.includes(computeRaw as Compute)) p.add("cellmesh:compute", computeRaw, `one of ${COMPUTE_NAMES.join(", ")}`);
    const compute = (COMPUTE_NAMES.includes(computeRaw as Compute) ? computeRaw : "ecs") as Compute;
    // VPC Lattice unless the stack names App Mesh: AWS ended App Mesh on 2026-09-30.
    const engineRaw = get("cellmesh:engine") ?? DEFAULT_ENGINE;
    if (!ENGINE_NAMES.includes(engineRaw as Engine)) {
        const described = ENGINE_NAMES.map((e) => `${e}${e === DEFAULT_ENGINE ? ", the default" : ""}: ${ENGINES[e].config.summary}`);
        p.add("cellmesh:engine", engineRaw, `one of ${ENGINE_NAMES.join(", ")} (${described.join("; ")})`);
    }
    // An unknown engine is reported above; the rest is checked with the default engine's rules.
    const engine = (ENGINE_NAMES.includes(engineRaw as Engine) ? engineRaw : DEFAULT_ENGINE) as Engine;
    const rules: EngineConfig = ENGINES[engine].config;
    const onCompute = rules.onCompute[compute];
    const vpcLayout = parseVpcLayout(p, get("cellmesh:vpcLayout"), onCompute.vpcLayout);
    const sharedSubnets = vpcLayout === "SharedSubnets";
    const ownVpcOption = "offered" in onCompute.vpcLayout;
    const computeRules = COMPUTES[compute].config;
    /** The compute that owns each compute-settings key (`eks`). */
    const settingsOwner: Record<string, Compute> = Object.fromEntries(COMPUTE_NAMES.flatMap((c) => COMPUTES[c].config.settings ? [[COMPUTES[c].config.settings!.key, c]] : []));
    // The keys another engine reads are refused as configured (below), never parsed here: one
    // message per key, saying what this engine lacks.
    const unparsed = new Set(rules.unparsedKeys);
    const getParsed: Getter = (key) => (unparsed.has(key) ? undefined : get(key));

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
        } else if (role === "consumer" && computeRules.noPlaceholderVpc && short === "placeholderVpcCidr") {
            p.add(key, get(key), computeRules.noPlaceholderVpc);
        } else if (role === "consumer" && computeRules.sharedSubnets && !ownVpcOption && NETWORK_KEYS.includes(short)) {
            p.add(key, get(key), "on ECS with App Mesh consumers run in the owner's shared VPC, so only the owner stack takes this key (an EKS or VPC Lattice consumer can have a VPC of its own); remove it from the consumer stack");
        } else if (role === "consumer" && computeRules.sharedSubnets && ownVpcOption && sharedSubnets && NETWORK_KEYS.includes(short)) {
            p.add(key, get(key), "with cellmesh:vpcLayout: SharedSubnets the consumer's tasks run in the owner's shared subnets and it has no VPC of its own; remove this key, or remove cellmesh:vpcLayout to get a VPC of its own (VpcPerAccount, the default)");
        } else if (role === "consumer" && computeRules.sharedSubnets && ownVpcOption && !sharedSubnets && short === "placeholderVpcCidr") {
            p.add(key, get(key), "a VPC Lattice consumer on ECS has a VPC of its own (cellmesh:vpcLayout: VpcPerAccount, the default) and its namespace is anchored on it, so there is no placeholder VPC; remove this key, or set cellmesh:vpcLayout: SharedSubnets");
        } else if (settingsOwner[short] !== undefined && settingsOwner[short] !== compute) {
            const other = settingsOwner[short];
            p.add(key, get(key), `${COMPUTES[other].title} settings apply only with cellmesh:compute: ${other} (this stack's compute is ${String(computeRaw)}); remove the key or set cellmesh:compute: ${other}`);
        } else if (rules.refusedKeys[key] !== undefined) {
            p.add(key, get(key), rules.refusedKeys[key]);
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
    const retention = get("cellmesh:logRetentionDays") ?? 30;
    const logRetentionDays = asInteger(retention);
    if (logRetentionDays === undefined || !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
        p.add("cellmesh:logRetentionDays", retention, `one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`);
    }

    const services = parseServices(p, get("cellmesh:services"), typeof namespace === "string" ? namespace : "", compute, rules);
    // Names AWS gets from the stack's name, services and cells (config/derivedNames.ts); a bad
    // namespace or service name is reported above already.
    if (isDnsName(namespace)) derivedNameProblems(p, stack, compute, namespace, services.filter((s) => isDnsLabel(s.name)));
    const settingsKey = computeRules.settings?.key;
    const eks = computeRules.settings?.parse(p, get(`cellmesh:${settingsKey}`), rules.eks);
    const security = parseMeshSecurity(p, getParsed, { region, accountId, compute, envoyImage });
    for (const [key, why] of Object.entries(onCompute.refusedKeys)) {
        if (get(key) !== undefined) p.add(key, get(key), `${why}; remove it from this ${COMPUTES[compute].title} stack`);
    }

    const base = {
        stack, region: region as string, accountId, engine, compute, vpcLayout, namespace: namespace as string,
        services, logRetentionDays: logRetentionDays ?? 30, ...security,
        ...(typeof profile === "string" ? { profile } : {}),
        ...(typeof envoyImage === "string" ? { envoyImage } : {}),
        ...(eks ? { eks } : {}),
    };

    let config: CellmeshConfig | undefined;
    if (role === "owner") config = parseOwner(p, getParsed, base, services, rules);
    if (role === "consumer") config = parseConsumer(p, getParsed, base, rules);
    // The engine's own checks, with the config as parsed and as written.
    if (config) rules.problems(p, config, get);
    if (p.list.length > 0 || !config) throw new ConfigError(stack, p.list);
    return config;
}

type Getter = (key: string) => unknown;

function parseOwner(p: Problems, get: Getter, base: BaseConfig, services: readonly ServiceConfig[], rules: EngineConfig): OwnerConfig {
    const meshName = get("cellmesh:meshName");
    if (!isDnsLabel(meshName)) p.add("cellmesh:meshName", meshName, "a DNS-safe name (lowercase letters, digits, inner hyphens, at most 63 characters), e.g. multiaccountmeshdemo");

    const consumers = get("cellmesh:consumers");
    let consumerIds: string[] = [];
    if (!Array.isArray(consumers) || consumers.length === 0) {
        p.add("cellmesh:consumers", consumers, "a non-empty list of the consumer account ids the mesh is shared with, e.g. [\"222222222222\"]");
    } else {
        consumers.forEach((id, i) => {
            const unquoted = unquotedAccountId(id);
            if (unquoted) p.add(`cellmesh:consumers[${i}]`, id, `${unquoted.problem}; write "${unquoted.id}"`);
            else if (!isAccountId(id)) p.add(`cellmesh:consumers[${i}]`, id, "a 12-digit AWS account id");
            else if (id === base.accountId) p.add(`cellmesh:consumers[${i}]`, id, "the owner's own account cannot be a consumer; list only the other accounts");
            else if (consumers.indexOf(id) !== i) p.add(`cellmesh:consumers[${i}]`, id, "listed twice; list each consumer account once");
        });
        consumerIds = consumers.filter(isAccountId);
    }

    const network = parseNetwork(p, get, COMPUTES[base.compute].config.ownerVpcCidr, rules);
    const sharing = get("cellmesh:sharing") ?? "organization";
    if (!SHARINGS.includes(sharing as Sharing)) {
        p.add("cellmesh:sharing", sharing, `one of ${SHARINGS.join(", ")} (organization keeps RAM shares inside your AWS Organization)`);
    }
    const egressFilter = get("cellmesh:egressFilter") ?? "DROP_ALL";
    if (!EGRESS_FILTERS.includes(egressFilter as EgressFilter)) {
        p.add("cellmesh:egressFilter", egressFilter, `one of ${EGRESS_FILTERS.join(", ")}`);
    }

    // The engine's own owner settings (App Mesh: the virtual gateway).
    const engineSettings = rules.ownerSettings?.(p, get, base, services) ?? {};
    const ingressSecurity = parseIngressSecurity(p, get, { region: base.region, accountId: base.accountId, compute: base.compute, envoyImage: base.envoyImage });
    return {
        ...base, ...ingressSecurity, role: "owner", meshName: meshName as string, consumers: consumerIds,
        network,
        sharing: sharing as Sharing, egressFilter: egressFilter as EgressFilter,
        ...engineSettings,
    };
}

/**
 * `cellmesh:vpcLayout`: configurable on VPC Lattice with ECS (default VpcPerAccount), rejected
 * elsewhere, where the layout is fixed (App Mesh on ECS: SharedSubnets; EKS: VpcPerAccount).
 */
function parseVpcLayout(p: Problems, raw: unknown, layout: EngineComputeRules["vpcLayout"]): VpcLayout {
    if ("fixed" in layout) {
        if (raw !== undefined) p.add("cellmesh:vpcLayout", raw, layout.refused);
        return layout.fixed;
    }
    if (raw === undefined) return layout.offered[0];
    if (!layout.offered.includes(raw as VpcLayout)) {
        p.add("cellmesh:vpcLayout", raw, `one of ${layout.offered.join(", ")} (${layout.help}) and the same in every stack of the mesh`);
        return layout.offered[0];
    }
    return raw as VpcLayout;
}

/** The VPC settings (owner; EKS consumers). */
function parseNetwork(p: Problems, get: Getter, defaultCidr: string | undefined, rules: EngineConfig): NetworkConfig {
    const vpcCidr = get("cellmesh:vpcCidr") ?? defaultCidr;
    const cidr = parseCidr(vpcCidr);
    if (vpcCidr === undefined) {
        p.add("cellmesh:vpcCidr", vpcCidr, rules.consumerVpcCidrHelp);
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

function parseConsumer(p: Problems, get: Getter, base: BaseConfig, rules: EngineConfig): ConsumerConfig {
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
    const why = rules.onCompute[base.compute].consumerIngressRefused;
    for (const s of base.services.filter((svc) => svc.ingress)) {
        p.add(`cellmesh:services.${s.name}.ingress`, true, `${why}; set ingress on an owner service`);
    }
    // A consumer has a VPC of its own with VpcPerAccount (always on EKS, by default on VPC Lattice
    // with ECS); with SharedSubnets it runs in the owner's shared subnets, as App Mesh does.
    const ownVpc = base.vpcLayout === "VpcPerAccount";
    const network = ownVpc ? parseNetwork(p, get, COMPUTES[base.compute].config.consumerVpcCidr, rules) : undefined;
    const wave = parseWave(p, get("cellmesh:wave"));
    return {
        ...base, role: "consumer", ownerStack: ownerStack as string, ownerAccess,
        createServiceLinkedRole: createServiceLinkedRole ?? false, placeholderVpcCidr: placeholderVpcCidr as string, wave,
        ...(network ? { network } : {}),
    };
}

function parseServices(p: Problems, raw: unknown, namespace: string, compute: Compute, rules: EngineConfig): ServiceConfig[] {
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
        } else if (rules.reservedPorts?.ports.includes(port)) {
            p.add(`${key}.port`, svc.port, `ports ${rules.reservedPorts.ports.join(", ")} ${rules.reservedPorts.why}; pick another port`);
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
        const cells = parseCells(p, `${key}.cells`, asStructured(svc.cells), name, names, rules.weights);
        if (desiredCount !== undefined) idleCellProblems(p, key, cells, desiredCount);
        // Where the entry is the weighted ALB (not App Mesh EKS's virtual gateway), its limit applies.
        if (ingress && rules.onCompute[compute].albEntry && cells.length > MAX_ALB_TARGET_GROUPS) {
            p.add(`${key}.ingress`, true, `the ALB splits traffic over at most ${MAX_ALB_TARGET_GROUPS} target groups (one per cell) and this service has ${cells.length} cells; use at most ${MAX_ALB_TARGET_GROUPS} cells or put the service behind another with ingress`);
        }
        // A remote backend's port defaults to the caller's; a bad caller port is reported above, so
        // backends are read with a valid stand-in rather than refused for it too.
        const dialPort = port !== undefined && port >= 1 && port <= 65535 ? port : 1;
        const backends = parseBackends(p, `${key}.backends`, asStructured(svc.backends), name, names, namespace, dialPort);
        const traffic = parseTraffic(p, key, svc, cells.map((c) => c.name), rules.traffic);
        if (ingress && traffic.protocol !== "http") {
            p.add(`${key}.ingress`, true, `the ALB ingress forwards plain HTTP; protocol ${traffic.protocol} cannot have ingress (put an http service in front of it)`);
        }
        // Every cell without an image of its own runs the service's (or the demo app).
        if (traffic.protocol !== "http" && svc.image === undefined && (cells.length === 0 || cells.some((c) => c.overrides?.image === undefined))) {
            p.add(`${key}.image`, undefined, `the demo app speaks HTTP/1.1 only; a ${traffic.protocol} service needs your own image`);
        }
        const environment = parseEnvironment(p, `${key}.environment`, asStructured(svc.environment));
        const release = parseRelease(p, `${key}.release`, svc.release);
        services.push({
            name, port: port ?? 0, backends, ingress: ingress ?? false, desiredCount: desiredCount ?? 1, cells, traffic, environment,
            ...(release ? { release } : {}),
            ...(typeof svc.image === "string" ? { image: svc.image } : {}),
        });
    }
    cellNameCollisions(p, services);
    // A local backend is dialled on its own service's port.
    return services.map((s) => ({
        ...s,
        backends: s.backends.map((b) => b.kind === "local" ? { ...b, port: services.find((t) => t.name === b.service)?.port ?? b.port } : b),
    }));
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
