// The App Mesh controller in one cluster (reference fact 21): an IRSA role scoped to this mesh and
// this account's Cloud Map namespace, the Helm release (its chart installs the CRDs), the app
// namespace labelled for the mesh and for sidecar injection, and the Mesh custom resource.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EKS_CHARTS_REPO, installController, serviceAccountTrustPolicy } from "../../../shared/controllerInstall";
import { PolicyStatement } from "../../../shared/iam";
import { APPMESH_API_VERSION } from "./crdSpecs";
import { meshNamespaceLabels } from "../../../compute/eks/labels";
import { renamedFrom } from "../../../shared/renamed";

export const CONTROLLER_NAMESPACE = "appmesh-system";
export const CONTROLLER_SERVICE_ACCOUNT = "appmesh-controller";

export interface AppMeshControllerArgs {
    readonly provider: k8s.Provider;
    readonly region: string;
    /** The cluster's account (the chart's `accountId` value). */
    readonly accountId: string;
    readonly partition: string;
    /** The cluster's IAM OIDC provider, for the controller's IRSA role. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The provider's issuer without `https://` (`oidc.eks.<region>.amazonaws.com/id/<id>`). */
    readonly oidcIssuer: pulumi.Input<string>;
    /** Exact `appmesh-controller` chart version. */
    readonly chartVersion: string;
    readonly meshName: pulumi.Input<string>;
    readonly meshArn: pulumi.Input<string>;
    /**
     * Set in a consumer cluster: the owner's account. The Mesh object then refers to the shared
     * mesh instead of creating one of the same name (reference facts 4 and 22).
     */
    readonly meshOwner?: pulumi.Input<string>;
    /** @default "DROP_ALL" (owner only) */
    readonly egressFilter?: "DROP_ALL" | "ALLOW_ALL";
    /** The Cloud Map namespace the controller registers pods in, and its Route 53 zone. */
    readonly cloudMapNamespaceArn: pulumi.Input<string>;
    readonly hostedZoneId: pulumi.Input<string>;
    /** Kubernetes namespace of the services. */
    readonly appNamespace: string;
    /** Set with mesh TLS: the controller then reads the cells' certificates and the CA. */
    readonly meshTlsCertificateAuthorityArn?: string;
    /** Envoy image the injector uses. @default the chart's */
    readonly envoyImage?: string;
    /** What the Mesh object waits for: the mesh itself, or the accepted share. */
    readonly meshReady: readonly pulumi.Resource[];
}

/** The IRSA trust policy: only the controller's service account of this cluster may assume the role. */
export function controllerTrustPolicy(oidcProviderArn: pulumi.Input<string>, oidcIssuer: pulumi.Input<string>): pulumi.Output<string> {
    return serviceAccountTrustPolicy(oidcProviderArn, oidcIssuer, CONTROLLER_NAMESPACE, CONTROLLER_SERVICE_ACCOUNT);
}

/**
 * What the controller calls, scoped to this mesh, this account's Cloud Map services and this
 * namespace's zone. `*` only where the action has no resource type: appmesh:ListMeshes,
 * servicediscovery:ListNamespaces/ListServices/GetOperation and route53:CreateHealthCheck (which
 * Cloud Map may call on registration); the policy pack's STAR_RESOURCE_ACTIONS lists each reason.
 */
export function controllerStatements(a: Pick<AppMeshControllerArgs, "meshArn" | "region" | "accountId" | "partition" | "cloudMapNamespaceArn" | "hostedZoneId" | "meshTlsCertificateAuthorityArn">): PolicyStatement[] {
    const verbs = ["Describe", "Create", "Update", "Delete"];
    const kinds = ["VirtualNode", "VirtualRouter", "Route", "VirtualService", "VirtualGateway", "GatewayRoute"];
    return [
        {
            Sid: "AppMeshThisMesh",
            Effect: "Allow",
            Action: [
                ...verbs.map((v) => `appmesh:${v}Mesh`),
                ...verbs.flatMap((v) => kinds.map((k) => `appmesh:${v}${k}`)),
                ...kinds.map((k) => `appmesh:List${k}s`),
            ],
            Resource: [a.meshArn, pulumi.interpolate`${a.meshArn}/*`],
        },
        { Sid: "AppMeshListMeshes", Effect: "Allow", Action: "appmesh:ListMeshes", Resource: "*" },
        {
            Sid: "CloudMapServices",
            Effect: "Allow",
            Action: [
                "servicediscovery:CreateService", "servicediscovery:GetNamespace",
                "servicediscovery:GetService", "servicediscovery:DeleteService", "servicediscovery:GetInstance",
                "servicediscovery:RegisterInstance", "servicediscovery:DeregisterInstance", "servicediscovery:ListInstances",
                "servicediscovery:GetInstancesHealthStatus", "servicediscovery:UpdateInstanceCustomHealthStatus",
            ],
            Resource: [a.cloudMapNamespaceArn, `arn:${a.partition}:servicediscovery:${a.region}:${a.accountId}:service/*`],
        },
        { Sid: "CloudMapLists", Effect: "Allow", Action: ["servicediscovery:ListNamespaces", "servicediscovery:ListServices", "servicediscovery:GetOperation"], Resource: "*" },
        { Sid: "CloudMapRecords", Effect: "Allow", Action: ["route53:ChangeResourceRecordSets", "route53:GetHostedZone"], Resource: pulumi.interpolate`arn:${a.partition}:route53:::hostedzone/${a.hostedZoneId}` },
        { Sid: "CloudMapCreateHealthChecks", Effect: "Allow", Action: "route53:CreateHealthCheck", Resource: "*" },
        {
            Sid: "CloudMapHealthChecks",
            Effect: "Allow",
            Action: ["route53:GetHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck"],
            Resource: `arn:${a.partition}:route53:::healthcheck/*`,
        },
        // Mesh TLS: the controller checks the certificates and the CA a VirtualNode names.
        ...(a.meshTlsCertificateAuthorityArn ? [
            { Sid: "MeshTlsCertificates", Effect: "Allow" as const, Action: "acm:DescribeCertificate", Resource: `arn:${a.partition}:acm:${a.region}:${a.accountId}:certificate/*` },
            { Sid: "MeshTlsAuthority", Effect: "Allow" as const, Action: "acm-pca:DescribeCertificateAuthority", Resource: a.meshTlsCertificateAuthorityArn },
        ] : []),
    ];
}

/**
 * The App Mesh controller of one cluster and the objects every mesh custom resource needs first.
 * `ready` lists them: the Helm release (CRDs and injection webhook), the app namespace and the Mesh.
 */
export class AppMeshController extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly release: k8s.helm.v3.Release;
    public readonly appNamespace: k8s.core.v1.Namespace;
    public readonly mesh: k8s.apiextensions.CustomResource;
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: AppMeshControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:appmesh:Controller", name, {}, renamedFrom("cellmesh:eks:AppMeshController", opts));
        if (!/^1\.\d+\.\d+$/.test(args.chartVersion)) {
            throw new Error(`AppMeshController ${name}: chartVersion must be an exact 1.x.y version, got "${args.chartVersion}"`);
        }
        if (args.meshOwner !== undefined && args.egressFilter !== undefined) {
            throw new Error(`AppMeshController ${name}: a consumer cluster's Mesh refers to the owner's mesh; its egress filter is set in the owner stack`);
        }
        const inCluster = { parent: this, provider: args.provider };

        const [repository, tag] = args.envoyImage ? splitImage(args.envoyImage) : [undefined, undefined];
        const { role, release } = installController(name, {
            provider: args.provider,
            oidcProviderArn: args.oidcProviderArn,
            oidcIssuer: args.oidcIssuer,
            namespace: CONTROLLER_NAMESPACE,
            serviceAccount: CONTROLLER_SERVICE_ACCOUNT,
            roleDescription: "App Mesh controller (IRSA): manages this mesh's objects and Cloud Map registrations",
            statements: controllerStatements(args),
            release: { name: "appmesh-controller", chart: "appmesh-controller", version: args.chartVersion, repo: EKS_CHARTS_REPO, createNamespace: true },
            values: {
                region: args.region,
                accountId: args.accountId,
                ...(repository ? { sidecar: { image: { repository, tag } } } : {}),
            },
        }, this);
        this.release = release;

        this.appNamespace = new k8s.core.v1.Namespace(`${name}-apps`, {
            metadata: { name: args.appNamespace, labels: pulumi.output(args.meshName).apply(meshNamespaceLabels) },
        }, inCluster);

        // Applied only once the mesh is usable from this account (the share accepted, or the mesh
        // created): otherwise a consumer's controller would create a private mesh of the same name.
        this.mesh = new k8s.apiextensions.CustomResource(`${name}-mesh`, {
            apiVersion: APPMESH_API_VERSION,
            kind: "Mesh",
            metadata: { name: args.meshName },
            spec: {
                awsName: args.meshName,
                namespaceSelector: { matchLabels: { mesh: args.meshName } },
                ...(args.meshOwner !== undefined ? { meshOwner: args.meshOwner } : { egressFilter: { type: args.egressFilter ?? "DROP_ALL" } }),
            },
        }, { ...inCluster, dependsOn: [this.release, ...args.meshReady] });

        this.roleArn = role.arn;
        this.ready = [this.release, this.appNamespace, this.mesh];
        this.registerOutputs({ roleArn: this.roleArn });
    }
}

/** `repo/name:tag` -> [`repo/name`, `tag`]. */
function splitImage(image: string): [string, string] {
    if (image.includes("@")) throw new Error(`AppMeshController: the chart takes the Envoy image as repository and tag; "${image}" is pinned by digest, give a tag instead`);
    const at = image.lastIndexOf(":");
    return [image.slice(0, at), image.slice(at + 1)];
}
