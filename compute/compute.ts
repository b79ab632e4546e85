// The compute seam: where an account's cells run (an ECS Fargate cluster, or an EKS cluster) and in
// which network. A compute kind is chosen once by `cellmesh:compute` (compute/index.ts); the engine
// then runs its cells there through a `CellCompute` (compute/cellCompute.ts).

import type { Vpc } from "@pulumi/awsx/ec2";
import type * as pulumi from "@pulumi/pulumi";
import type { AnyEksSettings } from "../config/eks";
import type { Problems } from "../config/problems";
import type { EngineEksRules } from "../engines/engine";
import type { ComputeHealthReader } from "../shared/health/types";
import type { StackContext } from "../stacks/context";
import type { DerivedName } from "./names";

/** Where an account's cells run. */
export interface CellPlacement {
    /** `own-vpc`: a VPC of the account's own; `owner-vpc`: the owner's private subnets, shared with RAM. */
    readonly kind: "own-vpc" | "owner-vpc";
    /** The account's own VPC (`own-vpc`). */
    readonly vpc?: Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Names this VPC's association with a service network (`mesh-<joinKey>-vpc`). */
    readonly joinKey: string;
    /** What the account's mesh objects wait for: the accepted subnet share outside an organization. */
    readonly ready: pulumi.Resource[];
    /** The owner's RAM share of its private subnets, when it shares them. */
    readonly subnetShareArn?: pulumi.Output<string>;
}

/** What a compute kind builds: where an account's cells run, and the cluster they run in. */
export interface ComputeProgram<Platform> {
    /** The account's network for its cells: a VPC of its own, or the owner's shared subnets. */
    placement(s: StackContext): CellPlacement;
    /** The account's cluster in that network. */
    platform(s: StackContext, placement: CellPlacement): Platform;
}

/** What a compute kind reads from a stack's config (config/load.ts applies it). Pure. */
export interface ComputeConfig {
    /** Its own settings key (`cellmesh:eks`) and their parser, given the engine's fields for it. @default none */
    readonly settings?: {
        readonly key: string;
        parse(p: Problems, raw: unknown, engineRules: EngineEksRules): AnyEksSettings;
    };
    /** Whether a consumer's cells may run in the owner's shared subnets (SharedSubnets). */
    readonly sharedSubnets: boolean;
    /** Why a consumer of this compute has no placeholder VPC, when it never has one. */
    readonly noPlaceholderVpc?: string;
    /** The owner VPC's CIDR when the config names none. */
    readonly ownerVpcCidr: string;
    /** A consumer's own VPC's CIDR when the config names none. @default the config must name one */
    readonly consumerVpcCidr?: string;
    /** The AWS names it makes from the stack's name, services and cells (compute/names.ts), for the loader to check. */
    derivedNames(stack: string, services: readonly { readonly name: string; readonly cells: readonly { readonly name: string }[] }[]): DerivedName[];
}

/**
 * One compute kind as the registry holds it: light, so the config loader, the plan and the driver
 * can read it without loading Pulumi's providers; what it builds is loaded on first use.
 */
export interface ComputeKind<Platform> {
    /** For messages (`ECS Fargate`, `EKS`). */
    readonly title: string;
    readonly config: ComputeConfig;
    program(): Promise<ComputeProgram<Platform>>;
    /** What the release gate reads about each cell's tasks or pods, loaded on first use (it loads the AWS SDK). */
    health(): Promise<ComputeHealthReader>;
}
