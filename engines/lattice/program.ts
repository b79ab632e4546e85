// What the VPC Lattice engine builds (./index.ts loads it on first use).

import type { EngineProgram } from "../engine";
import { LatticeZoneNamespace, latticeNamespace } from "./namespace";
import { latticeNetwork } from "./network";
import type { LatticeServiceNetwork } from "./serviceNetwork";

export const latticeProgram: EngineProgram<LatticeServiceNetwork, LatticeZoneNamespace> = {
    network: latticeNetwork,
    namespace: latticeNamespace,
    // Each compute's part loads only when a stack runs on it (EKS's loads the Kubernetes provider).
    on: {
        ecs: async (s, parts) => (await import("./ecs/stack")).latticeOnEcs(s, parts),
        eks: async (s, parts) => (await import("./eks/stack")).latticeOnEks(s, parts),
    },
};
