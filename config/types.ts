// The cellmesh config schema: what the loader (config/load.ts) returns once a stack's config is valid.
// Types only (and the one error class), so stack programs, engines and computes can name them
// without loading the loader.

import type { Compute } from "../compute";
import type { Engine } from "../engines";
import type { CellWeight } from "../shared/cellWeight";
import type { TrafficPolicy } from "../shared/trafficPolicy";
import type { AnyEksSettings } from "./eks";
import type { ReleaseConfig } from "./release";
import type { IngressSecurity, MeshSecurity } from "./security";

/** The mesh engine and the compute: the registries' keys (engines/index.ts, compute/index.ts). */
export type { Compute, Engine };

export type Role = "owner" | "consumer";
export const ROLES: readonly Role[] = ["owner", "consumer"];
/**
 * Where each account's cells run, and so where its target groups live (a strategy, as awsx's
 * `NatGatewayStrategy`). `VpcPerAccount`: every account has a VPC of its own, associated with the
 * owner's service network, AWS's documented multi-account layout for VPC Lattice. `SharedSubnets`:
 * the owner shares its private subnets with RAM and the consumers' tasks and target groups live in
 * the owner's VPC (App Mesh's reference layout; on VPC Lattice unverified on AWS, docs/unverified.md).
 * Configurable on VPC Lattice with ECS only: App Mesh on ECS is always SharedSubnets, EKS always
 * VpcPerAccount.
 */
export type VpcLayout = "VpcPerAccount" | "SharedSubnets";
export const VPC_LAYOUTS: readonly VpcLayout[] = ["VpcPerAccount", "SharedSubnets"];
/** The VPC of a VPC Lattice consumer on ECS when it sets no `cellmesh:vpcCidr` (VPCs joined by Lattice may overlap). */
export const DEFAULT_LATTICE_CONSUMER_VPC_CIDR = "10.0.0.0/16";
/** How many NAT gateways the owner's VPC gets (awsx `NatGatewayStrategy`). */
export type NatGateways = "Single" | "OnePerAz";
export const NAT_GATEWAYS: readonly NatGateways[] = ["Single", "OnePerAz"];
/** RAM sharing scope: inside the AWS Organization only, or with any account (needs an accepter). */
export type Sharing = "organization" | "external";
export const SHARINGS: readonly Sharing[] = ["organization", "external"];
export type EgressFilter = "DROP_ALL" | "ALLOW_ALL";
export const EGRESS_FILTERS: readonly EgressFilter[] = ["DROP_ALL", "ALLOW_ALL"];


/** A service this service calls: one of the same stack, or a virtual service of another account. */
export interface BackendConfig {
    /** `local`: a service of this stack; `remote`: a fully qualified name in another namespace. */
    readonly kind: "local" | "remote";
    /** The backend's service name (`serviceb`). */
    readonly service: string;
    /** The namespace the backend lives in (`internal-domain2.com`). */
    readonly namespace: string;
    /** The App Mesh virtual service name, which is also the DNS name clients dial. */
    readonly virtualServiceName: string;
    /** The port clients dial (the backend's listener port). */
    readonly port: number;
}

export interface ServiceConfig {
    readonly name: string;
    /** The app's port: Envoy's listener, the router's listener and the dial port. */
    readonly port: number;
    /** Container image of the app; unset runs the demo app on a stock public Node image. */
    readonly image?: string;
    readonly backends: readonly BackendConfig[];
    /** Put an internet-facing ALB in front of the cells, split by the cell weights (owner only). */
    readonly ingress: boolean;
    /** Tasks per cell. */
    readonly desiredCount: number;
    readonly cells: readonly CellWeight[];
    /** Protocol, health check, retries, timeouts, limits and cell pinning. */
    readonly traffic: TrafficPolicy;
    /** Extra environment variables for the app (e.g. the endpoints a third-party image expects). */
    readonly environment: Readonly<Record<string, string>>;
    /** The release gate's settings for this service (`release:`), where set. @default the gate's defaults */
    readonly release?: ReleaseConfig;
}

export interface VirtualGatewayConfig {
    /** Envoy's listener port on the gateway. */
    readonly port: number;
    /** Virtual services of other accounts that also get a `/<service>` gateway route. */
    readonly remoteServices: readonly BackendConfig[];
}

/** Security options (mesh TLS, log group KMS key) are in `MeshSecurity` (config/security.ts). */
export interface BaseConfig extends MeshSecurity {
    /** The Pulumi stack name (`acct1`). */
    readonly stack: string;
    readonly region: string;
    /** The stack's own account, from `aws:allowedAccountIds`. */
    readonly accountId: string;
    readonly profile?: string;
    /** `lattice` (default) or `appmesh`; every stack of a mesh uses the same engine. */
    readonly engine: Engine;
    readonly compute: Compute;
    /** Where the mesh's accounts run their cells (set by `cellmesh:vpcLayout` on VPC Lattice with ECS; fixed elsewhere). */
    readonly vpcLayout: VpcLayout;
    /** The account's private DNS namespace (`internal-domain1.com`): Cloud Map on App Mesh, a Route 53 private hosted zone on Lattice. */
    readonly namespace: string;
    readonly services: readonly ServiceConfig[];
    /** Envoy image override; defaults to the regional App Mesh Envoy image. */
    readonly envoyImage?: string;
    readonly logRetentionDays: number;
    /** Cluster, nodes and the engine's controller (set exactly when compute is eks; `EksSettings` on App Mesh, `LatticeEksSettings` on Lattice). */
    readonly eks?: AnyEksSettings;
}

/** A VPC cellmesh creates: the owner's (both variants), and each consumer's own on EKS. */
export interface NetworkConfig {
    readonly vpcCidr: string;
    readonly natGateways: NatGateways;
    readonly availabilityZones: number;
}

/** ALB HTTPS and access logs are in `IngressSecurity` (config/security.ts). */
export interface OwnerConfig extends BaseConfig, IngressSecurity {
    readonly role: "owner";
    readonly meshName: string;
    /** Consumer account ids the mesh (and, on ECS, the private subnets) are shared with. */
    readonly consumers: readonly string[];
    readonly network: NetworkConfig;
    readonly sharing: Sharing;
    readonly egressFilter: EgressFilter;
    readonly virtualGateway?: VirtualGatewayConfig;
}

/** How a consumer stack reaches the owner account (for the owner-side half of the DNS association). */
export type OwnerAccess = { readonly profile: string } | { readonly roleArn: string };

export interface ConsumerConfig extends BaseConfig {
    readonly role: "consumer";
    /** Fully qualified owner stack (`organization/cellmesh/acct1`). */
    readonly ownerStack: string;
    readonly ownerAccess: OwnerAccess;
    /** Create the `AWSServiceRoleForAppMesh` service-linked role (fails if it already exists). */
    readonly createServiceLinkedRole: boolean;
    /** CIDR of the tiny VPC that anchors the consumer's private DNS namespace in its own account (ECS). */
    readonly placeholderVpcCidr: string;
    /**
     * The consumer's own VPC: always on EKS (peered with the owner's on App Mesh, associated with the
     * service network on Lattice); on ECS with VPC Lattice unless `cellmesh:vpcLayout` is SharedSubnets.
     */
    readonly network?: NetworkConfig;
    /** The rollout wave (`cellmesh:wave`, default 1): consumers roll out wave by wave after the owner. */
    readonly wave: number;
}

export type CellmeshConfig = OwnerConfig | ConsumerConfig;

/** Raw config values by fully qualified key (`aws:region`, `cellmesh:services`), as Pulumi or YAML gives them. */
export type RawConfig = Readonly<Record<string, unknown>>;

/** Thrown when a stack's config is invalid; `problems` holds one line per bad key. */
export class ConfigError extends Error {
    constructor(public readonly stack: string, public readonly problems: readonly string[]) {
        super(`Invalid cellmesh config for stack "${stack}":\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
    }
}
