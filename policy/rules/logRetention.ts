import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/types";

/** Log groups expire their events: `retentionInDays` is set (0 or unset means never). */
export const logRetention: ResourceValidationPolicy = {
    name: "cellmesh-log-retention",
    description: "CloudWatch log groups set retentionInDays.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.logGroup) return;
        const days = args.props.retentionInDays;
        if (typeof days !== "number" || days <= 0) {
            reportViolation("has no retentionInDays, so its events are kept forever; set one of CloudWatch's retention periods (cellmesh:logRetentionDays, default 30)");
        }
    },
};
