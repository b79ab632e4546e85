import { ResourceValidationPolicy } from "@pulumi/policy";
import { asList, documentsOf, isAllow, statementLabel, statementsOf } from "../lib/iamDocument";

/**
 * No IAM statement allows a wildcard action (`*`, `appmesh:*`, `appmesh:Stream*`) or uses
 * `NotAction` to allow everything else: every action is named. Deny statements may use wildcards.
 */
export const noWildcardActions: ResourceValidationPolicy = {
    name: "cellmesh-no-wildcard-actions",
    description: "IAM policies name every action they allow: no `*`, `service:*` or other wildcard actions, no Allow with NotAction.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        for (const { label, document } of documentsOf(args.type, args.props)) {
            const statements = statementsOf(document);
            if (statements === undefined) {
                reportViolation(`${label} is not a JSON IAM policy document`);
                continue;
            }
            statements.forEach((s, i) => {
                if (!isAllow(s)) return;
                if (s.NotAction !== undefined) {
                    reportViolation(`${label} statement ${statementLabel(s, i)} allows every action but its NotAction list; name each allowed action instead`);
                }
                for (const action of asList(s.Action)) {
                    if (action.includes("*") || action.includes("?")) {
                        reportViolation(`${label} statement ${statementLabel(s, i)} allows the wildcard action "${action}"; name each action explicitly`);
                    }
                }
            });
        }
    },
};
