import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlbIngress, ServiceIngress, serviceEntryAlb } from "../../shared/albIngress";
import { DEFAULT_TRAFFIC, TrafficPolicy } from "../../shared/trafficPolicy";
import { LatticeAccess, latticeAuthPolicyJson, validateAccess } from "./authPolicy";
import type { LatticeRegistrar } from "./registration";
import { idleTimeoutSeconds, targetGroupConfig, unsupportedTraffic } from "./traffic";
import { CellWeight } from "../../shared/cellWeight";
import type { WeightedAlb } from "../../shared/weightedAlb";
import { LATTICE_MAX_RULES, latticeNameProblem, pinRuleNames } from "./limits";
import { LatticeServiceNetwork } from "./serviceNetwork";
import { CellCompute, cellWorkload } from "../../compute/cellCompute";


export interface LatticeBackend {
    /** The name clients dial (`servicex.internal-domain2.com`): the backend's custom domain name. */
    readonly name: string;
    /** The backend's listener port. */
    readonly port: number;
}

/** The account's private hosted zone (a LatticeNamespace) where the service's name is published. */
export interface LatticeZoneRef {
    /** The namespace (`internal-domain1.com`); the service is `<service>.<namespace>`. */
    readonly name: string;
    readonly zoneId: pulumi.Input<string>;
}

/** Public entry through the same internet-facing ALB as the App Mesh engine (tasks register in both). */
export type LatticeIngress = AlbIngress;
export const LatticeIngress = ServiceIngress;

export interface LatticeCellServiceArgs {
    /** Service name (`serviceb`); clients dial `<service>.<namespace>:<port>`. */
    readonly service: string;
    /** Name of the Lattice service, unique in the account (3 to 40 characters). @default `service` */
    readonly latticeName?: string;
    /** App port: the target groups' port and the listener's, so the dial port stays the same. */
    readonly port: number;
    /** 1 to 10 cells with their weights. */
    readonly cells: readonly CellWeight[];
    /** Services this one calls. @default [] */
    readonly backends?: readonly LatticeBackend[];
    /** @default the demo app */
    readonly image?: string;
    /** Tasks per cell. @default 1 */
    readonly desiredCount?: number;
    /** The shared service network the service joins (by ARN). */
    readonly network: LatticeServiceNetwork;
    /** The private hosted zone that gets the `<service>.<namespace>` alias record. */
    readonly namespace: LatticeZoneRef;
    /** VPC of the cells' targets (on ECS: the owner's VPC, whose subnets are shared). */
    readonly vpcId: pulumi.Input<string>;
    /** Who may call the service (its own auth policy; the network's applies too). */
    readonly access: LatticeAccess;
    /** Runs each cell (ECS Fargate). */
    readonly compute: CellCompute;
    /** What the compute needs for each cell's target group (ECS: registration by ECS itself). */
    readonly registrar: LatticeRegistrar;
    /** @default none: reachable only through the service network */
    readonly ingress?: LatticeIngress;
    /** Protocol, health check, idle timeout and cell pinning. @default plain HTTP (DEFAULT_TRAFFIC) */
    readonly traffic?: TrafficPolicy;
    /** Extra environment variables for the app. @default {} */
    readonly environment?: Readonly<Record<string, string>>;
}

/**
 * The Lattice counterpart of CellService: one logical service of one account, split into cells.
 * Per service: a Lattice service with the custom domain `<service>.<namespace>` (authType AWS_IAM and
 * an auth policy), an HTTP listener whose default action spreads traffic over the cells' target
 * groups by weight, pin rules, the association with the shared network, and the alias record.
 * Per cell: an IP target group and the compute that registers into it.
 */
export class LatticeCellService extends pulumi.ComponentResource {
    /** The name clients dial (`serviceb.internal-domain1.com`). */
    public readonly customDomainName: pulumi.Output<string>;
    public readonly serviceArn: pulumi.Output<string>;
    public readonly serviceId: pulumi.Output<string>;
    /** Lattice's generated name (`<name>-<id>.<partition>.vpc-lattice-svcs.<region>.on.aws`). */
    public readonly latticeDnsName: pulumi.Output<string>;
    /** The only resource a weight change touches (with the ALB listener for the entry service). */
    public readonly listenerArn: pulumi.Output<string>;
    /** Target group ARN per cell. */
    public readonly targetGroupArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** The public URL when the service has ingress. */
    public readonly url: pulumi.Output<string> | undefined;
    /** The weighted ALB when the service has ingress. */
    public readonly entry: WeightedAlb | undefined;

    constructor(name: string, args: LatticeCellServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:CellService", name, {}, opts);
        const traffic = args.traffic ?? DEFAULT_TRAFFIC;
        validateLatticeService(name, args, traffic);

        const child = { parent: this };
        // Nothing may join a shared network before the share is usable (reference fact 4).
        const inNetwork = { parent: this, dependsOn: args.network.ready };
        const fqdn = `${args.service}.${args.namespace.name}`;

        const service = new aws.vpclattice.Service(`${name}-service`, {
            name: args.latticeName ?? args.service,
            customDomainName: fqdn,
            authType: "AWS_IAM",
            ...(idleTimeoutSeconds(traffic) !== undefined ? { idleTimeoutSeconds: idleTimeoutSeconds(traffic) } : {}),
        }, child);
        new aws.vpclattice.AuthPolicy(`${name}-auth`, {
            resourceIdentifier: service.arn,
            policy: latticeAuthPolicyJson(args.access),
        }, child);

        const groups = args.cells.map((cell) => new aws.vpclattice.TargetGroup(`${name}-${cell.name}-tg`, {
            name: `${args.service}-${cell.name}`,
            type: "IP",
            config: targetGroupConfig(args.port, args.vpcId, traffic),
        }, child));
        const groupOf = (cell: string) => groups[args.cells.findIndex((c) => c.name === cell)];

        // The weights live here and only here (plus the ALB listener): a shift updates this in place.
        // `forwards` is an array, but the provider reads only its first element.
        const listener = new aws.vpclattice.Listener(`${name}-listener`, {
            name: `http-${args.port}`,
            serviceIdentifier: service.id,
            protocol: "HTTP",
            port: args.port,
            defaultAction: {
                forwards: [{ targetGroups: args.cells.map((c) => ({ targetGroupIdentifier: groupOf(c.name).id, weight: c.weight })) }],
            },
        }, child);

        // Pin rules reach one cell whatever the weights (even a drained one), so a cell can be tested
        // before it gets traffic. As in the App Mesh engine, path pins are evaluated before header pins.
        const pinning = traffic.pinning;
        const rules: aws.vpclattice.ListenerRule[] = [];
        if (pinning) {
            const pathPins = args.cells.filter((c) => pinning.paths[c.name] !== undefined);
            const match = (httpMatch: aws.types.input.vpclattice.ListenerRuleMatchHttpMatch) => ({ httpMatch });
            const only = (cell: string) => ({ forward: { targetGroups: [{ targetGroupIdentifier: groupOf(cell).id, weight: 100 }] } });
            pathPins.forEach((c, i) => rules.push(new aws.vpclattice.ListenerRule(`${name}-path-${c.name}`, {
                name: `path-${c.name}`,
                serviceIdentifier: service.id,
                listenerIdentifier: listener.listenerId,
                priority: 1 + i,
                match: match({ pathMatch: { caseSensitive: true, match: { prefix: pinning.paths[c.name] } } }),
                action: only(c.name),
            }, child)));
            args.cells.forEach((c, i) => rules.push(new aws.vpclattice.ListenerRule(`${name}-pin-${c.name}`, {
                name: `pin-${c.name}`,
                serviceIdentifier: service.id,
                listenerIdentifier: listener.listenerId,
                priority: 1 + pathPins.length + i,
                match: match({ headerMatches: [{ name: pinning.header, caseSensitive: true, match: { exact: c.name } }] }),
                action: only(c.name),
            }, child)));
        }

        const association = new aws.vpclattice.ServiceNetworkServiceAssociation(`${name}-association`, {
            serviceIdentifier: service.arn,
            serviceNetworkIdentifier: args.network.serviceNetworkArn,
        }, inNetwork);

        // Clients dial the custom domain: an alias to Lattice's generated name, in the namespace's zone.
        const dns = service.dnsEntries.apply((entries) => {
            const entry = entries[0];
            if (!entry?.domainName || !entry.hostedZoneId) throw new Error(`LatticeCellService ${name}: the Lattice service has no DNS entry to alias`);
            return { domainName: entry.domainName, hostedZoneId: entry.hostedZoneId };
        });
        new aws.route53.Record(`${name}-dns`, {
            zoneId: args.namespace.zoneId,
            name: fqdn,
            type: "A",
            aliases: [{ name: dns.domainName, zoneId: dns.hostedZoneId, evaluateTargetHealth: false }],
        }, child);

        const ingress = args.ingress && serviceEntryAlb(name, args.ingress, {
            port: args.port, cells: args.cells,
            ...(traffic.healthCheck.path ? { healthCheckPath: traffic.healthCheck.path } : {}),
        }, this);

        const backends = args.backends ?? [];
        args.cells.forEach((cell) => {
            const registration = args.registrar({
                port: args.port,
                targetGroupArn: groupOf(cell.name).arn,
                routing: [listener, association],
                ...(ingress ? { loadBalancerSecurityGroupId: ingress.securityGroupId } : {}),
                parent: this,
            });
            args.compute.deployCell(`${name}-${cell.name}`, cellWorkload(args, cell, backends.map((b) => ({ host: b.name, port: b.port })), ingress || undefined), registration, child);
        });

        this.customDomainName = pulumi.output(fqdn);
        this.serviceArn = service.arn;
        this.serviceId = service.id;
        this.latticeDnsName = dns.domainName;
        this.listenerArn = listener.arn;
        this.targetGroupArns = Object.fromEntries(args.cells.map((c) => [c.name, groupOf(c.name).arn]));
        this.url = ingress?.url;
        this.entry = ingress || undefined;
        this.registerOutputs({ customDomainName: this.customDomainName, serviceArn: this.serviceArn, listenerArn: this.listenerArn, url: this.url });
    }
}

/** Guards for direct users of the component; engines/lattice/config.ts reports the same with config keys. */
export function validateLatticeService(name: string, args: LatticeCellServiceArgs, traffic: TrafficPolicy): void {
    const fail = (msg: string) => { throw new Error(`LatticeCellService ${name}: ${msg}`); };
    // The cells' count and weights are the config loader's (LATTICE_WEIGHTS); here what the names make.
    const cells = args.cells;
    const serviceName = args.latticeName ?? args.service;
    const serviceProblem = latticeNameProblem("service", serviceName);
    if (serviceProblem) fail(`"${serviceName}" is not a valid Lattice service name (${serviceProblem})`);
    for (const c of cells) {
        const problem = latticeNameProblem("targetGroup", `${args.service}-${c.name}`);
        if (problem) fail(`"${args.service}-${c.name}" is not a valid Lattice target group name (${problem})`);
    }
    for (const rule of traffic.pinning ? pinRuleNames(cells.map((c) => c.name), traffic.pinning.paths) : []) {
        const problem = latticeNameProblem("rule", rule.name);
        if (problem) fail(`"${rule.name}" is not a valid Lattice listener rule name (${problem})`);
    }
    const unsupported = unsupportedTraffic(traffic);
    if (unsupported.length > 0) fail(unsupported.map((u) => `traffic.${u.setting}: ${u.reason}`).join("; "));
    const pins = traffic.pinning ? cells.length + Object.keys(traffic.pinning.paths).length : 0;
    if (pins > LATTICE_MAX_RULES) {
        fail(`cell pinning needs ${pins} listener rules (one header rule per cell plus the path pins); a Lattice listener has at most ${LATTICE_MAX_RULES}`);
    }
    if (args.ingress && traffic.protocol !== "http") fail(`ALB ingress needs protocol http, not ${traffic.protocol}`);
    try {
        validateAccess(args.access);
    } catch (e) {
        fail((e as Error).message);
    }
}
