// The AWS provider's modules the program uses, each loaded from its own path. `@pulumi/aws`'s index
// loads all of its ~250 service modules at once: 0.08 to 0.12 s of every `npm run plan` and `pulumi up`
// (docs/testing.md). Import `* as aws from "<relative>/shared/aws"` instead of "@pulumi/aws"; a test
// (tests/tools/awsImports.test.ts) keeps it so. A module used for the first time gets a line here.

export * as acm from "@pulumi/aws/acm";
export * as appmesh from "@pulumi/aws/appmesh";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecs from "@pulumi/aws/ecs";
export * as iam from "@pulumi/aws/iam";
export * as lb from "@pulumi/aws/lb";
export * as ram from "@pulumi/aws/ram";
export * as route53 from "@pulumi/aws/route53";
export * as servicediscovery from "@pulumi/aws/servicediscovery";
export * as vpc from "@pulumi/aws/vpc";
export * as vpclattice from "@pulumi/aws/vpclattice";
export { Provider } from "@pulumi/aws/provider";
export type { ProviderArgs } from "@pulumi/aws/provider";
export type * as types from "@pulumi/aws/types";
