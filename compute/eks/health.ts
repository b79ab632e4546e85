// EKS's part of the release gate: each cell's Deployment `<service>-<cell>` in the app namespace,
// read from the cluster's API with the operator's own AWS identity: DescribeCluster gives the
// endpoint and CA, compute/eks/token.ts the bearer token, and one GET of
// /apis/apps/v1/namespaces/<ns>/deployments/<name> the status. The rule is `kubectl rollout status`'s
// (kubernetes/kubectl pkg/polymorphichelpers/rollout_status.go): failed when the Progressing
// condition's reason is ProgressDeadlineExceeded; settled once observedGeneration >= generation and
// updated == available == spec.replicas with no old replicas left.
// The IAM principal also needs an EKS access entry allowing `get` on deployments (docs/releases.md).
// Not @kubernetes/client-node: its 1.x/2.x releases are ES modules only and depend on @types/node 26,
// which this CommonJS project (TypeScript node10 resolution) cannot load cleanly; one GET does not need it.

import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import * as https from "node:https";
import { gateClientConfig, withBackoff } from "../../shared/health/retry";
import type { ComputeHealthReader, HealthScope, WorkloadReading } from "../../shared/health/types";
import { eksToken } from "./token";

/** The parts of a Deployment the gate reads. */
export interface DeploymentStatus {
    readonly metadata?: { readonly generation?: number };
    readonly spec?: { readonly replicas?: number };
    readonly status?: {
        readonly observedGeneration?: number; readonly replicas?: number; readonly updatedReplicas?: number;
        readonly availableReplicas?: number; readonly readyReplicas?: number;
        readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string; readonly message?: string }[];
    };
}

/** How the reader reaches the cluster: GET `path` on the API server; undefined body for 404. */
export type KubernetesGet = (path: string) => Promise<DeploymentStatus | undefined>;

/** A Deployment's status as the gate reads it. */
export function deploymentReading(source: string, d: DeploymentStatus | undefined): WorkloadReading {
    if (!d) return { source, desired: 0, running: 0, failed: "not found", settled: false };
    const desired = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    const progressing = (s.conditions ?? []).find((c) => c.type === "Progressing");
    const failed = progressing?.reason === "ProgressDeadlineExceeded" ? `ProgressDeadlineExceeded${progressing.message ? `: ${progressing.message}` : ""}` : undefined;
    const updated = s.updatedReplicas ?? 0;
    const available = s.availableReplicas ?? 0;
    const settled = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && updated >= desired && (s.replicas ?? 0) <= updated && available >= updated;
    return { source, desired, running: available, ...(failed ? { failed } : {}), settled };
}

/** GET over HTTPS to the cluster's endpoint, trusting only its CA, with the bearer token. */
export function httpsGet(endpoint: string, caBase64: string, token: string): KubernetesGet {
    return (path) => new Promise((resolve, reject) => {
        const req = https.request(new URL(path, endpoint), { method: "GET", ca: Buffer.from(caBase64, "base64"), headers: { authorization: `Bearer ${token}`, accept: "application/json" }, timeout: 15000 }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () => {
                if (res.statusCode === 404) return resolve(undefined);
                if (res.statusCode !== 200) return reject(new Error(`GET ${path}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
                try {
                    resolve(JSON.parse(body) as DeploymentStatus);
                } catch (err) {
                    reject(err);
                }
            });
        });
        req.on("timeout", () => req.destroy(new Error(`GET ${path}: no answer in 15 s`)));
        req.on("error", reject);
        req.end();
    });
}

/** The cluster's API through DescribeCluster and a fresh token. */
async function clusterGet(scope: HealthScope): Promise<KubernetesGet> {
    const name = typeof scope.outputs.clusterName === "string" ? scope.outputs.clusterName : `cellmesh-${scope.stack}`;
    const eks = new EKSClient(gateClientConfig(scope.region, scope.credentials));
    const { cluster } = await withBackoff(() => eks.send(new DescribeClusterCommand({ name })), scope.sleep);
    if (!cluster?.endpoint || !cluster.certificateAuthority?.data) throw new Error(`EKS cluster ${name}: DescribeCluster gave no endpoint or certificate authority`);
    return httpsGet(cluster.endpoint, cluster.certificateAuthority.data, await eksToken(name, scope.region, scope.credentials));
}

/** The reader, given how to reach the cluster (tests pass a fake). */
export function eksHealthWith(connect: (scope: HealthScope) => Promise<KubernetesGet>): ComputeHealthReader {
    return {
        async workloads(scope) {
            const get = await connect(scope);
            const ns = scope.namespace ?? "default";
            const out: Record<string, WorkloadReading> = {};
            for (const cell of scope.cells) {
                const name = `${scope.service}-${cell}`;
                out[cell] = deploymentReading(`Deployment ${ns}/${name}`, await get(`/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments/${encodeURIComponent(name)}`));
            }
            return out;
        },
    };
}

export const eksHealth: ComputeHealthReader = eksHealthWith(clusterGet);
