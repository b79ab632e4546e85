// The plan engine: runs each stack's real program (`cellmeshProgram`) on Pulumi's in-process mock
// runtime and records every registration. Nothing leaves the process: no AWS call, no credentials,
// no Pulumi CLI. Whatever AWS would compute (ids, ARNs, DNS names, subnet ids, and every property
// the program leaves unset) comes back as a `<computed: ...>` marker, never as an invented value.

import * as pulumi from "@pulumi/pulumi";
import { CellmeshConfig, RawConfig } from "../config/types";
import { cellmeshProgram } from "../stacks/program";
import { marker, markersIn } from "./markers";
import { PlannedInvoke, PlannedResource, StackPlan } from "./model";

// Internal modules of @pulumi/pulumi ~3.276 (pinned): the resource registration entry point, whose
// `props` argument is the only place that lists a resource's output properties.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const runtimeResource = require("@pulumi/pulumi/runtime/resource");

/** One stack to plan: its name, validated config and raw config (as the CLI would pass it). */
export interface StackInput {
    readonly name: string;
    readonly config: CellmeshConfig;
    readonly raw: RawConfig;
}

export interface EngineOptions {
    readonly project: string;
    readonly organization?: string;
    /** Outputs of already planned stacks, by stack name, for `pulumi.StackReference`s. */
    readonly stackOutputs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

/** A raw registration, before accounts are attributed (that needs every stack's plan). */
export interface RawResource {
    seq: number;
    type: string;
    name: string;
    urn: string;
    custom: boolean;
    remote: boolean;
    read: boolean;
    parent?: string;
    provider?: string;
    dependencies: string[];
    inputs: Record<string, unknown>;
    /** Earlier cellmesh types the resource declares as aliases (`aliases: [{ type }]`), newest first. */
    aliases?: string[];
}

export interface RawStackPlan {
    readonly stack: string;
    readonly config: CellmeshConfig;
    readonly outputs: Record<string, unknown>;
    readonly resources: RawResource[];
    readonly invokes: PlannedInvoke[];
    readonly stackReferences: Record<string, { stack: string; outputs: string[] }>;
}

/**
 * Outputs that are lists whose length the inputs decide: the program indexes them (`ids[i]`), so
 * they are planned as one marker per element. awsx's Vpc makes one subnet per AZ and subnet spec.
 */
const LIST_OUTPUTS: Readonly<Record<string, Readonly<Record<string, (inputs: Record<string, any>) => number>>>> = {
    "awsx:ec2:Vpc": {
        publicSubnetIds: (i) => azCount(i) * specCount(i, "Public"),
        privateSubnetIds: (i) => azCount(i) * specCount(i, "Private"),
        isolatedSubnetIds: (i) => azCount(i) * specCount(i, "Isolated"),
    },
};
/**
 * Outputs that are lists of objects the program reads field by field: planned as one element whose
 * fields are markers. A Lattice service has one generated DNS entry (its name and hosted zone).
 */
const OBJECT_LIST_OUTPUTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    "aws:vpclattice/service:Service": { dnsEntries: ["domainName", "hostedZoneId"] },
};
function azCount(inputs: Record<string, any>): number {
    if (Array.isArray(inputs.availabilityZoneNames)) return inputs.availabilityZoneNames.length;
    return typeof inputs.numberOfAvailabilityZones === "number" ? inputs.numberOfAvailabilityZones : 3;
}
/** Subnet specs of a type; awsx's default is one public and one private subnet per AZ. */
function specCount(inputs: Record<string, any>, type: string): number {
    if (!Array.isArray(inputs.subnetSpecs)) return type === "Isolated" ? 0 : 1;
    return inputs.subnetSpecs.filter((s: any) => String(s?.type).toLowerCase() === type.toLowerCase()).length;
}

/** Result fields of the data sources the programs call (all computed). */
const INVOKE_RESULTS: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/getSubnet:getSubnet": ["arn", "availabilityZone", "cidrBlock", "vpcId", "ownerId"],
    "aws:ec2/getRouteTable:getRouteTable": ["id", "routeTableId", "arn", "vpcId", "ownerId"],
    "aws:vpclattice/getService:getService": ["id", "arn"],
};
/**
 * Result fields of data sources that are lists of objects the program reads field by field: one
 * element of markers, as for OBJECT_LIST_OUTPUTS. The Lattice service the AWS Gateway API Controller
 * creates for an HTTPRoute (EKS) is read back for its DNS entry.
 */
const INVOKE_OBJECT_LISTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    "aws:vpclattice/getService:getService": { dnsEntries: ["domainName", "hostedZoneId"] },
};

interface PropsCapture {
    readonly keys: string[];
    readonly parentName?: string;
}

let captures: Map<string, PropsCapture[]> | undefined;
let patched = false;

/** Learns each resource's property names (inputs and outputs) from the SDK's registration call. */
function patchRegistration(): void {
    if (patched) return;
    patched = true;
    const original = runtimeResource.registerResource;
    runtimeResource.registerResource = function (this: unknown, ...args: any[]) {
        // (res, parent, t, name, custom, remote, newDependency, props, opts, ...)
        if (captures) {
            const key = `${args[2]}\0${args[3]}`;
            const list = captures.get(key) ?? [];
            list.push({ keys: Object.keys(args[7] ?? {}), parentName: args[1]?.__name });
            captures.set(key, list);
        }
        return original.apply(this, args);
    };
}

function takeCapture(type: string, name: string, parentUrn: string): string[] {
    const key = `${type}\0${name}`;
    const list = captures?.get(key);
    if (!list || list.length === 0) return [];
    const parentName = parentUrn ? parentUrn.slice(parentUrn.lastIndexOf("::") + 2) : undefined;
    let i = list.findIndex((c) => c.parentName === parentName);
    if (i < 0) i = 0;
    const [found] = list.splice(i, 1);
    if (list.length === 0) captures!.delete(key);
    return found.keys;
}

/** Outputs read through each stack reference of the stack being planned, by reference name. */
let referenceReads: Map<string, Set<string>> | undefined;
let referencePatched = false;
function patchStackReference(): void {
    if (referencePatched) return;
    referencePatched = true;
    const proto = pulumi.StackReference.prototype as any;
    for (const method of ["getOutput", "requireOutput", "getOutputDetails", "getOutputValue", "requireOutputValue"]) {
        const original = proto[method];
        proto[method] = function (this: { __name?: string }, name: unknown, ...rest: unknown[]) {
            if (referenceReads && typeof name === "string") {
                const ref = this.__name ?? "";
                const reads = referenceReads.get(ref) ?? new Set<string>();
                reads.add(name);
                referenceReads.set(ref, reads);
            }
            return original.call(this, name, ...rest);
        };
    }
}

/** Pulumi config is strings (structured values as JSON), as the CLI hands it to a program. */
function asPulumiConfig(raw: RawConfig): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
    return out;
}

/**
 * Runs one stack's program on the mock runtime. Stacks must be planned one after the other: the
 * mock runtime is process-global.
 */
export async function planStack(input: StackInput, options: EngineOptions): Promise<RawStackPlan> {
    patchRegistration();
    patchStackReference();
    const stack = input.name;
    const resources: RawResource[] = [];
    const invokes: PlannedInvoke[] = [];
    let current: (RawResource & { propKeys?: string[] }) | undefined;
    let seq = 0;
    captures = new Map();
    referenceReads = new Map();

    const mocks: pulumi.runtime.Mocks = {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
            const entry = current;
            current = undefined;
            if (entry) entry.inputs = args.inputs;
            if (args.type === "pulumi:pulumi:StackReference") {
                const ref = String(args.inputs.name);
                const target = ref.split("/").pop() ?? ref;
                const outputs = options.stackOutputs.get(target);
                if (!outputs) {
                    throw new Error(`stack ${stack}: the stack reference "${ref}" names no stack planned before it; plan the owner stack (${target}) too`);
                }
                return { id: ref, state: { name: ref, outputs, secretOutputNames: [] } };
            }
            if (args.type.startsWith("pulumi:providers:")) return { id: marker(stack, args.type, args.name, "id"), state: {} };
            const keys = entry?.propKeys ?? [];
            const state: Record<string, unknown> = {};
            const lists = LIST_OUTPUTS[args.type] ?? {};
            for (const key of keys) {
                if (key === "urn" || key === "id" || args.inputs[key] !== undefined) continue;
                const count = lists[key];
                const fields = OBJECT_LIST_OUTPUTS[args.type]?.[key];
                state[key] = fields
                    ? [Object.fromEntries(fields.map((f) => [f, marker(stack, args.type, args.name, `${key}[0].${f}`)]))]
                    : count
                    ? Array.from({ length: count(args.inputs) }, (_, i) => marker(stack, args.type, args.name, `${key}[${i}]`))
                    : marker(stack, args.type, args.name, key);
            }
            return { id: args.custom ? marker(stack, args.type, args.name, "id") : undefined, state };
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
            invokes.push({ token: args.token, inputs: args.inputs });
            const about = Object.values(args.inputs).map((v) => {
                const refs = typeof v === "string" ? markersIn(v) : [];
                return refs.length === 1 ? `${refs[0].name}.${refs[0].property}` : JSON.stringify(v);
            }).join(",");
            const fn = args.token.split(":").pop() ?? args.token;
            const result: Record<string, unknown> = { ...args.inputs };
            for (const key of INVOKE_RESULTS[args.token] ?? ["id", "arn"]) {
                if (result[key] === undefined) result[key] = marker(stack, args.token, `${fn}(${about})`, key);
            }
            for (const [key, fields] of Object.entries(INVOKE_OBJECT_LISTS[args.token] ?? {})) {
                result[key] = [Object.fromEntries(fields.map((f) => [f, marker(stack, args.token, `${fn}(${about})`, `${key}[0].${f}`)]))];
            }
            return result;
        },
    };

    await pulumi.runtime.setMocks(mocks, options.project, stack, false, options.organization ?? "organization");
    pulumi.runtime.setAllConfig(asPulumiConfig(input.raw));

    const monitor = pulumi.runtime.getMonitor() as any;
    const wrap = (method: "registerResource" | "readResource", read: boolean) => {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req: any, callback: (err: unknown, resp: any) => void) => {
            const parent: string = req.getParent();
            const entry: RawResource & { propKeys?: string[] } = {
                seq: seq++,
                type: req.getType(),
                name: req.getName(),
                urn: "",
                custom: read ? true : req.getCustom(),
                remote: read ? false : req.getRemote(),
                read,
                ...(parent ? { parent } : {}),
                ...(req.getProvider() ? { provider: req.getProvider() } : {}),
                dependencies: read ? [] : req.getDependenciesList(),
                inputs: {},
            };
            const aliases = read ? [] : declaredAliases(req);
            if (aliases.length > 0) entry.aliases = aliases;
            entry.propKeys = read ? [] : takeCapture(entry.type, entry.name, parent);
            current = entry;
            return original(req, (err: unknown, resp: any) => {
                if (!err && resp) {
                    entry.urn = resp.getUrn();
                    delete entry.propKeys;
                    resources.push(entry);
                }
                callback(err, resp);
            });
        };
    };
    wrap("registerResource", false);
    wrap("readResource", true);

    let outputs: Record<string, unknown>;
    try {
        const exported = await cellmeshProgram(input.config);
        outputs = (await resolveDeep(exported)) as Record<string, unknown>;
        // Children may still be registering when the outputs resolve: drain the RPC queue.
        // (waitForRPCs is exported by the runtime but not declared in its typings.)
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    } finally {
        captures = undefined;
    }
    const stackReferences: Record<string, { stack: string; outputs: string[] }> = {};
    for (const r of resources) {
        if (r.type !== "pulumi:pulumi:StackReference") continue;
        stackReferences[r.name] = { stack: String(r.inputs.name), outputs: [...(referenceReads.get(r.name) ?? [])].sort() };
    }
    referenceReads = undefined;
    resources.sort((a, b) => a.seq - b.seq);
    return { stack, config: input.config, outputs, resources, invokes, stackReferences };
}

/**
 * The earlier cellmesh types a registration declares as aliases (the mock monitor takes alias specs).
 * Providers' own aliases (old Kubernetes API versions) are not cellmesh's and are left out.
 */
function declaredAliases(req: any): string[] {
    const list: any[] = typeof req.getAliasesList === "function" ? req.getAliasesList() : [];
    return list.flatMap((alias) => {
        const type: string = alias.getSpec?.()?.getType?.() ?? "";
        return type.startsWith("cellmesh:") ? [type] : [];
    });
}

/** Resolves every Output inside a value (all are known: the mock engine runs as an update). */
export function resolveDeep(value: unknown): Promise<unknown> {
    return new Promise((resolve) => (pulumi.output(value) as pulumi.Output<unknown>).apply((v: unknown) => { resolve(v); return v; }));
}

export type { PlannedResource, StackPlan };
