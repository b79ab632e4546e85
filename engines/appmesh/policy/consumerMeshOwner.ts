import { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../../../policy/lib/types";

/** The App Mesh resources a consumer account may create; each needs `meshOwner` there (reference facts 2 and 3). */
export const MESH_CHILD_TYPES: readonly string[] = [TYPES.virtualNode, TYPES.virtualService, TYPES.virtualRouter, TYPES.route];

/**
 * A stack that creates App Mesh children but no mesh works in a mesh another account shared: every
 * child must carry `meshOwner`, or AWS looks for the mesh in the stack's own account. A resource
 * policy cannot tell (the account behind a provider is not in its inputs), so this looks at the
 * whole stack. An owner-account stack without the mesh sets `meshOwner` to its own id, which AWS accepts.
 */
export const consumerMeshOwner: StackValidationPolicy = {
    name: "cellmesh-consumer-mesh-owner",
    description: "In a stack without an App Mesh mesh, every virtual node, virtual service, virtual router and route carries meshOwner.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        if (args.resources.some((r) => r.type === TYPES.mesh)) return;
        for (const r of args.resources) {
            if (!MESH_CHILD_TYPES.includes(r.type)) continue;
            const owner = r.props.meshOwner;
            if (typeof owner !== "string" || owner.length === 0) {
                const kind = r.type.split(":").pop();
                reportViolation(`${kind} ${r.name} is created in a mesh this stack does not own but has no meshOwner; set meshOwner to the mesh owner's account id`, r.urn);
            }
        }
    },
};
