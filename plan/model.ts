// The plan's data model: what `npm run plan --json` prints and `--diff` compares. Plain JSON, no
// Pulumi objects, so a saved plan can be read back by any tool.

import type { Engine } from "../engines";

/** One registered resource (custom, component or provider), as the mock engine received it. */
export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** `custom` resources are cloud objects; `component`s group them; `remote` components are expanded by their provider at deploy time. */
    readonly kind: "custom" | "component" | "remote-component" | "provider" | "read";
    /** Parent URN; absent for the stack's top-level resources. */
    readonly parent?: string;
    /** URN of the explicit provider (a `pulumi:providers:*` resource of the plan); absent: the stack's default provider. */
    readonly provider?: string;
    /** The AWS account the resource is created in (its provider's `allowedAccountIds`, else the stack's). */
    readonly account: string;
    /** Set when the account is derived from a computed value (e.g. another stack's mesh owner). */
    readonly accountFrom?: string;
    /** URNs this resource waits for (explicit `dependsOn` and the resources its inputs come from). */
    readonly dependencies: readonly string[];
    /** Inputs as the provider would receive them; values only AWS knows are `<computed: ...>` markers. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Earlier component types the resource is aliased to (a renamed component keeps its deployed URN). */
    readonly aliases?: readonly string[];
}

/** A provider function (data source) the program calls; its results are computed. */
export interface PlannedInvoke {
    readonly token: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

export interface StackPlan {
    readonly stack: string;
    readonly role: "owner" | "consumer";
    /** The mesh engine (`cellmesh:engine`): `appmesh` or `lattice`. */
    readonly engine: Engine;
    readonly account: string;
    readonly region: string;
    /** The stack outputs the program exports (computed values as markers). */
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly resources: readonly PlannedResource[];
    readonly invokes: readonly PlannedInvoke[];
    /** Outputs read through each stack reference, by reference name. */
    readonly stackReferences: Readonly<Record<string, { readonly stack: string; readonly outputs: readonly string[] }>>;
}

export type EdgeKind =
    | "ram-share" | "ram-accept" | "dns-authorization" | "dns-association" | "vpc-peering"
    | "stack-reference" | "mesh-backend" | "shared-mesh" | "cross-stack-value" | "cross-account-resource";

/** A link between two accounts that the plan found in the resources. */
export interface CrossAccountEdge {
    readonly kind: EdgeKind;
    readonly fromStack: string;
    readonly fromAccount: string;
    readonly toStack?: string;
    readonly toAccount: string;
    /** One line, e.g. `RAM share mesh-share (Mesh mesh-mesh) shared with 222222222222`. */
    readonly detail: string;
    /** URNs of the resources that make the link. */
    readonly resources: readonly string[];
}

export interface CellWeight {
    readonly cell: string;
    /** The virtual node the route targets (Lattice: the cell's target group). */
    readonly node: string;
    readonly weight: number;
    /** weight / sum of the route's weights, in percent. */
    readonly percent: number;
}

export interface ServiceWeights {
    readonly stack: string;
    readonly account: string;
    /** The name clients dial: the virtual service (App Mesh) or the Lattice service's custom domain name. */
    readonly service: string;
    /**
     * Where the weights live: an App Mesh route, a VPC Lattice listener (its default action; ECS), or
     * a Gateway API HTTPRoute's backendRefs, which the AWS Gateway API Controller copies into the
     * Lattice target group weights (EKS).
     */
    readonly source: "route" | "lattice-listener" | "httproute";
    /** The route's (the Lattice listener's, the HTTPRoute's) resource name. */
    readonly route: string;
    readonly cells: readonly CellWeight[];
    /** Routes (Lattice: listener rules) that pin requests to one cell, whatever the weights (e.g. `cell1 by header x-cell: cell1`). */
    readonly pins?: readonly string[];
    /**
     * Each cell's image (`demo app` for the demo app), present only when the cells run different
     * images (a version per cell, `cells.<cell>.image`); absent, every cell runs the service's.
     */
    readonly images?: Readonly<Record<string, string>>;
    /** The ingress ALB listener's split, when the service has one. */
    readonly alb?: { readonly listener: string; readonly targets: readonly { readonly cell: string; readonly weight: number; readonly percent: number }[] };
}

export interface Plan {
    readonly version: 1;
    readonly project: string;
    readonly generator: string;
    /** Every planned stack, owner first (including stacks run only to feed a selected one's references). */
    readonly stacks: readonly StackPlan[];
    /** Stacks the user selected with --stack (all by default). */
    readonly selected: readonly string[];
    readonly edges: readonly CrossAccountEdge[];
    readonly weights: readonly ServiceWeights[];
}
