// ECS Fargate as the compute registry holds it (compute/index.ts); what it builds is ./program.ts.

import { DEFAULT_LATTICE_CONSUMER_VPC_CIDR } from "../../config/types";
import type { ComputeKind } from "../compute";
import { ecsDerivedNames } from "../names";
import type { EcsPlatform } from "./program";

export type { EcsPlatform };

export const ecsCompute: ComputeKind<EcsPlatform> = {
    title: "ECS Fargate",
    config: {
        sharedSubnets: true,
        ownerVpcCidr: "10.0.0.0/16",
        // VPC Lattice joins the VPCs, so a consumer's may overlap the owner's.
        consumerVpcCidr: DEFAULT_LATTICE_CONSUMER_VPC_CIDR,
        derivedNames: ecsDerivedNames,
    },
    health: async () => (await import("./health")).ecsHealth,
    program: async () => (await import("./program")).ecsProgram,
};
