import { ResourceValidationPolicy } from "@pulumi/policy";
import { PUBLIC_ENTRY_DESCRIPTION, PUBLIC_ENTRY_TAG, TYPES, hasTag } from "../lib/types";

/** One ingress permission, whatever resource shape it came from. */
interface IngressEntry {
    readonly protocol: string;
    readonly fromPort?: number;
    readonly toPort?: number;
    readonly cidrs: readonly string[];
    /** Marked as the public load balancer's (tag or description). */
    readonly publicEntry: boolean;
}

const PUBLIC_PORTS = [80, 443];

function isOpenCidr(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

function isAllProtocols(protocol: string): boolean {
    return protocol === "-1" || protocol.toLowerCase() === "all";
}

function isTcp(protocol: string): boolean {
    return protocol.toLowerCase() === "tcp" || protocol === "6";
}

function portText(e: IngressEntry): string {
    if (isAllProtocols(e.protocol)) return "all protocols";
    const ports = e.fromPort === e.toPort ? `${e.fromPort}` : `${e.fromPort}-${e.toPort}`;
    return `${e.protocol.toUpperCase()} ${ports}`;
}

function entriesOf(type: string, props: Record<string, any>): IngressEntry[] {
    const marked = (description: unknown, tags: unknown) => description === PUBLIC_ENTRY_DESCRIPTION || hasTag(tags, PUBLIC_ENTRY_TAG);
    switch (type) {
        case TYPES.securityGroupIngressRule:
            return [{
                protocol: String(props.ipProtocol ?? ""),
                fromPort: props.fromPort, toPort: props.toPort,
                cidrs: [props.cidrIpv4, props.cidrIpv6].filter((c): c is string => typeof c === "string"),
                // cellmesh tags its public listener rules; a description alone is too easy to copy.
                publicEntry: hasTag(props.tags, PUBLIC_ENTRY_TAG),
            }];
        case TYPES.securityGroup:
            return (props.ingress ?? []).map((r: Record<string, any>) => ({
                protocol: String(r.protocol ?? ""),
                fromPort: r.fromPort, toPort: r.toPort,
                cidrs: [...(r.cidrBlocks ?? []), ...(r.ipv6CidrBlocks ?? [])],
                // The tag sits on the group; an inline rule can only carry the description.
                publicEntry: marked(r.description, props.tags),
            }));
        case TYPES.securityGroupRule:
            if (props.type !== "ingress") return [];
            return [{
                protocol: String(props.protocol ?? ""),
                fromPort: props.fromPort, toPort: props.toPort,
                cidrs: [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])],
                publicEntry: marked(props.description, undefined),
            }];
        default:
            return [];
    }
}

/**
 * Security group ingress: the internet (0.0.0.0/0, ::/0) only on TCP 80 and 443 and only on the
 * public load balancer's group; never all protocols from a CIDR. Task and pod groups admit their
 * mesh ports from the VPC CIDRs or the load balancer's group (a group reference, not checked here).
 */
export const noOpenIngress: ResourceValidationPolicy = {
    name: "cellmesh-no-open-ingress",
    description: "Only the public load balancer's security group (tag cellmesh:exposure=internet) admits 0.0.0.0/0 or ::/0, and only on TCP 80 and 443; no group admits all protocols from a CIDR.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        for (const entry of entriesOf(args.type, args.props)) {
            if (isAllProtocols(entry.protocol) && entry.cidrs.length > 0) {
                reportViolation(`admits all protocols from ${entry.cidrs.join(", ")}; admit only the ports the service listens on, over TCP`);
                continue;
            }
            for (const cidr of entry.cidrs.filter(isOpenCidr)) {
                const webPort = isTcp(entry.protocol) && entry.fromPort === entry.toPort && PUBLIC_PORTS.includes(entry.fromPort ?? -1);
                if (!entry.publicEntry) {
                    reportViolation(`admits ${cidr} on ${portText(entry)}; only the public load balancer's security group (tag ${PUBLIC_ENTRY_TAG.key}=${PUBLIC_ENTRY_TAG.value}) may admit the internet`);
                } else if (!webPort) {
                    reportViolation(`admits ${cidr} on ${portText(entry)}; the public load balancer may admit the internet only on TCP 80 and 443`);
                }
            }
        }
    },
};
