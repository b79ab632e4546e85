// Cross-account VPC peering (reference fact 23): one account requests, the other accepts with its
// own provider, both route the peer's CIDR through the connection from their private route
// tables, and both open only the mesh ports to the peer's CIDR on their node security groups.

import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "./renamed";

export interface PeeringSide {
    readonly vpcId: pulumi.Input<string>;
    readonly cidr: pulumi.Input<string>;
    /** Private route tables that get a route to the other side (one per zone). */
    readonly routeTableIds: readonly pulumi.Input<string>[];
    /** Security group of the workers that serve the mesh ports. */
    readonly securityGroupId: pulumi.Input<string>;
    /** Provider of the side's account. @default the stack's provider */
    readonly provider?: pulumi.ProviderResource;
}

export interface VpcPeeringArgs {
    readonly requester: PeeringSide;
    readonly accepter: PeeringSide & {
        readonly accountId: pulumi.Input<string>;
        readonly region: pulumi.Input<string>;
        /** The accepter lives in another account, so its provider is required. */
        readonly provider: pulumi.ProviderResource;
    };
    /** Ports the workers of each side accept from the other side's CIDR. */
    readonly ports: readonly number[];
}

/** Peering between two VPCs of two accounts, with routes and narrow security group rules on both sides. */
export class VpcPeering extends pulumi.ComponentResource {
    public readonly connectionId: pulumi.Output<string>;

    constructor(name: string, args: VpcPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:shared:VpcPeering", name, {}, renamedFrom("cellmesh:network:VpcPeering", opts));
        if (args.ports.length === 0) throw new Error(`VpcPeering ${name}: list at least one port to open between the VPCs`);
        const badPort = args.ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
        if (badPort !== undefined) throw new Error(`VpcPeering ${name}: port ${badPort} is not a TCP port (1 to 65535)`);
        const requesterOpts = { parent: this, ...(args.requester.provider ? { provider: args.requester.provider } : {}) };
        const accepterOpts = { parent: this, provider: args.accepter.provider };

        const connection = new aws.ec2.VpcPeeringConnection(`${name}-request`, {
            vpcId: args.requester.vpcId,
            peerVpcId: args.accepter.vpcId,
            peerOwnerId: args.accepter.accountId,
            peerRegion: args.accepter.region,
            tags: { Name: name },
        }, requesterOpts);
        const accepted = new aws.ec2.VpcPeeringConnectionAccepter(`${name}-accept`, {
            vpcPeeringConnectionId: connection.id,
            autoAccept: true,
            tags: { Name: name },
        }, accepterOpts);

        const sides = [
            { key: "requester", side: args.requester, peerCidr: args.accepter.cidr, opts: requesterOpts },
            { key: "accepter", side: args.accepter, peerCidr: args.requester.cidr, opts: accepterOpts },
        ];
        for (const { key, side, peerCidr, opts: sideOpts } of sides) {
            side.routeTableIds.forEach((routeTableId, i) => new aws.ec2.Route(`${name}-${key}-route-${i}`, {
                routeTableId,
                destinationCidrBlock: peerCidr,
                vpcPeeringConnectionId: connection.id,
            }, { ...sideOpts, dependsOn: [accepted] }));
            for (const port of args.ports) {
                new aws.vpc.SecurityGroupIngressRule(`${name}-${key}-in-${port}`, {
                    securityGroupId: side.securityGroupId,
                    description: `mesh port ${port} from the peered VPC`,
                    ipProtocol: "tcp", fromPort: port, toPort: port,
                    cidrIpv4: peerCidr,
                }, sideOpts);
            }
        }

        this.connectionId = connection.id;
        this.registerOutputs({ connectionId: this.connectionId });
    }
}
