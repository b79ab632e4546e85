// EKS compute: each cell is a Deployment whose pods the App Mesh controller injects with Envoy
// (the VirtualNode's podSelector matches the cell's labels). No proxy configuration here: the
// injector adds the sidecar and its init container. With mesh TLS the cell's pods run under a
// service account of their own whose IRSA role may export exactly the cell's certificate.
// `cellDeployment` is the Deployment alone, for both engines (VPC Lattice: no virtual node, no Envoy).

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellCompute, CellWorkload } from "../cellCompute";
import { DEMO_APP_IMAGE, demoAppSource } from "../demoApp";
import { policyJson } from "../../shared/iam";
import { meshTlsStatements } from "../../engines/appmesh/meshTls";
import { serviceAccountTrustPolicy } from "../../shared/controllerInstall";
import { cellLabels } from "./labels";

export interface EksDeploymentSettings {
    readonly provider: k8s.Provider;
    /** The mesh-labelled namespace the pods run in. */
    readonly namespace: string;
    /** The cluster's IAM OIDC provider (IRSA for cells that need AWS permissions). */
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuer: pulumi.Input<string>;
}

/** The demo image's unprivileged user (`node`). */
const NODE_UID = 1000;

/** The pod's one container (Envoy is injected). */
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

/** One cell's pods, whatever the engine. */
export interface CellPods {
    readonly service: string;
    readonly cell: string;
    readonly port: number;
    /** The user's image; undefined runs the demo app. */
    readonly image?: string;
    readonly desiredCount: number;
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
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
    /** One Deployment per cell in the app namespace. */
    deployments(settings: EksDeploymentSettings): CellCompute {
        return {
            kind: "eks",
            deployCell(name: string, w: CellWorkload, opts: pulumi.ComponentResourceOptions): pulumi.Resource {
                const labels = cellLabels(w.service, w.cell);
                const cellName = `${w.service}-${w.cell}`;
                const inCluster = { parent: opts.parent, provider: settings.provider };
                // Mesh TLS: the injected Envoy fetches the cell's certificate with the pod's credentials.
                const serviceAccount = w.meshTls && (() => {
                    const role = new aws.iam.Role(`${name}-envoy-role`, {
                        description: `Envoy of ${cellName}: exports the cell's own mesh TLS certificate`,
                        assumeRolePolicy: serviceAccountTrustPolicy(settings.oidcProviderArn, settings.oidcIssuer, settings.namespace, cellName),
                    }, { parent: opts.parent });
                    new aws.iam.RolePolicy(`${name}-envoy-role-policy`, {
                        role: role.id, policy: policyJson(meshTlsStatements(w.meshTls!.policy, w.meshTls!.certificateArn)),
                    }, { parent: opts.parent });
                    return new k8s.core.v1.ServiceAccount(`${name}-service-account`, {
                        metadata: { name: cellName, namespace: settings.namespace, labels, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
                    }, inCluster);
                })();
                return cellDeployment(name, settings, {
                    ...w,
                    ...(serviceAccount ? { serviceAccountName: serviceAccount.metadata.name } : {}),
                }, { parent: opts.parent, dependsOn: [w.virtualNode] });
            },
        };
    },
};
