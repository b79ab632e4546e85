// Calls cellmesh's policies (and @pulumi/awsguard's) directly, the way the CrossGuard analyzer
// would, without constructing a PolicyPack: fake validation args, a reportViolation spy, and a
// runner over resources recorded on the mock runtime.

import {
    PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { MockWorld, Recorded, runOnMocks } from "../harness";

/** A resource or stack policy, as a pack lists them. */
export type Policy = ResourceValidationPolicy | StackValidationPolicy;

/** Thrown by the fake `notApplicable`, as the real one ends the validation. */
export class NotApplicable extends Error {}

export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: string;
    /** `type::name` of the resource, or of the one a stack policy named. */
    readonly resource: string;
    readonly message: string;
}

/** The defaults of a policy's configSchema, which is what `getConfig()` returns without pack config. */
export function configDefaults(policy: Policy, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const props = (policy.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>;
    return { ...Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default])), ...overrides };
}

function pulumiTypeOf(cls: unknown): string | undefined {
    return (cls as { __pulumiType?: string } | undefined)?.__pulumiType;
}

/**
 * Fake analyzer args for one resource. `aliases` lets a policy written against older type tokens
 * (awsguard's `aws:elasticloadbalancingv2/...`) recognise today's token as the same resource.
 */
export function resourceArgs(
    type: string, props: Record<string, any>,
    more: { name?: string; config?: Record<string, unknown>; aliases?: readonly string[] } = {},
): ResourceValidationArgs {
    const name = more.name ?? "test";
    const types = [type, ...(more.aliases ?? [])];
    return {
        type, props, name, stackTags: new Map<string, string>(),
        urn: `urn:pulumi:test::cellmesh::${type}::${name}`,
        opts: { protect: false, ignoreChanges: [], deleteBeforeReplace: false, aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
        isType: ((cls: unknown) => types.includes(pulumiTypeOf(cls) ?? "")) as ResourceValidationArgs["isType"],
        asType: ((cls: unknown) => (types.includes(pulumiTypeOf(cls) ?? "") ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: (() => more.config ?? {}) as ResourceValidationArgs["getConfig"],
        notApplicable: (reason?: string): never => { throw new NotApplicable(reason); },
    };
}

function validationsOf(policy: ResourceValidationPolicy): ResourceValidation[] {
    const v = policy.validateResource;
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Messages a resource policy reports for one resource. */
export function violationsOf(
    policy: ResourceValidationPolicy, type: string, props: Record<string, any>, config: Record<string, unknown> = {},
): string[] {
    const messages: string[] = [];
    const spy: ReportViolation = (message) => { messages.push(message); };
    for (const validate of validationsOf(policy)) {
        try {
            void validate(resourceArgs(type, props, { config: configDefaults(policy, config) }), spy);
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return messages;
}

/** A stack as the analyzer hands it to stack policies. */
export function stackResources(resources: readonly { type: string; name: string; props: Record<string, any> }[]): PolicyResource[] {
    return resources.map((r) => {
        const urn = `urn:pulumi:test::cellmesh::${r.type}::${r.name}`;
        return {
            type: r.type, name: r.name, urn, props: r.props,
            opts: { protect: false, ignoreChanges: [], deleteBeforeReplace: false, aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
            dependencies: [], propertyDependencies: {},
            isType: ((cls: unknown) => pulumiTypeOf(cls) === r.type) as PolicyResource["isType"],
            asType: ((cls: unknown) => (pulumiTypeOf(cls) === r.type ? r.props : undefined)) as PolicyResource["asType"],
        } as PolicyResource;
    });
}

/** Messages (with the URN they name) a stack policy reports. */
export function stackViolationsOf(policy: StackValidationPolicy, resources: PolicyResource[]): { message: string; urn?: string }[] {
    const found: { message: string; urn?: string }[] = [];
    const args = {
        resources, stackTags: new Map<string, string>(),
        getConfig: () => configDefaults(policy),
        notApplicable: (reason?: string): never => { throw new NotApplicable(reason); },
    } as unknown as StackValidationArgs;
    try {
        void policy.validateStack(args, (message: string, urn?: string) => { found.push({ message, ...(urn ? { urn } : {}) }); });
    } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
    }
    return found;
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
    return "validateStack" in p;
}

/** Runs every policy of a pack's list over recorded resources, their inputs as props. */
export function runPolicies(
    list: readonly Policy[], resources: readonly Recorded[], packLevel = "mandatory",
    aliases: Readonly<Record<string, readonly string[]>> = {},
): Violation[] {
    const found: Violation[] = [];
    const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;
    for (const policy of list) {
        const level = policy.enforcementLevel ?? packLevel;
        if (isStackPolicy(policy)) {
            const stack = stackResources(resources.map((r) => ({ type: r.type, name: r.name, props: r.inputs })));
            for (const v of stackViolationsOf(policy, stack)) {
                const named = stack.find((r) => r.urn === v.urn);
                found.push({ policy: policy.name, enforcementLevel: level, resource: named ? key(named) : "(stack)", message: v.message });
            }
            continue;
        }
        const validations = validationsOf(policy);
        for (const r of resources) {
            const args = resourceArgs(r.type, r.inputs, { name: r.name, config: configDefaults(policy), aliases: aliases[r.type] ?? [] });
            for (const validate of validations) {
                try {
                    void validate(args, (message: string) => { found.push({ policy: policy.name, enforcementLevel: level, resource: key(r), message }); });
                } catch (e) {
                    if (!(e instanceof NotApplicable)) throw e;
                }
            }
        }
    }
    return found;
}

/** cellmesh's own pack over recorded resources. */
export function runCellmeshPack(resources: readonly Recorded[]): Violation[] {
    return runPolicies(policies, resources);
}

export interface SampleStack {
    readonly label: string;
    readonly resources: readonly Recorded[];
}

let samples: Promise<SampleStack[]> | undefined;

/**
 * Every sample stack, recorded once per test run: the shipped owner and consumer configs, the owner
 * with the virtual gateway, and both sides with external sharing.
 */
export function sampleStacks(): Promise<SampleStack[]> {
    samples ??= (async () => {
        // Imported lazily so that unit tests of single policies do not load the programs.
        const {
            CONSUMER_WORLD, OWNER_OUTPUTS, OWNER_WORLD, consumerSample, ownerSample,
            CONSUMER_EKS_WORLD, OWNER_EKS_WORLD, consumerEksSample, ownerEksSample,
        } = await import("../fixtures");
        const { ownerProgram } = await import("../../stacks/owner");
        const { consumerProgram } = await import("../../stacks/consumer");
        const externalConsumerWorld: MockWorld = {
            ...CONSUMER_WORLD,
            stackOutputs: { "organization/cellmesh/acct1-appmesh": { ...OWNER_OUTPUTS, sharing: "external" } },
        };
        const runs: [string, MockWorld, () => unknown][] = [
            ["owner (examples/appmesh/Pulumi.acct1-appmesh.yaml)", OWNER_WORLD, () => ownerProgram(ownerSample())],
            ["owner with the virtual gateway", OWNER_WORLD, () => ownerProgram(ownerSample({
                "cellmesh:virtualGateway": { enabled: true, remoteServices: ["servicex.internal-domain2.com"] },
            }))],
            ["owner sharing outside the organization", OWNER_WORLD, () => ownerProgram(ownerSample({ "cellmesh:sharing": "external" }))],
            ["consumer (examples/appmesh/Pulumi.acct2-appmesh.yaml)", CONSUMER_WORLD, () => consumerProgram(consumerSample())],
            ["consumer of an external share", externalConsumerWorld, () => consumerProgram(consumerSample())],
            ["EKS owner (examples/appmesh-eks/Pulumi.acct1-appmesh-eks.yaml)", OWNER_EKS_WORLD, () => ownerProgram(ownerEksSample())],
            ["EKS consumer (examples/appmesh-eks/Pulumi.acct2-appmesh-eks.yaml)", CONSUMER_EKS_WORLD, () => consumerProgram(consumerEksSample())],
        ];
        const out: SampleStack[] = [];
        // One after the other: the mock runtime is process-wide.
        for (const [label, world, program] of runs) {
            const { recording } = await runOnMocks(world, program);
            out.push({ label, resources: recording.resources });
        }
        return out;
    })();
    return samples;
}

let lattice: Promise<SampleStack[]> | undefined;

/**
 * The VPC Lattice samples (the repository root: Pulumi.acct1.yaml, Pulumi.acct2.yaml): both stacks, external sharing on both sides, both
 * with the security options that apply on Lattice, and both with the shared-subnets layout. Recorded once per test run.
 */
export function latticeSampleStacks(): Promise<SampleStack[]> {
    lattice ??= (async () => {
        const {
            CONSUMER_LATTICE_WORLD, OWNER_LATTICE_OUTPUTS, OWNER_LATTICE_WORLD, SECURITY, consumerLatticeSample, ownerLatticeSample, rawLatticeSample,
        } = await import("../fixtures");
        const { cellmeshProgram } = await import("../../stacks/program");
        const { parseStackConfig } = await import("../../stacks/config");
        const externalWorld: MockWorld = {
            ...CONSUMER_LATTICE_WORLD,
            stackOutputs: { "organization/cellmesh/acct1": { ...OWNER_LATTICE_OUTPUTS, sharing: "external" } },
        };
        const secured = { "cellmesh:albCertificateArn": SECURITY.albCertificate, "cellmesh:albAccessLogs": SECURITY.accessLogs, "cellmesh:logKmsKeyArn": SECURITY.ownerKmsKey };
        const sharedSubnetsWorld: MockWorld = {
            ...CONSUMER_LATTICE_WORLD,
            stackOutputs: { "organization/cellmesh/acct1": { ...OWNER_LATTICE_OUTPUTS, vpcLayout: "SharedSubnets", subnetShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/subnets" } },
        };
        const { "cellmesh:vpcCidr": _cidr, ...consumerRaw } = rawLatticeSample("acct2");
        const sharedSubnetsConsumer = parseStackConfig({ ...consumerRaw, "cellmesh:vpcLayout": "SharedSubnets" }, "acct2");
        const runs: [string, MockWorld, () => unknown][] = [
            ["Lattice owner (Pulumi.acct1.yaml)", OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample())],
            ["Lattice consumer (Pulumi.acct2.yaml)", CONSUMER_LATTICE_WORLD, () => cellmeshProgram(consumerLatticeSample())],
            ["Lattice owner sharing outside the organization", OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample({ "cellmesh:sharing": "external" }))],
            ["Lattice consumer of an external share", externalWorld, () => cellmeshProgram(consumerLatticeSample())],
            ["Lattice owner with the security options", OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample(secured))],
            ["Lattice consumer with the security options", CONSUMER_LATTICE_WORLD, () => cellmeshProgram(consumerLatticeSample({ "cellmesh:logKmsKeyArn": SECURITY.consumerKmsKey }))],
            ["Lattice owner sharing its subnets (SharedSubnets)", OWNER_LATTICE_WORLD, () => cellmeshProgram(ownerLatticeSample({ "cellmesh:vpcLayout": "SharedSubnets" }))],
            ["Lattice consumer in the owner's subnets (SharedSubnets)", sharedSubnetsWorld, () => cellmeshProgram(sharedSubnetsConsumer)],
        ];
        const out: SampleStack[] = [];
        for (const [label, world, program] of runs) {
            const { recording } = await runOnMocks(world, program);
            out.push({ label, resources: recording.resources });
        }
        return out;
    })();
    return lattice;
}

let latticeEks: Promise<SampleStack[]> | undefined;

/**
 * The VPC Lattice on EKS samples (examples/lattice-eks): both stacks, and both with external sharing.
 * Recorded once per test run.
 */
export function latticeEksSampleStacks(): Promise<SampleStack[]> {
    latticeEks ??= (async () => {
        const { CONSUMER_LATTICE_EKS_WORLD, OWNER_LATTICE_EKS_WORLD, consumerLatticeEksSample, ownerLatticeEksSample } = await import("../fixtures");
        const { cellmeshProgram } = await import("../../stacks/program");
        const ref = "organization/cellmesh/acct1-lattice-eks";
        const externalWorld: MockWorld = { ...CONSUMER_LATTICE_EKS_WORLD, stackOutputs: { [ref]: { ...CONSUMER_LATTICE_EKS_WORLD.stackOutputs[ref], sharing: "external" } } };
        const runs: [string, MockWorld, () => unknown][] = [
            ["Lattice EKS owner (examples/lattice-eks/Pulumi.acct1-lattice-eks.yaml)", OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample())],
            ["Lattice EKS consumer (examples/lattice-eks/Pulumi.acct2-lattice-eks.yaml)", CONSUMER_LATTICE_EKS_WORLD, () => cellmeshProgram(consumerLatticeEksSample())],
            ["Lattice EKS owner sharing outside the organization", OWNER_LATTICE_EKS_WORLD, () => cellmeshProgram(ownerLatticeEksSample({ "cellmesh:sharing": "external" }))],
            ["Lattice EKS consumer of an external share", externalWorld, () => cellmeshProgram(consumerLatticeEksSample())],
        ];
        const out: SampleStack[] = [];
        for (const [label, world, program] of runs) {
            const { recording } = await runOnMocks(world, program);
            out.push({ label, resources: recording.resources });
        }
        return out;
    })();
    return latticeEks;
}

let secured: Promise<SampleStack[]> | undefined;

/**
 * The sample stacks with every security option on (tests/fixtures.ts SECURED_OWNER and
 * SECURED_CONSUMER): HTTPS and access logs on the owner's ALBs (entry service and virtual gateway),
 * mesh TLS and a KMS key for logs in both accounts. Recorded once per test run.
 */
export function securedSampleStacks(): Promise<SampleStack[]> {
    secured ??= (async () => {
        const { CONSUMER_WORLD, OWNER_WORLD, SECURED_CONSUMER, SECURED_OWNER, consumerSample, ownerSample } = await import("../fixtures");
        const { ownerProgram } = await import("../../stacks/owner");
        const { consumerProgram } = await import("../../stacks/consumer");
        const owner = await runOnMocks(OWNER_WORLD, () => ownerProgram(ownerSample(SECURED_OWNER)));
        const consumer = await runOnMocks(CONSUMER_WORLD, () => consumerProgram(consumerSample(SECURED_CONSUMER)));
        return [
            { label: "owner with every security option", resources: owner.recording.resources },
            { label: "consumer with every security option", resources: consumer.recording.resources },
        ];
    })();
    return secured;
}
