// The owner -> consumer contract: the outputs an owner stack exports and consumers read through their
// stack reference, declared once and typed on both sides. The owner's program returns an object that
// satisfies it; a consumer reads it only through `OwnerReference`, whose keys are checked at compile
// time. Each engine adds its own part (engines/<engine>/contract.ts).

import * as aws from "../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Compute, Engine, OwnerAccess, Sharing } from "../config/types";

/** What every owner exports, whatever its engine and compute. */
export interface OwnerContract {
    /** Consumers check they run the same engine (owners that predate the Lattice engine export none: App Mesh). */
    readonly engine: Engine;
    /** Consumers check they run the same compute (owners that predate EKS export none: ECS). */
    readonly compute: Compute;
    readonly region: string;
    /** `external`: consumers must accept the RAM shares. */
    readonly sharing: Sharing;
    /** The owner's private DNS namespace (`internal-domain1.com`). */
    readonly namespace: string;
    /** The owner's VPC and its CIDR: consumers associate their zones with it (and peer with it on App Mesh EKS). */
    readonly vpcId: string;
    readonly vpcCidr: string;
    /** The owner VPC's private subnets (ECS): where consumers in the shared-subnets layout run. */
    readonly privateSubnetIds?: string[];
    /** The RAM share of those subnets (ECS). */
    readonly subnetShareArn?: string;
    /** The namespace's private hosted zone: consumers with a VPC of their own associate it (EKS, Lattice). */
    readonly hostedZoneId?: string;
    /** `{ service: { cell: weight } }`, for status and plans. */
    readonly weights: Record<string, Record<string, number>>;
}

/**
 * An owner program's outputs: every key the contract requires is present (values may still be
 * Outputs); the owner may export more, for people and tools.
 */
export type OwnerOutputs<C> =
    & { readonly [K in keyof C as undefined extends C[K] ? never : K]: unknown }
    & { readonly [K in keyof C as undefined extends C[K] ? K : never]?: unknown }
    & Readonly<Record<string, unknown>>;

/** The owner stack as a consumer program sees it: typed outputs, and the means to act in its account. */
export interface OwnerReference<C extends OwnerContract = OwnerContract> {
    /** The owner's stack name (`organization/cellmesh/acct1`). */
    readonly stack: string;
    /** An output, as an Output (it may be unknown at preview). */
    output<K extends keyof C & string>(key: K): pulumi.Output<NonNullable<C[K]>>;
    /** An output as a plain value, for decisions about what to create (undefined when absent). */
    plain<K extends keyof C & string>(key: K): Promise<C[K] | undefined>;
    /** The owner shared outside its organization: shares must be accepted here. */
    readonly external: boolean;
    /** The owner's account id (the mesh's or service network's), from the output the engine names. */
    readonly accountId: pulumi.Output<string>;
    /** Provider for the owner account: the owner-side halves of DNS associations and peering. */
    readonly provider: aws.Provider;
}

/** Provider arguments that reach the owner account with the access the config names. */
export function ownerProviderArgs(region: string, access: OwnerAccess, ownerAccountId: pulumi.Input<string>): aws.ProviderArgs {
    return {
        region,
        ...("profile" in access ? { profile: access.profile } : { assumeRoles: [{ roleArn: access.roleArn, sessionName: "cellmesh-dns-association" }] }),
        // Same guard as the stack's own provider: never act in an account other than the owner's.
        allowedAccountIds: [ownerAccountId],
    };
}
