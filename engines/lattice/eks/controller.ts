// The AWS Gateway API Controller for VPC Lattice in one cluster: the Lattice engine's counterpart of
// engines/appmesh/eks/controller.ts. The upstream Gateway API CRDs (not in the chart) first, then the
// controller's Helm release with its IRSA role, then the `amazon-vpc-lattice` GatewayClass.
// Gateway and HTTPRoute objects wait for `ready`; the controller's own policy objects for `policyCrds`.

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { installController } from "../../../shared/controllerInstall";
import { controllerVersionProblem } from "./versions";
import { accessLogProblem, latticeControllerStatements } from "./controllerPolicy";
import { renamedFrom } from "../../../shared/renamed";

export const LATTICE_CONTROLLER_NAMESPACE = "aws-application-networking-system";
export const LATTICE_CONTROLLER_SERVICE_ACCOUNT = "gateway-api-controller";
export const LATTICE_CONTROLLER_CHART = "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart";
export const LATTICE_GATEWAY_CLASS = "amazon-vpc-lattice";
export const LATTICE_CONTROLLER_NAME = "application-networking.k8s.aws/gateway-api-controller";
/** `apiVersion` of the Gateway API objects cellmesh renders (GatewayClass, Gateway, HTTPRoute). */
export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";

/** The standard-channel CRDs of one Gateway API release. */
export function gatewayApiCrdsUrl(release: string): string {
    return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${release}/standard-install.yaml`;
}

export interface LatticeGatewayControllerArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The cluster's region (the chart's `awsRegion`). */
    readonly region: string;
    /** The cluster's account (the chart's `awsAccountId`; needed to find networks shared with it). */
    readonly accountId: string;
    readonly partition: string;
    /** The EKS cluster's name (the chart's `clusterName`). */
    readonly clusterName: pulumi.Input<string>;
    /** The cluster's VPC (the chart's `clusterVpcId`). */
    readonly clusterVpcId: pulumi.Input<string>;
    /**
     * The service network the cluster's Gateway names (the owner's own, or the owner's network shared
     * with a consumer). The role may associate services with it, and with nothing else outside this
     * account.
     */
    readonly serviceNetworkArn: pulumi.Input<string>;
    /** The cluster's IAM OIDC provider, for the controller's IRSA role. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The provider's issuer without `https://` (`oidc.eks.<region>.amazonaws.com/id/<id>`). */
    readonly oidcIssuer: pulumi.Input<string>;
    /** Exact chart version, with its `v` (`v2.1.3`). */
    readonly chartVersion: string;
    /** Exact Gateway API release whose standard CRDs are installed (`v1.5.0`); must suit the chart. */
    readonly gatewayApiVersion: string;
    /**
     * Where `AccessLogPolicy` objects may send logs (S3 bucket, CloudWatch Logs group or Firehose
     * stream ARNs). Only then does the role get the log-delivery permissions. @default none
     */
    readonly accessLogDestinationArns?: readonly string[];
}


/**
 * The AWS Gateway API Controller of one cluster. `ready` lists what Gateway and route objects wait
 * for: the CRDs, the Helm release and the GatewayClass.
 */
export class LatticeGatewayController extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly crds: k8s.yaml.v2.ConfigFile;
    public readonly release: k8s.helm.v3.Release;
    public readonly gatewayClass: k8s.apiextensions.CustomResource;
    public readonly ready: pulumi.Resource[];
    /**
     * What installs the controller's own CRDs (TargetGroupPolicy, IAMAuthPolicy, ...): the Helm release,
     * from the chart's crds/ folder (helm/crds/ in the controller's repository). Helm installs that
     * folder on the first install only and never upgrades it.
     */
    public readonly policyCrds: pulumi.Resource[];

    constructor(name: string, args: LatticeGatewayControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:lattice:Controller", name, {}, renamedFrom("cellmesh:eks:LatticeGatewayController", opts));
        const versions = controllerVersionProblem(args.chartVersion, args.gatewayApiVersion);
        if (versions) throw new Error(`LatticeGatewayController ${name}: ${versions}`);
        const logs = accessLogProblem(args.accessLogDestinationArns ?? []);
        if (logs) throw new Error(`LatticeGatewayController ${name}: ${logs}`);
        const inCluster = { parent: this, provider: args.provider };

        // Under the mock runtime this is one registration; on a real run the provider fetches the URL.
        this.crds = new k8s.yaml.v2.ConfigFile(`${name}-crds`, { file: gatewayApiCrdsUrl(args.gatewayApiVersion) }, inCluster);

        const { role, release } = installController(name, {
            provider: args.provider,
            oidcProviderArn: args.oidcProviderArn,
            oidcIssuer: args.oidcIssuer,
            namespace: LATTICE_CONTROLLER_NAMESPACE,
            serviceAccount: LATTICE_CONTROLLER_SERVICE_ACCOUNT,
            roleDescription: "AWS Gateway API Controller (IRSA): manages this cluster's VPC Lattice services and target groups",
            statements: latticeControllerStatements({ ...args, accessLogDestinationArns: args.accessLogDestinationArns ?? [] }),
            release: { name: "gateway-api-controller", chart: LATTICE_CONTROLLER_CHART, version: args.chartVersion, createNamespace: true },
            values: {
                awsRegion: args.region,
                awsAccountId: args.accountId,
                clusterVpcId: args.clusterVpcId,
                clusterName: args.clusterName,
            },
            dependsOn: [this.crds],
        }, this);
        this.release = release;

        this.gatewayClass = new k8s.apiextensions.CustomResource(`${name}-class`, {
            apiVersion: GATEWAY_API_VERSION,
            kind: "GatewayClass",
            metadata: { name: LATTICE_GATEWAY_CLASS },
            spec: { controllerName: LATTICE_CONTROLLER_NAME },
        }, { ...inCluster, dependsOn: [this.crds, this.release] });

        this.roleArn = role.arn;
        this.ready = [this.crds, this.release, this.gatewayClass];
        this.policyCrds = [this.release];
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
