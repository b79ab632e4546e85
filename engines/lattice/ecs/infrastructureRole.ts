import * as aws from "../../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../../../shared/iam";

export interface EcsLatticeInfrastructureRoleArgs {
    /** For the managed policy's ARN (`aws`, `aws-cn`, `aws-us-gov`). */
    readonly partition: string;
}

/** The AWS managed policy that lets ECS register and deregister tasks in Lattice target groups. */
export function latticeInfrastructurePolicyArn(partition: string): string {
    // AWS managed policies live under `iam::aws:policy/`; this one has no `service-role/` path.
    return `arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice`;
}

/**
 * The ECS infrastructure role for VPC Lattice, one per account: ECS assumes it to register each
 * cell's tasks in the cell's target group (`ecs.Service.vpcLatticeConfigurations[].roleArn`). The
 * deployer needs `iam:PassRole` on it.
 */
export class EcsLatticeInfrastructureRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: EcsLatticeInfrastructureRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:EcsInfrastructureRole", name, {}, opts);
        const role = new aws.iam.Role(`${name}-role`, {
            description: "ECS infrastructure role: registers cellmesh tasks in VPC Lattice target groups",
            // The trust policy AWS documents for ECS infrastructure roles: the ECS service principal.
            assumeRolePolicy: policyJson([{
                Sid: "AllowAccessToECSForInfrastructureManagement",
                Effect: "Allow",
                Principal: { Service: "ecs.amazonaws.com" },
                Action: "sts:AssumeRole",
            }]),
        }, { parent: this });
        new aws.iam.RolePolicyAttachment(`${name}-lattice`, {
            role: role.name,
            policyArn: latticeInfrastructurePolicyArn(args.partition),
        }, { parent: this });
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
