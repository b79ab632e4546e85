// Every check of a project's stacks that needs no AWS, in one place: each stack's config (through
// parseStackConfig), then the rules across stacks (one owner, one engine and compute, one region,
// consumers that point at the owner and are shared with, namespaces that can share the owner's VPC,
// remote backends that some stack serves, settings that must agree, names unique per account).
// The driver's and the plan's discovery (automation/discovery.ts) call it before anything else, so
// `plan`, `preview`, `rollout`, `shift` and `destroy` refuse the same mistakes with the same words,
// with or without --skip-preflight. One message per root cause: a stack whose own problems come
// from a cross-stack mistake (a second owner, another engine) gets that one message instead.

import { COMPUTES } from "../compute";
import { ENGINES } from "../engines";
import { computeMismatch, engineMismatch, rolloutProblems } from "./crossStack";
import { DEFAULT_ENGINE, parseStackConfig } from "./load";
import { meshTlsAcrossStacks } from "./security";
import { ProjectStack, sharedNameProblems } from "./sharedNames";
import { CellmeshConfig, ConfigError, ConsumerConfig, OwnerConfig, RawConfig } from "./types";
import { asStructured } from "./validate";

/** A stack file as read: its name and raw config. */
export interface RawStack {
    readonly name: string;
    readonly raw: RawConfig;
}

/** A stack whose config is valid. */
export interface ParsedStack extends RawStack {
    readonly config: CellmeshConfig;
}

const COUNT = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

function listNames(names: readonly string[]): string {
    return names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Parses `raw` as `stack`; the problems, or none. */
function problemsOf(raw: RawConfig, stack: string): readonly string[] {
    try {
        parseStackConfig(raw, stack);
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
}

/**
 * Parses every stack. Returns the valid ones and one message per problem; a stack whose problems a
 * cross-stack mistake explains (it would be valid as a consumer, or on the owner's engine or
 * compute) is reported by that mistake alone.
 */
export function parseStacks(stacks: readonly RawStack[]): { parsed: ParsedStack[]; problems: string[] } {
    const parsed: ParsedStack[] = [];
    const failed = new Map<string, ConfigError>();
    for (const s of stacks) {
        try {
            parsed.push({ ...s, config: parseStackConfig(s.raw, s.name) });
        } catch (err) {
            if (!(err instanceof ConfigError)) throw err;
            failed.set(s.name, err);
        }
    }
    const rootCauses: string[] = [];
    const explained = new Set<string>();
    const role = (s: RawStack) => asStructured(s.raw["cellmesh:role"]);
    const owners = stacks.filter((s) => role(s) === "owner");
    if (owners.length > 1) {
        // A file that would be a valid consumer with role consumer was meant as one.
        const meantAsConsumers = owners.filter((s) => failed.has(s.name) && problemsOf({ ...s.raw, "cellmesh:role": "consumer" }, s.name).length === 0);
        meantAsConsumers.forEach((s) => explained.add(s.name));
        const fix = meantAsConsumers.length > 0
            ? `${listNames(meantAsConsumers.map((s) => `Pulumi.${s.name}.yaml`))} ${meantAsConsumers.length === 1 ? "is" : "are"} otherwise a valid consumer config: set cellmesh:role: consumer there`
            : "keep cellmesh:role: owner in one file and make the others consumers (cellmesh:role: consumer, with cellmesh:ownerStack and cellmesh:ownerAccess)";
        rootCauses.push(`${COUNT[owners.length] ?? owners.length} owners: stacks ${listNames(owners.map((s) => s.name))} ${owners.length === 2 ? "both" : "all"} have cellmesh:role: owner, and a mesh has exactly one owner; ${fix}`);
    }
    const owner = owners.length === 1 ? parsed.find((s) => s.name === owners[0].name) : undefined;
    if (owner) {
        // A consumer that would be valid on the owner's engine and compute was meant to be on them.
        for (const s of stacks.filter((x) => failed.has(x.name) && role(x) === "consumer")) {
            const engine = asStructured(s.raw["cellmesh:engine"]) ?? DEFAULT_ENGINE;
            const compute = asStructured(s.raw["cellmesh:compute"]) ?? "ecs";
            const o = owner.config;
            // An unknown engine or compute name is the loader's to report (it lists the valid ones).
            if (!(String(engine) in ENGINES) || !(String(compute) in COMPUTES)) continue;
            if (engine === o.engine && compute === o.compute) continue;
            if (problemsOf({ ...s.raw, "cellmesh:engine": o.engine, "cellmesh:compute": o.compute }, s.name).length > 0) continue;
            explained.add(s.name);
            if (engine !== o.engine) rootCauses.push(engineMismatch(s.name, String(engine), owner.name, o.engine));
            if (compute !== o.compute) rootCauses.push(computeMismatch(s.name, String(compute), owner.name, o.compute));
        }
    }
    const own = [...failed].filter(([name]) => !explained.has(name)).map(([, err]) => err.message);
    return { parsed, problems: [...rootCauses, ...own] };
}

/** The project's valid stacks, with the one owner found, for the checks across stacks. */
export interface MeshStacks {
    /** `name` in Pulumi.yaml: a consumer's ownerStack ends in `/<project>/<owner>`. */
    readonly project: string;
    readonly owner: { readonly name: string; readonly config: OwnerConfig };
    readonly consumers: readonly { readonly name: string; readonly config: ConsumerConfig }[];
    /** Stacks of the project's other folders (the other samples), for names unique per account. */
    readonly elsewhere?: readonly ProjectStack[];
    /** This folder as the other folders' stacks name theirs (`.`, `examples/lattice-eks`). @default "." */
    readonly here?: string;
}

/** Every stack outside the owner's region: a service network (or mesh) is shared within its region only. */
export function regionProblems(m: MeshStacks): string[] {
    const o = m.owner.config;
    const { service, networkNoun } = ENGINES[o.engine];
    return m.consumers.filter((c) => c.config.region !== o.region).map((c) =>
        `stack ${c.name} (account ${c.config.accountId}) uses region ${c.config.region} but ${m.owner.name} uses ${o.region}; ${service} is regional and a ${networkNoun} is shared only within its region: set aws:region: ${o.region} in Pulumi.${c.name}.yaml`);
}

/** Consumers that do not point at this project's owner, or that the owner does not share with. */
export function membershipProblems(m: MeshStacks): string[] {
    const problems: string[] = [];
    for (const c of m.consumers) {
        const expected = `/${m.project}/${m.owner.name}`;
        if (!c.config.ownerStack.endsWith(expected)) {
            problems.push(`stack ${c.name}: cellmesh:ownerStack = "${c.config.ownerStack}" is not the owner stack of this project; set it to organization${expected} (or <your-org>${expected} on Pulumi Cloud)`);
        }
        if (!m.owner.config.consumers.includes(c.config.accountId)) {
            problems.push(`stack ${c.name}: its account ${c.config.accountId} is not in cellmesh:consumers of the owner stack ${m.owner.name}, so the mesh is not shared with it; add "${c.config.accountId}" to cellmesh:consumers in Pulumi.${m.owner.name}.yaml`);
        }
    }
    return problems;
}

/**
 * Namespaces: every consumer's private zone is associated with the owner's VPC, and Route 53 refuses
 * to associate a VPC with a second private zone of the same name (AssociateVPCWithHostedZone,
 * ConflictingDomainExists), so each account's namespace is its own.
 */
export function namespaceProblems(m: MeshStacks): string[] {
    const problems: string[] = [];
    const ownerNs = m.owner.config.namespace;
    const why = "every account's namespace is a private zone associated with the owner's VPC, and Route 53 does not associate one VPC with two private zones of the same name (ConflictingDomainExists)";
    for (const c of m.consumers.filter((x) => x.config.namespace === ownerNs)) {
        problems.push(`stack ${c.name}: cellmesh:namespace = "${ownerNs}" is the owner stack ${m.owner.name}'s namespace; ${why}: give ${c.name} a namespace of its own`);
    }
    const byNs = new Map<string, string[]>();
    for (const c of m.consumers.filter((x) => x.config.namespace !== ownerNs)) byNs.set(c.config.namespace, [...(byNs.get(c.config.namespace) ?? []), c.name]);
    for (const [ns, names] of byNs) {
        if (names.length > 1) problems.push(`stacks ${listNames(names)} ${names.length === 2 ? "both" : "all"} have cellmesh:namespace: ${ns}; ${why}: give each stack a namespace of its own`);
    }
    return problems;
}

/**
 * Remote backends (`<service>.<namespace>[:port]`, and App Mesh gateway routes to other accounts)
 * that no stack of the project serves, or that dial another port than the service listens on. One
 * message per stack and backend, naming the services that call it.
 */
export function backendProblems(m: MeshStacks): string[] {
    const stacks = [m.owner, ...m.consumers];
    const problems: string[] = [];
    for (const s of stacks) {
        const callers = new Map<string, { port: number; service: string; namespace: string; by: string[] }>();
        const add = (b: { virtualServiceName: string; port: number; service: string; namespace: string }, by: string) => {
            const key = `${b.virtualServiceName}:${b.port}`;
            const entry = callers.get(key) ?? { port: b.port, service: b.service, namespace: b.namespace, by: [] };
            entry.by.push(by);
            callers.set(key, entry);
        };
        for (const svc of s.config.services) for (const b of svc.backends.filter((x) => x.kind === "remote")) add(b, svc.name);
        if (s.config.role === "owner") for (const b of s.config.virtualGateway?.remoteServices ?? []) add(b, "the virtual gateway");
        for (const [key, b] of callers) {
            const name = key.slice(0, key.lastIndexOf(":"));
            const head = `stack ${s.name}: backend "${name}" (of ${b.by.join(", ")})`;
            const home = stacks.find((t) => t.config.namespace === b.namespace);
            if (!home) {
                const known = stacks.map((t) => `${t.config.namespace} (${t.name})`).join(", ");
                problems.push(`${head} is in no stack's namespace: no stack of this project has cellmesh:namespace ${b.namespace}; the namespaces are ${known}`);
                continue;
            }
            const target = home.config.services.find((t) => t.name === b.service);
            if (!target) {
                problems.push(`${head} is served by no stack: stack ${home.name} (namespace ${b.namespace}) has no service ${b.service}; its services are ${home.config.services.map((t) => t.name).join(", ")}`);
            } else if (target.port !== b.port) {
                problems.push(`${head} dials port ${b.port}, but ${b.service} of stack ${home.name} listens on ${target.port}; write it as ${name}:${target.port}`);
            }
        }
    }
    return problems;
}

/** Every rule across the stacks of one mesh, one line per problem (empty when the mesh holds together). */
export function meshProblems(m: MeshStacks): string[] {
    const all = [m.owner, ...m.consumers];
    const here = m.here ?? ".";
    return [
        ...rolloutProblems(m.owner, m.consumers),
        ...membershipProblems(m),
        ...regionProblems(m),
        ...namespaceProblems(m),
        ...backendProblems(m),
        // Settings that must agree across the mesh (config/security.ts).
        ...meshTlsAcrossStacks(all),
        // Names unique per account across the project's folders (config/sharedNames.ts).
        ...sharedNameProblems([...all.map((s) => ({ name: s.name, dir: here, config: s.config })), ...(m.elsewhere ?? [])], here),
    ];
}
