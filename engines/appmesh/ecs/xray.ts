import { PolicyStatement } from "../../../shared/iam";

/**
 * What the X-Ray daemon sends. X-Ray's data-plane actions support no resource-level permissions,
 * so `*` is the narrowest resource AWS accepts here (the action list is what is scoped).
 */
export function xrayStatement(): PolicyStatement {
    return {
        Sid: "XRayDaemon",
        Effect: "Allow",
        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
        Resource: "*",
    };
}
