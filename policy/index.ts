// cellmesh's CrossGuard policy pack: `pulumi preview --policy-pack policy` (see docs/security.md).

import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
    enforcementLevel: "mandatory",
    policies,
});
