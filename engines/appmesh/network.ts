// App Mesh's network: the owner creates the mesh and shares it with RAM; a consumer adopts it (after
// its App Mesh service-linked role, when the config asks for one, and the accepted subnet share).

import * as aws from "../../shared/aws";
import type { CellPlacement } from "../../compute/compute";
import type { StackContext } from "../../stacks/context";
import type { OwnerReference } from "../../stacks/ownerContract";
import type { AppMeshOwnerContract } from "./contract";
import { MeshOwnership, SharedMesh } from "./sharedMesh";

export function appMeshNetwork(s: StackContext, placement: CellPlacement): SharedMesh {
    const c = s.config;
    if (c.role === "owner") {
        return new SharedMesh("mesh", {
            meshName: c.meshName,
            ownership: MeshOwnership.create({ consumerAccountIds: c.consumers, allowExternalPrincipals: c.sharing === "external", egressFilter: c.egressFilter }),
        });
    }
    const owner = s.owner as OwnerReference<AppMeshOwnerContract>;
    // Consumers usually lack AppMesh's service-linked role (AWS creates it only for mesh creators),
    // and creating an existing one fails: create it only when the config asks (reference fact 8).
    const serviceLinkedRole = c.createServiceLinkedRole
        ? new aws.iam.ServiceLinkedRole("appmesh-service-linked-role", { awsServiceName: "appmesh.amazonaws.com" })
        : undefined;
    return new SharedMesh("mesh", {
        meshName: owner.output("meshName"),
        ownership: MeshOwnership.adopt({
            ownerAccountId: owner.output("meshOwner"),
            meshArn: owner.output("meshArn"),
            ...(owner.external ? { externalShareArn: owner.output("meshShareArn") } : {}),
            prerequisites: [...(serviceLinkedRole ? [serviceLinkedRole] : []), ...placement.ready],
        }),
    });
}
