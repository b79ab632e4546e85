// EKS as the compute registry holds it (compute/index.ts); what it builds is ./program.ts.

import { parseEks } from "../../config/eks";
import type { ComputeKind } from "../compute";
import { eksDerivedNames } from "../names";
import type { EksPlatform } from "./program";

export type { EksPlatform };

export const eksCompute: ComputeKind<EksPlatform> = {
    title: "EKS",
    config: {
        settings: { key: "eks", parse: parseEks },
        sharedSubnets: false,
        noPlaceholderVpc: "on EKS the consumer's namespace is anchored on the consumer's own VPC (cellmesh:vpcCidr), so there is no placeholder VPC; remove it from this EKS stack",
        ownerVpcCidr: "10.192.0.0/16",
        derivedNames: (stack) => eksDerivedNames(stack),
    },
    health: async () => (await import("./health")).eksHealth,
    program: async () => (await import("./program")).eksProgram,
};
