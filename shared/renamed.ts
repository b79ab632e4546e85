// Component type tokens follow one scheme, `cellmesh:<folder>:<Component>`, where the folder is the
// engine (appmesh, lattice), the compute (ecs, eks) or shared. A component that was deployed under an
// earlier token keeps its URN through an alias to it; Pulumi gives its children the same aliases, so
// a stack deployed with an earlier cellmesh updates in place.

import * as pulumi from "@pulumi/pulumi";

/** `opts` with an alias to the component's earlier type token. */
export function renamedFrom<T extends pulumi.ResourceOptions>(earlierType: string, opts?: T): T {
    return { ...(opts ?? {}), aliases: [...(opts?.aliases ?? []), { type: earlierType }] } as T;
}
