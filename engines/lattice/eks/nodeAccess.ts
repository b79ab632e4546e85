// VPC Lattice reaches pods from the addresses of its managed prefix list
// (`com.amazonaws.<region>.vpc-lattice`), so the security group on the pods' network interfaces must
// admit the service ports from that list: the ingress rules here, one per port, nothing wider. The
// App Mesh EKS variant needs none (pod-to-pod traffic stays inside the cluster's VPCs).

import * as aws from "../../../shared/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LatticeNodeAccessArgs {
    /** The cluster's region (the prefix list is regional). */
    readonly region: string;
    /**
     * The security group on the pods' network interfaces: with the VPC CNI and no security groups
     * for pods, the nodes' group (`eks.Cluster.nodeSecurityGroupId` for pulumi-eks's node group).
     */
    readonly nodeSecurityGroupId: pulumi.Input<string>;
    /** The services' ports (each service's `port`), one rule each. */
    readonly ports: readonly number[];
}

/** The IPv4 managed prefix list of VPC Lattice in a region. */
export function latticePrefixListName(region: string): string {
    return `com.amazonaws.${region}.vpc-lattice`;
}

/** Why a port list is refused, or undefined. */
export function nodeAccessProblem(ports: readonly number[]): string | undefined {
    if (ports.length === 0) return "ports is empty; list the services' ports";
    const bad = ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
    if (bad !== undefined) return `port ${bad} is not an integer from 1 to 65535`;
    const twice = ports.find((p, i) => ports.indexOf(p) !== i);
    if (twice !== undefined) return `port ${twice} is listed twice`;
    return undefined;
}

/**
 * Ingress rules `${name}-<port>` on the node security group admitting TCP on each port from the
 * VPC Lattice prefix list. `opts` (parent, provider) applies to the look-up and the rules.
 */
export function allowLatticeToNodes(name: string, args: LatticeNodeAccessArgs, opts: pulumi.CustomResourceOptions = {}): aws.vpc.SecurityGroupIngressRule[] {
    const problem = nodeAccessProblem(args.ports);
    if (problem) throw new Error(`allowLatticeToNodes ${name}: ${problem}`);
    const prefixList = aws.ec2.getManagedPrefixListOutput(
        { name: latticePrefixListName(args.region) },
        { parent: opts.parent, provider: opts.provider },
    );
    return args.ports.map((port) => new aws.vpc.SecurityGroupIngressRule(`${name}-${port}`, {
        securityGroupId: args.nodeSecurityGroupId,
        prefixListId: prefixList.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description: `VPC Lattice to pods on TCP ${port}`,
    }, opts));
}
