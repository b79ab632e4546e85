// The VPC cellmesh creates in an account: the owner's (both variants) and, on EKS, each consumer's.

import * as aws from "./aws";
// The ec2 module alone: the package index also loads awsx.classic (about 300 modules) on every start.
import { Vpc } from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import { NetworkConfig } from "../config/types";

/** Public and private subnets in 2 or 3 zones, NAT for the private ones, DNS on (private zones need it). */
export function accountVpc(stack: string, network: NetworkConfig): Vpc {
    return new Vpc("network", {
        cidrBlock: network.vpcCidr,
        numberOfAvailabilityZones: network.availabilityZones,
        natGateways: { strategy: network.natGateways },
        subnetStrategy: "Auto",
        subnetSpecs: [{ type: "Public" }, { type: "Private" }],
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: `cellmesh-${stack}` },
    });
}

/** The route table of each private subnet (one per zone), read back from AWS by subnet. */
export function privateRouteTableIds(vpc: Vpc, zones: number): pulumi.Output<string>[] {
    return Array.from({ length: zones }, (_, i) =>
        aws.ec2.getRouteTableOutput({ subnetId: vpc.privateSubnetIds.apply((ids) => ids[i]) }).routeTableId);
}
