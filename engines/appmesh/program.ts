// What the App Mesh engine builds (./index.ts loads it on first use).

import type { EngineProgram } from "../engine";
import { appMeshOnEcs } from "./ecs/stack";
import { appMeshOnEks } from "./eks/stack";
import { AppMeshNamespace, appMeshNamespace } from "./namespace";
import { appMeshNetwork } from "./network";
import type { SharedMesh } from "./sharedMesh";

export const appMeshProgram: EngineProgram<SharedMesh, AppMeshNamespace> = {
    network: appMeshNetwork,
    namespace: appMeshNamespace,
    on: { ecs: appMeshOnEcs, eks: appMeshOnEks },
};
