// EKS: every account runs its cells in a cluster of its own, in a VPC of its own (App Mesh joins the
// VPCs by peering, VPC Lattice by the service network).

import { accountVpc } from "../../shared/vpc";
import type { StackContext } from "../../stacks/context";
import type { CellPlacement, ComputeProgram } from "../compute";
import { EksClusterParts, eksCluster } from "./cluster";

export interface EksPlatform extends EksClusterParts {
    readonly kind: "eks";
}

export const eksProgram: ComputeProgram<EksPlatform> = {
    placement(s: StackContext): CellPlacement {
        const c = s.config;
        // The loader gives every EKS stack a network (the owner's, and each consumer's own).
        const network = c.network!;
        const vpc = accountVpc(c.stack, network);
        return { kind: "own-vpc", vpc, vpcId: vpc.vpcId, vpcCidr: network.vpcCidr, subnetIds: vpc.privateSubnetIds, joinKey: "cluster", ready: [] };
    },
    platform(s: StackContext, placement: CellPlacement): EksPlatform {
        return { kind: "eks", ...eksCluster({ stack: s.config.stack, eks: s.config.eks! }, placement.vpc!) };
    },
};
