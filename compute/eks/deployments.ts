// EKS compute: each cell is a Deployment `<service>-<cell>` of the app alone, its pods labelled with
// the cell's labels (App Mesh's VirtualNode and Lattice's cell Service select on them), with what its
// engine's registration adds: what the pods wait for, and a service account of their own when they
// need AWS permissions (App Mesh with mesh TLS). App Mesh's controller injects Envoy itself.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellCompute, CellRegistration, CellWorkload, EksCellCluster, bindingFor } from "../cellCompute";
import { DEMO_APP_IMAGE, demoAppSource } from "../demoApp";
import { cellLabels } from "./labels";

/** The demo image's unprivileged user (`node`). */
const NODE_UID = 1000;

/** The pod's one container (App Mesh's controller injects Envoy beside it). */
export function appContainerSpec(w: Pick<CellWorkload, "image" | "port" | "environment">, demoSource: string): k8s.types.input.core.v1.Container {
    return {
        name: "app",
        image: w.image ?? DEMO_APP_IMAGE,
        ...(w.image === undefined ? { command: ["node", "-e", demoSource] } : {}),
        ports: [{ name: "app", containerPort: w.port, protocol: "TCP" }],
        env: Object.entries(w.environment).map(([name, value]) => ({ name, value })),
        // The demo app runs fully locked down; a user's image (a database that drops root itself,
        // say) gets only the guard that never breaks one.
        securityContext: w.image === undefined
            ? { runAsNonRoot: true, runAsUser: NODE_UID, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } }
            : { allowPrivilegeEscalation: false },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    };
}

/** One cell's pods, whatever the engine: the cell's workload (an ALB target group is ECS's only). */
export interface CellPods extends Omit<CellWorkload, "loadBalancer"> {
    /** @default the namespace's default service account */
    readonly serviceAccountName?: pulumi.Input<string>;
}

/**
 * The Deployment `<service>-<cell>` of one cell in `namespace`: the app container alone, pods
 * labelled with the cell's `cellLabels` (App Mesh's VirtualNode and Lattice's cell Service select
 * on them). `dependsOn` is what the pods must not start before (App Mesh: the virtual node).
 */
export function cellDeployment(
    name: string, settings: { readonly provider: k8s.Provider; readonly namespace: string }, pods: CellPods,
    opts: { readonly parent?: pulumi.Resource; readonly dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> },
): k8s.apps.v1.Deployment {
    const labels = cellLabels(pods.service, pods.cell);
    return new k8s.apps.v1.Deployment(name, {
        metadata: { name: `${pods.service}-${pods.cell}`, namespace: settings.namespace, labels },
        spec: {
            replicas: pods.desiredCount,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    ...(pods.serviceAccountName ? { serviceAccountName: pods.serviceAccountName } : {}),
                    containers: [appContainerSpec(pods, pods.image === undefined ? demoAppSource() : "")],
                },
            },
        },
    }, { parent: opts.parent, provider: settings.provider, ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}) });
}

export const EksCompute = {
    /** One Deployment per cell in the app namespace, with what its engine's registration adds. */
    deployments(settings: EksCellCluster): CellCompute {
        return {
            kind: "eks",
            deployCell(name: string, w: CellWorkload, registration: CellRegistration, opts: pulumi.ComponentResourceOptions): pulumi.Resource {
                const b = bindingFor(registration, "eks", `${w.service}-${w.cell}`);
                const serviceAccountName = b.serviceAccount?.(name, settings, opts.parent);
                return cellDeployment(name, settings, {
                    ...w,
                    ...(serviceAccountName ? { serviceAccountName } : {}),
                }, { parent: opts.parent, ...(b.dependsOn ? { dependsOn: [...b.dependsOn] } : {}) });
            },
        };
    },
};
