// Every cellmesh policy, in the order the pack reports them. Tests import this list; only
// index.ts constructs the PolicyPack (constructing one starts the analyzer server).

import { Policies } from "@pulumi/policy";
import { albHttpsRedirect, albTlsPolicy } from "./rules/albTls";
import { consumerMeshOwner } from "../engines/appmesh/policy/consumerMeshOwner";
import { envoyScopedToNode } from "../engines/appmesh/policy/envoyScopedToNode";
import { logRetention } from "./rules/logRetention";
import { noFullAccessPolicies } from "./rules/noFullAccessPolicies";
import { noOpenIngress } from "./rules/noOpenIngress";
import { noWildcardActions } from "./rules/noWildcardActions";
import { orgOnlyRamShares } from "./rules/orgOnlyRamShares";
import { pinnedImages } from "./rules/pinnedImages";
import { scopedTrust } from "./rules/scopedTrust";
import { starResources } from "./rules/starResources";
import { validWeights } from "./rules/validWeights";

export const POLICY_PACK_NAME = "cellmesh-security";

export const policies: Policies = [
    envoyScopedToNode,
    noWildcardActions,
    starResources,
    noFullAccessPolicies,
    scopedTrust,
    noOpenIngress,
    albTlsPolicy,
    albHttpsRedirect,
    orgOnlyRamShares,
    consumerMeshOwner,
    logRetention,
    pinnedImages,
    validWeights,
];
