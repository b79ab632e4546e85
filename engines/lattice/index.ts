// The VPC Lattice engine (the default): the owner's service network shared with RAM and associated
// with each account's VPC, Route 53 private zones for the names clients dial, and per service a
// Lattice service whose listener forwards to one target group per cell with the cell weights:
// built directly on ECS, through the AWS Gateway API Controller on EKS.

import { ConfigError } from "../../config/types";
import type { MeshEngine } from "../engine";
import { latticeConfig } from "./config";
import type { LatticeZoneNamespace } from "./namespace";
import { latticePlan } from "./plan";
import type { LatticeServiceNetwork } from "./serviceNetwork";

export const lattice: MeshEngine<LatticeServiceNetwork, LatticeZoneNamespace> = {
    title: "Amazon VPC Lattice",
    service: "VPC Lattice",
    createNetworkApi: "CreateServiceNetwork",
    networkNoun: "service network",
    preflight: async (stack, credentials) => (await import("./preflight")).checkLattice(stack, credentials),
    ownerAccountOutput: "ownerAccountId",
    async checkOwner(s, plain) {
        const c = s.config;
        if (c.role !== "consumer") return;
        // On ECS the owner shares its subnets only for SharedSubnets, which its consumers then use.
        // Owners deployed before cellmesh:vpcLayout existed export none and always shared their
        // subnets, so either layout works with them.
        if (c.compute === "ecs") {
            const ownerLayout = await plain<string>("vpcLayout");
            if (ownerLayout !== undefined && ownerLayout !== c.vpcLayout) {
                throw new ConfigError(c.stack, [`cellmesh:vpcLayout = "${c.vpcLayout}": the owner stack ${c.ownerStack} uses ${ownerLayout}; every stack of a mesh uses the same layout`]);
            }
        }
        // On EKS our Gateway carries the owner's network's name (eks/stack.ts).
        if (c.compute === "eks") {
            const networkName = await plain<string>("serviceNetworkName");
            if (typeof networkName !== "string" || networkName === "") {
                const ownerName = c.ownerStack.split("/").pop();
                throw new ConfigError(c.stack, [`cellmesh:ownerStack = "${c.ownerStack}": the owner stack exports no serviceNetworkName, which this stack's Gateway must carry (owners deployed before it was exported); update the owner first: npm run rollout -- --stacks ${ownerName}`]);
            }
        }
    },
    config: latticeConfig,
    program: async () => (await import("./program")).latticeProgram,
    plan: latticePlan,
    health: async () => (await import("./health")).latticeHealth,
};
