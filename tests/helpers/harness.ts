// Runs Pulumi programs and components on the mock runtime and records every resource registration
// (type, name, inputs, provider, parent, dependencies) so tests can assert on exact properties.

import * as pulumi from "@pulumi/pulumi";
import { withoutStackTraces } from "../../plan/stackTraces";

export interface Recorded {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Resolved inputs as the provider would receive them. */
    readonly inputs: Record<string, any>;
    /** Provider reference (`<urn>::<id>`), for custom resources with an explicit provider. */
    readonly provider?: string;
    /** Parent URN. */
    readonly parent?: string;
    /** URNs of explicit and implicit dependencies. */
    readonly dependencies: readonly string[];
    /** Input names the resource's `ignoreChanges` option lists. */
    readonly ignoreChanges?: readonly string[];
}

export interface MockWorld {
    readonly accountId: string;
    readonly region: string;
    /** Outputs served to `pulumi.StackReference`s, by referenced stack name. */
    readonly stackOutputs?: Record<string, Record<string, unknown>>;
    readonly stack?: string;
}

export class Recording {
    constructor(public readonly resources: Recorded[]) {}

    /** All resources of a type token. */
    ofType(type: string): Recorded[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this name and type; throws with the known names otherwise. */
    get(type: string, name: string): Recorded {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        if (found.length !== 1) {
            const names = this.ofType(type).map((r) => r.name).join(", ");
            throw new Error(`expected one ${type} named ${name}, found ${found.length} (known: ${names || "none"})`);
        }
        return found[0];
    }

    /** Resources whose parent is the given resource. */
    childrenOf(parent: Recorded): Recorded[] {
        return this.resources.filter((r) => r.parent === parent.urn);
    }

    /** The provider resource a reference points at. */
    providerOf(r: Recorded): Recorded | undefined {
        if (!r.provider) return undefined;
        const urn = r.provider.split("::").slice(0, -1).join("::");
        return this.resources.find((p) => p.urn === urn);
    }

    /** Count of resources per type, sorted by type. */
    countsByType(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
        return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
    }
}

/** Runs `program` on the mock runtime and returns the registrations and the resolved outputs. */
export async function runOnMocks<T>(world: MockWorld, program: () => T | Promise<T>): Promise<{ recording: Recording; outputs: any }> {
    const byKey = new Map<string, Recorded & { inputs: Record<string, any> }>();
    const resources: Recorded[] = [];
    const mocks: pulumi.runtime.Mocks = {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const entry = byKey.get(`${args.type}::${args.name}`);
            if (entry) Object.assign(entry, { inputs: args.inputs, ...(args.provider ? { provider: args.provider } : {}) });
            return mockState(world, args);
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return mockCall(world, args);
        },
    };
    await pulumi.runtime.setMocks(mocks, "cellmesh", world.stack ?? "test", false, "organization");

    // Wrap the mock monitor to learn each resource's parent and dependencies, which the Mocks
    // interface does not pass on. Reads (stack references) go through readResource.
    const monitor = pulumi.runtime.getMonitor() as any;
    for (const method of ["registerResource", "readResource"]) {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req: any, callback: (err: any, resp: any) => void) => {
            const entry = {
                type: req.getType() as string,
                name: req.getName() as string,
                urn: "",
                inputs: {},
                ...(req.getParent() ? { parent: req.getParent() as string } : {}),
                dependencies: req.getDependenciesList() as string[],
                ...(req.getIgnorechangesList?.()?.length ? { ignoreChanges: req.getIgnorechangesList() as string[] } : {}),
            };
            byKey.set(`${entry.type}::${entry.name}`, entry);
            return original(req, (err: any, resp: any) => {
                if (!err && resp) {
                    entry.urn = resp.getUrn();
                    resources.push(entry);
                }
                callback(err, resp);
            });
        };
    }

    const resolved = await withoutStackTraces(async () => {
        const value = await resolveDeep(await program());
        // Children may still be registering when the outputs resolve: drain the RPC queue.
        // (waitForRPCs is exported by the runtime but not declared in its typings.)
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        return value;
    });
    return { recording: new Recording(resources), outputs: resolved };
}

/** Resolves every Output inside a value. */
export async function resolveDeep(value: unknown): Promise<any> {
    return new Promise((resolve) => pulumi.output(value as any).apply((v) => { resolve(v); return v; }));
}

/** Resolves one Output (or plain value). */
export function valueOf<T>(o: pulumi.Input<T> | undefined): Promise<T> {
    return resolveDeep(o) as Promise<T>;
}

function lastSegment(type: string): string {
    const kind = type.split(":").pop() ?? type;
    return kind.charAt(0).toLowerCase() + kind.slice(1);
}

function mockState(world: MockWorld, args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const i = args.inputs;
    const physicalName = i.name ?? `${args.name}-mock`;
    const service = args.type.split(":")[1]?.split("/")[0] ?? "mock";
    const base = {
        ...i,
        name: physicalName,
        arn: `arn:aws:${service}:${world.region}:${world.accountId}:${lastSegment(args.type)}/${physicalName}`,
    };
    switch (args.type) {
        case "pulumi:pulumi:StackReference": {
            const outputs = world.stackOutputs?.[i.name];
            if (!outputs) throw new Error(`no mock outputs for stack reference ${i.name}`);
            return { id: i.name, state: { name: i.name, outputs, secretOutputNames: [] } };
        }
        case "awsx:ec2:Vpc":
            return {
                id: `${args.name}-vpc-id`,
                state: {
                    vpcId: "vpc-0123456789abcdef0",
                    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
                    publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
                },
            };
        case "eks:index:Cluster": {
            const issuer = `oidc.eks.${world.region}.amazonaws.com/id/MOCK${world.accountId}`;
            return {
                id: `${args.name}-id`,
                state: {
                    kubeconfigJson: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: i.name }] }),
                    nodeSecurityGroupId: `sg-nodes-${world.accountId}`,
                    oidcProviderArn: `arn:aws:iam::${world.accountId}:oidc-provider/${issuer}`,
                    oidcIssuer: issuer,
                    oidcProviderUrl: `https://${issuer}`,
                },
            };
        }
        case "aws:appmesh/mesh:Mesh":
            return { id: physicalName, state: { ...base, meshOwner: world.accountId, arn: `arn:aws:appmesh:${world.region}:${world.accountId}:mesh/${physicalName}` } };
        case "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":
            return { id: `ns-${physicalName}`, state: { ...base, hostedZone: `Z-${physicalName}` } };
        case "aws:lb/loadBalancer:LoadBalancer":
            return { id: `${args.name}-id`, state: { ...base, dnsName: `${args.name}.elb.amazonaws.com` } };
        case "aws:ec2/vpc:Vpc":
            return { id: `vpc-${args.name}`, state: base };
        case "aws:ram/resourceShare:ResourceShare":
            return { id: `${args.name}-id`, state: { ...base, arn: `arn:aws:ram:${world.region}:${world.accountId}:resource-share/${args.name}` } };
        case "aws:route53/zone:Zone":
            return { id: `Z-${args.name}`, state: { ...base, zoneId: `Z-${args.name}`, arn: `arn:aws:route53:::hostedzone/Z-${args.name}` } };
        // VPC Lattice: ids as the service gives them (`sn-`, `svc-`, `tg-`, `listener-`), ARNs by kind.
        case "aws:vpclattice/serviceNetwork:ServiceNetwork":
            return { id: `sn-${args.name}`, state: { ...base, arn: latticeArn(world, "servicenetwork", `sn-${args.name}`) } };
        case "aws:vpclattice/service:Service":
            return {
                id: `svc-${args.name}`,
                state: {
                    ...base,
                    arn: latticeArn(world, "service", `svc-${args.name}`),
                    dnsEntries: [{ domainName: `${physicalName}-svc-${args.name}.7d67968.vpc-lattice-svcs.${world.region}.on.aws`, hostedZoneId: "Z-LATTICE-SVCS" }],
                },
            };
        case "aws:vpclattice/targetGroup:TargetGroup":
            return { id: `tg-${args.name}`, state: { ...base, arn: latticeArn(world, "targetgroup", `tg-${args.name}`) } };
        case "aws:vpclattice/listener:Listener": {
            // The resource id is composite (`<service id>/<listener id>`): rules need `listenerId`.
            const listenerId = `listener-${args.name}`;
            return { id: `${i.serviceIdentifier}/${listenerId}`, state: { ...base, listenerId, arn: latticeArn(world, "service", `${i.serviceIdentifier}/listener/${listenerId}`) } };
        }
        default:
            return { id: `${args.name}-id`, state: base };
    }
}

function latticeArn(world: MockWorld, kind: string, id: string): string {
    return `arn:aws:vpc-lattice:${world.region}:${world.accountId}:${kind}/${id}`;
}

function mockCall(world: MockWorld, args: pulumi.runtime.MockCallArgs): Record<string, any> {
    switch (args.token) {
        case "aws:ec2/getSubnet:getSubnet":
            return { id: args.inputs.id, arn: `arn:aws:ec2:${world.region}:${world.accountId}:subnet/${args.inputs.id}` };
        case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
            return { ...args.inputs, id: `pl-${String(args.inputs.name).split(".").pop()}` };
        case "aws:ec2/getRouteTable:getRouteTable":
            return { id: `rtb-${args.inputs.subnetId}`, routeTableId: `rtb-${args.inputs.subnetId}` };
        // The Lattice service the AWS Gateway API Controller created for an HTTPRoute, read back by name.
        case "aws:vpclattice/getService:getService": {
            const name = String(args.inputs.name);
            return {
                ...args.inputs,
                id: `svc-${name}`,
                arn: latticeArn(world, "service", `svc-${name}`),
                dnsEntries: [{ domainName: `${name}-svc-${name}.7d67968.vpc-lattice-svcs.${world.region}.on.aws`, hostedZoneId: "Z-LATTICE-SVCS" }],
            };
        }
        default:
            return args.inputs;
    }
}

/** URNs (by type and name) whose inputs differ between two recordings. */
export function changed(a: Recording, b: Recording): string[] {
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    const before = new Map(a.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));
    const after = new Map(b.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    return keys.filter((k) => before.get(k) !== after.get(k));
}
