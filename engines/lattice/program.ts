// What the VPC Lattice engine builds (./index.ts loads it on first use).

import type { EngineProgram } from "../engine";
import { latticeOnEcs } from "./ecs/stack";
import { latticeOnEks } from "./eks/stack";
import { LatticeZoneNamespace, latticeNamespace } from "./namespace";
import { latticeNetwork } from "./network";
import type { LatticeServiceNetwork } from "./serviceNetwork";

export const latticeProgram: EngineProgram<LatticeServiceNetwork, LatticeZoneNamespace> = {
    network: latticeNetwork,
    namespace: latticeNamespace,
    on: { ecs: latticeOnEcs, eks: latticeOnEks },
};
