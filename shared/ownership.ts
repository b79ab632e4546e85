// Who owns the shared network (an App Mesh mesh or a VPC Lattice service network): the owner
// account creates it and shares it with RAM; a consumer adopts it, accepting the share first when it
// came from outside the organization. Each engine's network component extends these two shapes
// with what is its own and builds them through static factories (`create`, `adopt`), so owner-only
// and consumer-only options cannot be mixed.

import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { RamShare } from "./ramShare";

/** Owner side: create the network and share it with the consumer accounts. */
export interface CreateOwnership {
    readonly kind: "create";
    /** Accounts the network is shared with; one RAM principal association each. */
    readonly consumerAccountIds: readonly string[];
    /** @default false: share inside the AWS Organization only */
    readonly allowExternalPrincipals?: boolean;
}

/** Consumer side: adopt the network another account shared (nothing to create unless the share is external). */
export interface AdoptOwnership {
    readonly kind: "adopt";
    /** Set when the owner shared outside the organization: the share must then be accepted here. */
    readonly externalShareArn?: pulumi.Input<string>;
    /** Other resources the network's children must wait for. @default [] */
    readonly prerequisites?: readonly pulumi.Resource[];
}

/** Throws unless an owner shares with at least one consumer account. */
export function requireConsumers(component: string, what: string, own: CreateOwnership): void {
    if (own.consumerAccountIds.length === 0) {
        throw new Error(`${component}: the owner must share the ${what} with at least one consumer account`);
    }
}

/** The owner's RAM share `<name>-share` of one ARN (keyed `key`) with the consumer accounts. */
export function shareWithConsumers(name: string, key: string, arn: pulumi.Input<string>, own: CreateOwnership, parent: pulumi.Resource): RamShare {
    return new RamShare(`${name}-share`, {
        resources: { [key]: arn },
        principals: own.consumerAccountIds,
        allowExternalPrincipals: own.allowExternalPrincipals ?? false,
    }, { parent });
}

/**
 * What a consumer's children of the network wait for: the prerequisites, and outside an
 * organization the accepted share `<name>-accept` (reference facts 1 and 4: nothing may be created
 * in a shared network before the share is usable).
 */
export function adoptionReady(name: string, own: AdoptOwnership, parent: pulumi.Resource): pulumi.Resource[] {
    const ready = [...(own.prerequisites ?? [])];
    if (own.externalShareArn !== undefined) {
        ready.push(new aws.ram.ResourceShareAccepter(`${name}-accept`, { shareArn: own.externalShareArn }, { parent }));
    }
    return ready;
}
