// The App Mesh engine (AWS ended App Mesh on 2026-09-30; kept as the faithful reproduction of AWS's
// reference architecture): the mesh shared with RAM, Cloud Map namespaces, a CellService per
// service on ECS (App Mesh API) or EKS (App Mesh controller).

import { ConfigError } from "../../config/types";
import { cidrsOverlap } from "../../config/validate";
import type { MeshEngine } from "../engine";
import { appMeshConfig } from "./config";
import type { AppMeshNamespace } from "./namespace";
import { appMeshPlan } from "./plan";
import type { SharedMesh } from "./sharedMesh";

/** The date AWS ended App Mesh: no account can create or reach App Mesh resources since. */
export const APP_MESH_END_OF_SUPPORT = "2026-09-30";

export const appMesh: MeshEngine<SharedMesh, AppMeshNamespace> = {
    title: "AWS App Mesh",
    service: "App Mesh",
    createNetworkApi: "CreateMesh",
    networkNoun: "mesh",
    preflight: async (stack, credentials) => (await import("./preflight")).checkAppMesh(stack, credentials),
    ownerAccountOutput: "meshOwner",
    endOfSupport: { date: APP_MESH_END_OF_SUPPORT, advice: "VPC Lattice is the default engine; see docs/engines.md (from App Mesh to VPC Lattice)." },
    async checkOwner(s, plain) {
        const c = s.config;
        // Peered VPCs must not overlap: checked against what the owner really deployed (EKS: the
        // consumer's own VPC is peered with the owner's).
        const ownerCidr = c.network ? await plain<string>("vpcCidr") : undefined;
        if (c.network && typeof ownerCidr === "string" && cidrsOverlap(ownerCidr, c.network.vpcCidr)) {
            const ownerStack = c.role === "consumer" ? c.ownerStack : "";
            throw new ConfigError(c.stack, [`cellmesh:vpcCidr = "${c.network.vpcCidr}": overlaps the owner's VPC ${ownerCidr} (stack ${ownerStack}); peered VPCs need CIDRs that do not overlap`]);
        }
    },
    config: appMeshConfig,
    program: async () => (await import("./program")).appMeshProgram,
    plan: appMeshPlan,
    health: async () => (await import("./health")).appMeshHealth,
};
