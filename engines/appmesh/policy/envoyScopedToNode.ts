import { ResourceValidationPolicy } from "@pulumi/policy";
import { actionMatches, asList, documentsOf, isAllow, statementLabel, statementsOf } from "../../../policy/lib/iamDocument";

const ENVOY_ACTION = "appmesh:StreamAggregatedResources";

/**
 * Envoy may fetch its configuration only as its own virtual node or gateway (reference fact 16):
 * `appmesh:StreamAggregatedResources` is never allowed on `*` or any other wildcard resource. AWS's
 * samples grant it on `*`, which lets any task with the role impersonate every node in the mesh.
 */
export const envoyScopedToNode: ResourceValidationPolicy = {
    name: "cellmesh-envoy-scoped-to-node",
    description: "appmesh:StreamAggregatedResources is granted only on the node's (or gateway's) own ARN, never on a wildcard resource.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        for (const { label, document } of documentsOf(args.type, args.props)) {
            // An unreadable document is reported by cellmesh-no-wildcard-actions.
            const statements = statementsOf(document) ?? [];
            statements.forEach((s, i) => {
                if (!isAllow(s)) return;
                const grants = asList(s.Action).find((a) => actionMatches(a, ENVOY_ACTION));
                if (grants === undefined) return;
                if (s.NotResource !== undefined) {
                    reportViolation(`${label} statement ${statementLabel(s, i)} grants ${ENVOY_ACTION} on every resource but its NotResource list; scope it to the node's (or gateway's) own ARN`);
                }
                for (const resource of asList(s.Resource)) {
                    if (resource.includes("*")) {
                        reportViolation(`${label} statement ${statementLabel(s, i)} grants ${ENVOY_ACTION} on "${resource}"; scope it to the node's (or gateway's) own ARN`);
                    }
                }
            });
        }
    },
};
