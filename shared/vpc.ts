// The VPC cellmesh creates in an account: the owner's (both variants) and, on EKS, each consumer's.

import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { NetworkConfig } from "../config/types";

/** Public and private subnets in 2 or 3 zones, NAT for the private ones, DNS on (private zones need it). */
export function accountVpc(stack: string, network: NetworkConfig): awsx.ec2.Vpc {
    return new awsx.ec2.Vpc("network", {
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
export function privateRouteTableIds(vpc: awsx.ec2.Vpc, zones: number): pulumi.Output<string>[] {
    return Array.from({ length: zones }, (_, i) =>
        aws.ec2.getRouteTableOutput({ subnetId: vpc.privateSubnetIds.apply((ids) => ids[i]) }).routeTableId);
}
