import { ResourceValidationPolicy } from "@pulumi/policy";
import { asList, isAllow, statementLabel, statementsOf } from "../lib/iamDocument";
import { TYPES } from "../lib/types";

/**
 * Trust policies name the exact service principal (`ecs-tasks.amazonaws.com`) or, for IRSA, the
 * exact service account (`StringEquals` on the provider's `:sub` claim): never any principal.
 */
export const scopedTrust: ResourceValidationPolicy = {
    name: "cellmesh-scoped-trust-policies",
    description: "Role trust policies name an exact service principal or service account, never \"*\".",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.role) return;
        const statements = statementsOf(args.props.assumeRolePolicy);
        if (statements === undefined) {
            reportViolation("assumeRolePolicy is not a JSON IAM policy document");
            return;
        }
        statements.forEach((s, i) => {
            if (!isAllow(s)) return;
            const label = `trust policy statement ${statementLabel(s, i)}`;
            const principal = s.Principal;
            if (principal === "*") {
                reportViolation(`${label} lets any principal assume the role; name the exact service principal or service account`);
                return;
            }
            if (typeof principal !== "object" || principal === null) return;
            for (const p of asList(principal.AWS)) {
                if (p === "*") reportViolation(`${label} lets any AWS principal assume the role; name the exact service principal or service account`);
            }
            for (const p of asList(principal.Service)) {
                if (p.includes("*")) reportViolation(`${label} trusts the service principal "${p}"; name the exact service principal`);
            }
            for (const p of asList(principal.Federated)) {
                const equals = s.Condition?.StringEquals ?? {};
                const sub = Object.entries(equals).find(([key]) => key.endsWith(":sub"));
                if (sub === undefined || asList(sub[1]).some((v) => v.includes("*"))) {
                    reportViolation(`${label} trusts the identity provider "${p}" without a StringEquals condition on its :sub claim; name the service account (system:serviceaccount:<namespace>:<name>)`);
                }
            }
        });
    },
};
