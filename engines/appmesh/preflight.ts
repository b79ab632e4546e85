// The App Mesh engine's preflight: the App Mesh API answers in the stack's region. AWS ended App Mesh
// support on 2026-09-30, so an unreachable or refusing endpoint most likely means the service is
// gone for this account or region.

import { AppMeshClient, ListMeshesCommand } from "@aws-sdk/client-app-mesh";
import { describe, isAccessDenied, isUnreachable } from "../../automation/awsErrors";
import type { StackInfo } from "../../automation/discovery";
import type { AwsCredentialIdentityProvider, Finding } from "../../automation/preflight";

export const APP_MESH_EOS_ANCHOR = "docs/engines.md#app-mesh-end-of-support";

/** The App Mesh API answers in the stack's region for the stack's credentials (`appmesh:ListMeshes`). */
export async function checkAppMesh(stack: StackInfo, creds: AwsCredentialIdentityProvider): Promise<Finding> {
    const base = { stack: stack.name, account: stack.config.accountId, check: "mesh-engine" as const };
    const region = stack.config.region;
    try {
        await new AppMeshClient({ region, credentials: creds, maxAttempts: 2 }).send(new ListMeshesCommand({ limit: 1 }));
        return { ...base, level: "ok", message: `stack ${stack.name}: the App Mesh API answers in ${region}` };
    } catch (err) {
        const why = isUnreachable(err) ? "its endpoint does not answer" : isAccessDenied(err) ? "the call was refused" : "the call failed";
        return {
            ...base, level: "error",
            message: `stack ${stack.name} (account ${stack.config.accountId}): the App Mesh API does not work in ${region}: ${why} (${describe(err)}). ` +
                `AWS ended support for App Mesh on 2026-09-30 (no new customers since 2024-09-24), so the service is likely discontinued for this account or region; ` +
                `cellmesh's App Mesh engine cannot deploy here. See "App Mesh end of support" in ${APP_MESH_EOS_ANCHOR}` +
                (isAccessDenied(err) ? `; if the account does still use App Mesh, allow appmesh:ListMeshes and appmesh:* for the deploying role` : ""),
        };
    }
}
