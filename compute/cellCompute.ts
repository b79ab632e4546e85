// The seam between a cell's identity in the mesh and what runs it. An engine's cell service (App
// Mesh's virtual node, Lattice's target group) hands the compute a `CellRegistration`: what the
// engine needs in the cell's Fargate task or pods, the shape of CDK aws-appmesh's
// `ServiceDiscovery.bind()`. The compute (ECS Fargate, EKS) runs the app and applies it.

import type * as aws from "../shared/aws";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { CellWeight } from "../shared/cellWeight";
import type { PolicyStatement } from "../shared/iam";
import type { FargateIngressRule, FargateRegistration } from "./ecs/fargateService";

/** Everything a compute needs to run one cell of one service, whatever the engine. */
export interface CellWorkload {
    readonly service: string;
    readonly cell: string;
    /** The app's port. */
    readonly port: number;
    /** The user's image; undefined runs the demo app. */
    readonly image?: string;
    readonly desiredCount: number;
    /** Environment for the app (SERVICE_NAME, CELL_NAME, PORT, BACKENDS and the user's). */
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
    /** Set for an entry service on ECS: the cell's ALB target group (tasks register there too). */
    readonly loadBalancer?: CellLoadBalancer;
}

export interface CellLoadBalancer {
    readonly targetGroupArn: pulumi.Input<string>;
    readonly securityGroupId: pulumi.Input<string>;
    /** The listener: ECS refuses a target group that no load balancer uses yet. */
    readonly listener: pulumi.Resource;
}

/** A task's security group (what it says, who may reach which port, the egress rule's description) and size. */
export interface FargateTaskNetwork {
    readonly securityGroupDescription: string;
    readonly ingress: readonly FargateIngressRule[];
    readonly egressDescription: string;
    /** CPU units and MiB. */
    readonly cpu: string;
    readonly memory: string;
}

/** What an engine needs in a cell's Fargate task. */
export interface EcsCellBinding {
    /** The task's containers around the app container (sidecars, and what the app waits for). */
    containers(app: aws.ecs.ContainerDefinition, logGroupName: string): aws.ecs.ContainerDefinition[];
    readonly proxyConfiguration?: aws.types.input.ecs.TaskDefinitionProxyConfiguration;
    /** The task role's statements. @default no task role */
    readonly taskStatements?: readonly PolicyStatement[];
    /** Images besides the app's that the task pulls (their ECR repositories are granted). @default [] */
    readonly images?: readonly string[];
    /** The task's security group and size, given its family (`<stack>-<service>-<cell>`). */
    network(family: string): FargateTaskNetwork;
    /** Where ECS registers the tasks (a Cloud Map service, a Lattice target group). */
    readonly registration?: FargateRegistration;
    /** What the ECS service waits for. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** The component type the engine's cells were first deployed under (their URNs keep it). */
    readonly alias?: string;
}

/** The cluster a cell's pods run in, for bindings that make Kubernetes or IRSA objects. */
export interface EksCellCluster {
    readonly provider: k8s.Provider;
    /** The app namespace. */
    readonly namespace: string;
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuer: pulumi.Input<string>;
}

/** What an engine needs in a cell's pods. */
export interface EksCellBinding {
    /** What the pods must not start before (App Mesh: the virtual node that injects their Envoy). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** The pods' service account, made when they need AWS permissions; returns its name. @default the namespace's default */
    serviceAccount?(name: string, cluster: EksCellCluster, parent: pulumi.Resource | undefined): pulumi.Input<string>;
}

/** What an engine hands the compute for one cell: a binding per compute it runs on. */
export interface CellRegistration {
    readonly ecs?: EcsCellBinding;
    readonly eks?: EksCellBinding;
}

/** Runs cells: ECS Fargate services or EKS Deployments. */
export interface CellCompute {
    /** The compute (`ecs`, `eks`), for plans and messages. */
    readonly kind: "ecs" | "eks";
    deployCell(name: string, workload: CellWorkload, registration: CellRegistration, opts: pulumi.ComponentResourceOptions): pulumi.Resource;
}

/** The binding a compute needs from a registration; an engine that cannot run there is a programming error. */
export function bindingFor<K extends keyof CellRegistration>(registration: CellRegistration, kind: K, cell: string): NonNullable<CellRegistration[K]> {
    const binding = registration[kind];
    if (!binding) throw new Error(`cell ${cell}: its engine gave no ${kind} binding; it cannot run on ${kind}`);
    return binding as NonNullable<CellRegistration[K]>;
}

/** What a service's cells have in common, as its cell service knows it. */
export interface CellServiceShape {
    readonly service: string;
    readonly port: number;
    readonly image?: string;
    /** @default 1 */
    readonly desiredCount?: number;
    /** The user's variables. @default {} */
    readonly environment?: Readonly<Record<string, string>>;
}

/**
 * One cell's workload, whatever the engine: the service's app, port and image, the environment
 * (with the names of the backends it dials), and its target group of the entry ALB if any. A cell's
 * own `overrides` replace the service's image and count and add to its environment, so a cell
 * running another version changes only its own task definition or Deployment.
 */
export function cellWorkload(
    s: CellServiceShape, cell: CellWeight, backends: readonly { readonly host: string; readonly port: number }[],
    entry?: { readonly targetGroupArns: Readonly<Record<string, pulumi.Input<string>>>; readonly securityGroupId: pulumi.Input<string>; readonly listener: pulumi.Resource },
): CellWorkload {
    const own = cell.overrides ?? {};
    const environment = own.environment ? { ...s.environment, ...own.environment } : s.environment;
    return {
        service: s.service,
        cell: cell.name,
        port: s.port,
        image: own.image ?? s.image,
        desiredCount: own.desiredCount ?? s.desiredCount ?? 1,
        environment: cellEnvironment(s.service, cell.name, s.port, backends, environment),
        ...(entry ? { loadBalancer: { targetGroupArn: entry.targetGroupArns[cell.name], securityGroupId: entry.securityGroupId, listener: entry.listener } } : {}),
    };
}

/**
 * The app's environment in every cell, whatever the engine or compute: the user's variables, then
 * what cellmesh sets (SERVICE_NAME, CELL_NAME, PORT, and BACKENDS as `http://<name>:<port>` URLs).
 */
export function cellEnvironment(
    service: string, cell: string, port: number,
    backends: readonly { readonly host: string; readonly port: number }[],
    extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
    return {
        ...extra,
        SERVICE_NAME: service,
        CELL_NAME: cell,
        PORT: String(port),
        BACKENDS: backends.map((b) => `http://${b.host}:${b.port}`).join(","),
    };
}
