// Public entry on EKS: an App Mesh virtual gateway (Envoy pods the controller configures) behind a
// LoadBalancer Service, with one gateway route `/` to the entry service's virtual service. The
// router behind that virtual service applies the cell weights, so the public entry honours them.

import * as aws from "../../../shared/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { autonamed } from "../../../shared/awsNames";
import { policyJson } from "../../../shared/iam";
import { MeshTlsPolicy, gatewayBackendDefaults, meshTlsStatements } from "../meshTls";
import { serviceAccountTrustPolicy } from "../../../shared/controllerInstall";
import { APPMESH_API_VERSION, crdShape } from "./crdSpecs";
import { gatewayLabels } from "../../../compute/eks/labels";
import { renamedFrom } from "../../../shared/renamed";

export interface MeshIngressGatewayArgs {
    readonly provider: k8s.Provider;
    /** The mesh-labelled namespace (gateway, route and target live there). */
    readonly namespace: string;
    readonly meshName: pulumi.Input<string>;
    /** The entry service (the VirtualService custom resource's name). */
    readonly service: string;
    /** Envoy image of the gateway pods. */
    readonly envoyImage: string;
    /** Envoy's listener port. @default 8088 */
    readonly port?: number;
    /** Gateway pods. @default 2 */
    readonly replicas?: number;
    /** What the custom resources wait for (the controller, the namespace, the Mesh). */
    readonly ready: readonly pulumi.Resource[];
    /**
     * Mesh TLS: the gateway validates the services' certificates, so its Envoy pods run under a
     * service account whose IRSA role may read the CA's certificate. @default off
     */
    readonly meshTls?: MeshTlsPolicy & {
        readonly oidcProviderArn: pulumi.Input<string>;
        readonly oidcIssuer: pulumi.Input<string>;
    };
}

export class MeshIngressGateway extends pulumi.ComponentResource {
    /** `http://<load balancer hostname>`. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: MeshIngressGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:appmesh:EksIngressGateway", name, {}, renamedFrom("cellmesh:eks:MeshIngressGateway", opts));
        const port = args.port ?? 8088;
        const gatewayName = `${args.service}-gateway`;
        const labels = gatewayLabels(gatewayName);
        const inCluster = { parent: this, provider: args.provider, dependsOn: [...args.ready] };
        const metadata = (n: string, extra: Record<string, string> = {}) => ({ name: n, namespace: args.namespace, labels: { ...labels, ...extra } });

        const gateway = new k8s.apiextensions.CustomResource(`${name}-gateway`, {
            apiVersion: APPMESH_API_VERSION,
            kind: "VirtualGateway",
            metadata: metadata(gatewayName),
            spec: {
                awsName: gatewayName,
                namespaceSelector: { matchLabels: { mesh: args.meshName } },
                podSelector: { matchLabels: labels },
                gatewayRouteSelector: { matchLabels: { "cellmesh.io/gateway": gatewayName } },
                listeners: [{ portMapping: { port, protocol: "http" } }],
                ...(args.meshTls ? { backendDefaults: crdShape(gatewayBackendDefaults(args.meshTls)) } : {}),
                logging: { accessLog: { file: { path: "/dev/stdout" } } },
            },
        }, inCluster);
        new k8s.apiextensions.CustomResource(`${name}-route`, {
            apiVersion: APPMESH_API_VERSION,
            kind: "GatewayRoute",
            metadata: metadata(`${args.service}-root`, { "cellmesh.io/gateway": gatewayName }),
            spec: {
                awsName: `${args.service}-root`,
                httpRoute: {
                    match: { prefix: "/" },
                    action: { target: { virtualService: { virtualServiceRef: { name: args.service } } } },
                },
            },
        }, { ...inCluster, dependsOn: [...args.ready, gateway] });
        const serviceAccount = args.meshTls && (() => {
            const tls = args.meshTls!;
            const role = new aws.iam.Role(autonamed("iamRole", `${name}-envoy-role`), {
                description: `Envoy of the ${gatewayName} virtual gateway: reads the mesh TLS certificate authority`,
                assumeRolePolicy: serviceAccountTrustPolicy(tls.oidcProviderArn, tls.oidcIssuer, args.namespace, gatewayName),
            }, { parent: this });
            new aws.iam.RolePolicy(`${name}-envoy-role-policy`, { role: role.id, policy: policyJson(meshTlsStatements(tls, undefined)) }, { parent: this });
            return new k8s.core.v1.ServiceAccount(`${name}-service-account`, {
                metadata: { ...metadata(gatewayName), annotations: { "eks.amazonaws.com/role-arn": role.arn } },
            }, { parent: this, provider: args.provider });
        })();
        new k8s.apps.v1.Deployment(`${name}-envoy`, {
            metadata: metadata(gatewayName),
            spec: {
                replicas: args.replicas ?? 2,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        ...(serviceAccount ? { serviceAccountName: serviceAccount.metadata.name } : {}),
                        containers: [{
                            name: "envoy",
                            image: args.envoyImage,
                            ports: [{ name: "http", containerPort: port }],
                            securityContext: { runAsUser: 1337, runAsNonRoot: true, allowPrivilegeEscalation: false },
                        }],
                    },
                },
            },
        }, { ...inCluster, dependsOn: [...args.ready, gateway] });
        const service = new k8s.core.v1.Service(`${name}-lb`, {
            metadata: {
                ...metadata(gatewayName),
                // The in-tree cloud provider's internet-facing NLB; only its listener is public.
                annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
            },
            spec: {
                type: "LoadBalancer",
                selector: labels,
                ports: [{ name: "http", port: 80, targetPort: port, protocol: "TCP" }],
            },
        }, { parent: this, provider: args.provider });

        this.url = service.status.apply((s) => `http://${s?.loadBalancer?.ingress?.[0]?.hostname ?? "(pending)"}`);
        this.registerOutputs({ url: this.url });
    }
}
