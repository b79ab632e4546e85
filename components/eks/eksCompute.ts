// EKS compute: each cell is a Deployment whose pods the App Mesh controller injects with Envoy
// (the VirtualNode's podSelector matches the cell's labels). No proxy configuration or task
// roles here: the injector adds the sidecar and its init container.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CellCompute, CellWorkload } from "../compute";
import { DEMO_APP_IMAGE } from "../ecs/containers";
import { demoAppSource } from "../ecs/ecsCompute";
import { cellLabels } from "./labels";

export interface EksDeploymentSettings {
    readonly provider: k8s.Provider;
    /** The mesh-labelled namespace the pods run in. */
    readonly namespace: string;
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

export const EksCompute = {
    /** One Deployment per cell in the app namespace. */
    deployments(settings: EksDeploymentSettings): CellCompute {
        const source = demoAppSource();
        return {
            kind: "eks",
            deployCell(name: string, w: CellWorkload, opts: pulumi.ComponentResourceOptions): pulumi.Resource {
                const labels = cellLabels(w.service, w.cell);
                return new k8s.apps.v1.Deployment(name, {
                    metadata: { name: `${w.service}-${w.cell}`, namespace: settings.namespace, labels },
                    spec: {
                        replicas: w.desiredCount,
                        selector: { matchLabels: labels },
                        template: {
                            metadata: { labels },
                            spec: { containers: [appContainerSpec(w, source)] },
                        },
                    },
                }, { parent: opts.parent, provider: settings.provider, dependsOn: [w.virtualNode] });
            },
        };
    },
};
