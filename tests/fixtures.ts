// Sample configs for tests: the repository's own stack files, so tests cover what users deploy.

import * as path from "node:path";
import { readStackFile } from "../automation/discovery";
import { ConsumerConfig, OwnerConfig, RawConfig, parseStackConfig } from "../stacks/config";

export const ROOT = path.join(__dirname, "..");

export function rawSample(stack: string): RawConfig {
    return readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`), "cellmesh");
}

export function ownerSample(overrides: RawConfig = {}): OwnerConfig {
    return parseStackConfig({ ...rawSample("acct1"), ...overrides }, "acct1") as OwnerConfig;
}

export function consumerSample(overrides: RawConfig = {}): ConsumerConfig {
    return parseStackConfig({ ...rawSample("acct2"), ...overrides }, "acct2") as ConsumerConfig;
}

/** What the owner stack exports, as a consumer's stack reference sees it after a rollout. */
export const OWNER_OUTPUTS = {
    region: "us-east-1",
    meshName: "multiaccountmeshdemo",
    meshOwner: "111111111111",
    meshArn: "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo",
    sharing: "organization",
    meshShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/mesh-share",
    subnetShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/subnets",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.0.0.0/16",
    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
    namespace: "internal-domain1.com",
};

export const OWNER_WORLD = { accountId: "111111111111", region: "us-east-1", stack: "acct1" };
export const CONSUMER_WORLD = {
    accountId: "222222222222", region: "us-east-1", stack: "acct2",
    stackOutputs: { "organization/cellmesh/acct1": OWNER_OUTPUTS },
};
