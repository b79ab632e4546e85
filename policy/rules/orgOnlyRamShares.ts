import { ResourceValidationPolicy } from "@pulumi/policy";
import { EXTERNAL_SHARE_TAG, TYPES, hasTag } from "../lib/types";

/**
 * RAM shares stay inside the AWS Organization. A share that allows external principals passes only
 * when tagged as deliberately external (the stack's `cellmesh:sharing: external`), whose consumers
 * then accept it with a ResourceShareAccepter.
 */
export const orgOnlyRamShares: ResourceValidationPolicy = {
    name: "cellmesh-org-only-ram-shares",
    description: "RAM resource shares keep allowExternalPrincipals false unless tagged cellmesh:sharing=external (set by cellmesh:sharing: external).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.resourceShare || args.props.allowExternalPrincipals !== true) return;
        if (hasTag(args.props.tags, EXTERNAL_SHARE_TAG)) return;
        reportViolation(`allows principals outside the AWS Organization; keep allowExternalPrincipals false, or mark deliberate external sharing with the tag ${EXTERNAL_SHARE_TAG.key}=${EXTERNAL_SHARE_TAG.value} (cellmesh:sharing: external) and accept the share in each consumer`);
    },
};
