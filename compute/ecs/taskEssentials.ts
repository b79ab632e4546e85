// What every cellmesh Fargate task needs whatever the engine: its log group (retention, optional
// KMS key) and an execution role that may pull exactly its images and write exactly that group.

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, roleWithPolicy } from "../../shared/iam";
import { taskLogGroup } from "../names";

export interface TaskEssentialsArgs {
    /** Task family; the log group is `/cellmesh/<family>`. */
    readonly family: string;
    readonly accountId: pulumi.Input<string>;
    /** @default 30 */
    readonly logRetentionDays?: number;
    /** @default CloudWatch Logs' own encryption */
    readonly logKmsKeyArn?: string;
    /** Private ECR repositories the task pulls from. @default [] */
    readonly ecrRepositoryArns?: readonly string[];
}

/** The log group `<name>-logs` and the execution role `<name>-execution`, children of `parent`. */
export function taskEssentials(name: string, args: TaskEssentialsArgs, parent: pulumi.Resource): { logGroup: aws.cloudwatch.LogGroup; logGroupName: string; executionRole: aws.iam.Role } {
    const child = { parent };
    const logGroupName = taskLogGroup(args.family);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        name: logGroupName,
        retentionInDays: args.logRetentionDays ?? 30,
        ...(args.logKmsKeyArn ? { kmsKeyId: args.logKmsKeyArn } : {}),
    }, child);

    const pull: PolicyStatement[] = [
        // GetAuthorizationToken is account-wide: it supports no resource narrower than "*".
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ];
    if ((args.ecrRepositoryArns ?? []).length > 0) {
        pull.push({ Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [...(args.ecrRepositoryArns ?? [])] });
    }
    const executionRole = roleWithPolicy(`${name}-execution`, {
        service: "ecs-tasks.amazonaws.com",
        accountId: args.accountId,
        description: `ECS execution role of ${args.family}: image pulls and logs`,
        statements: [
            ...pull,
            { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` },
        ],
    }, child);
    return { logGroup, logGroupName, executionRole };
}
