// What the App Mesh engine builds (./index.ts loads it on first use).

import type { EngineProgram } from "../engine";
import { AppMeshNamespace, appMeshNamespace } from "./namespace";
import { appMeshNetwork } from "./network";
import type { SharedMesh } from "./sharedMesh";

export const appMeshProgram: EngineProgram<SharedMesh, AppMeshNamespace> = {
    network: appMeshNetwork,
    namespace: appMeshNamespace,
    // Each compute's part loads only when a stack runs on it (EKS's loads the Kubernetes provider).
    on: {
        ecs: async (s, parts) => (await import("./ecs/stack")).appMeshOnEcs(s, parts),
        eks: async (s, parts) => (await import("./eks/stack")).appMeshOnEks(s, parts),
    },
};
