import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/types";

/** AWS-managed policies that grant a whole service (or everything): `*FullAccess*`, AdministratorAccess, PowerUserAccess. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*(?:\w*FullAccess\w*|AdministratorAccess|PowerUserAccess)$/;

export function isBroadManagedPolicy(arn: unknown): boolean {
    return typeof arn === "string" && BROAD_MANAGED_POLICY.test(arn);
}

/** Task, execution, node and controller roles get scoped inline policies, never an AWS-managed full-access policy. */
export const noFullAccessPolicies: ResourceValidationPolicy = {
    name: "cellmesh-no-full-access-managed-policies",
    description: "No AWS-managed *FullAccess, AdministratorAccess or PowerUserAccess policy is attached to a role.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const arns: unknown[] = [];
        if (args.type === TYPES.rolePolicyAttachment || args.type === TYPES.policyAttachment) arns.push(args.props.policyArn);
        if (args.type === TYPES.role) arns.push(...(args.props.managedPolicyArns ?? []));
        for (const arn of arns) {
            if (isBroadManagedPolicy(arn)) {
                reportViolation(`attaches the AWS-managed policy ${arn}; grant the actions the role needs in a scoped inline policy instead`);
            }
        }
    },
};
