// The VPC Lattice engine (the default): the owner's service network shared with RAM and associated
// with each account's VPC, Route 53 private zones for the names clients dial, and per service a
// Lattice service whose listener forwards to one target group per cell with the cell weights:
// built directly on ECS, through the AWS Gateway API Controller on EKS.

import type { MeshEngine } from "../engine";
import { checkLattice } from "./preflight";
import { latticePlan } from "./plan";
import { latticeOnEcs } from "./ecs/stack";
import { latticeOnEks } from "./eks/stack";
import { LatticeZoneNamespace, latticeNamespace } from "./namespace";
import { latticeNetwork } from "./network";
import type { LatticeServiceNetwork } from "./serviceNetwork";

export const lattice: MeshEngine<LatticeServiceNetwork, LatticeZoneNamespace> = {
    title: "Amazon VPC Lattice",
    service: "VPC Lattice",
    networkNoun: "service network",
    preflight: checkLattice,
    ownerAccountOutput: "ownerAccountId",
    network: latticeNetwork,
    namespace: latticeNamespace,
    plan: latticePlan,
    on: { ecs: latticeOnEcs, eks: latticeOnEks },
};
