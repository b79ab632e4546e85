// The AWS Load Balancer Controller in one cluster, only for TargetGroupBindings that fill the weighted ALB's
// per-cell target groups with pod IPs. Least-privilege IAM, sources: engines/lattice/eks/README.md, "The controller's permissions".

import * as aws from "../../shared/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyJson } from "../../shared/iam";
import { EKS_CHARTS_REPO, installController } from "../../shared/controllerInstall";
import { LB_CONTROLLER_CHART_VERSION } from "./loadBalancerChart";

export { LB_CONTROLLER_CHART_VERSION };

export const LB_CONTROLLER_CHART = "aws-load-balancer-controller";
export const LB_CONTROLLER_NAMESPACE = "kube-system";
export const LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** `apiVersion` of the TargetGroupBinding custom resource (the chart installs its CRD). */
export const TARGET_GROUP_BINDING_API_VERSION = "elbv2.k8s.aws/v1beta1";

export interface AwsLoadBalancerControllerArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The cluster's region (the chart's `region`; the IAM statements are bound to it). */
    readonly region: string;
    /** The EKS cluster's name (the chart's `clusterName`). */
    readonly clusterName: pulumi.Input<string>;
    /** The cluster's VPC (the chart's `vpcId`, so the controller does not look it up). */
    readonly vpcId: pulumi.Input<string>;
    /** The cluster's IAM OIDC provider, for the IRSA role. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The provider's issuer without `https://` (`oidc.eks.<region>.amazonaws.com/id/<id>`). */
    readonly oidcIssuer: pulumi.Input<string>;
    /** Exact chart version of the 3.x line (`3.6.0`). */
    readonly chartVersion: string;
    /** The only namespace the controller watches: the one with the TargetGroupBindings (the app namespace). */
    readonly watchNamespace: string;
}

/** Something that lets a cluster controller keep target groups filled (the AWS Load Balancer Controller). */
export interface TargetGroupBinder {
    /**
     * Allows registering targets in exactly these target groups; returns what a TargetGroupBinding
     * of them must wait for (the controller's release, its CRDs and webhook, and this permission).
     */
    allowTargetGroups(name: string, targetGroupArns: readonly pulumi.Input<string>[]): readonly pulumi.Resource[];
}

/** The controller's describe calls, each on `*` (no resource-level permissions), bound to `region`. */
export function loadBalancerControllerStatements(region: string): PolicyStatement[] {
    const inRegion = { StringEquals: { "aws:RequestedRegion": region } };
    return [
        {
            Sid: "ElbDescribe",
            Effect: "Allow",
            Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"],
            Resource: "*",
            Condition: inRegion,
        },
        { Sid: "Ec2Describe", Effect: "Allow", Action: ["ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"], Resource: "*", Condition: inRegion },
    ];
}

/** Target registration in exactly these target groups. */
export function targetRegistrationStatements(targetGroupArns: readonly pulumi.Input<string>[]): PolicyStatement[] {
    return [{
        Sid: "RegisterCellTargets",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: [...targetGroupArns],
    }];
}

/**
 * The spec of a TargetGroupBinding that fills `targetGroupArn` with the IPs of the pods behind the
 * ClusterIP Service `serviceName`. No `networking` section: the controller adds no security group
 * rule (Pulumi adds the one the ALB needs). `ipAddressType` and `vpcID` are set so that the
 * controller's mutating webhook has nothing to fill in, and Pulumi sees no drift.
 */
export function targetGroupBindingSpec(a: { serviceName: string; port: number; targetGroupArn: pulumi.Input<string>; vpcId: pulumi.Input<string> }) {
    return {
        serviceRef: { name: a.serviceName, port: a.port },
        targetGroupARN: a.targetGroupArn,
        targetType: "ip",
        ipAddressType: "ipv4",
        vpcID: a.vpcId,
    };
}

/**
 * The AWS Load Balancer Controller of one cluster: an IRSA role with the describe calls above, the
 * Helm release (eks-charts, `kube-system`; the chart installs the TargetGroupBinding CRD), and one
 * target-registration policy per entry service (`allowTargetGroups`).
 */
export class AwsLoadBalancerController extends pulumi.ComponentResource implements TargetGroupBinder {
    public readonly roleArn: pulumi.Output<string>;
    public readonly release: k8s.helm.v3.Release;
    /** What every TargetGroupBinding waits for: the release (CRD, webhook, controller). */
    public readonly ready: pulumi.Resource[];
    private readonly componentName: string;
    private readonly role: aws.iam.Role;

    constructor(name: string, args: AwsLoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cellmesh:eks:LoadBalancerController", name, {}, opts);
        if (!LB_CONTROLLER_CHART_VERSION.test(args.chartVersion)) {
            throw new Error(`AwsLoadBalancerController ${name}: chartVersion must be an exact 3.x chart version without a "v" (e.g. "3.6.0"), got "${args.chartVersion}"`);
        }
        this.componentName = name;

        const { role, release } = installController(name, {
            provider: args.provider,
            oidcProviderArn: args.oidcProviderArn,
            oidcIssuer: args.oidcIssuer,
            namespace: LB_CONTROLLER_NAMESPACE,
            serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT,
            roleDescription: "AWS Load Balancer Controller (IRSA): registers cell pods in the public ALB's target groups",
            statements: loadBalancerControllerStatements(args.region),
            release: { name: LB_CONTROLLER_CHART, chart: LB_CONTROLLER_CHART, version: args.chartVersion, repo: EKS_CHARTS_REPO },
            values: {
                clusterName: args.clusterName,
                region: args.region,
                vpcId: args.vpcId,
                // The controller only serves TargetGroupBindings here. Its Service webhook would make
                // it the owner of every new LoadBalancer Service (cellmesh creates none on this
                // variant, and its IAM could not build one): off.
                enableServiceMutatorWebhook: false,
                // No Ingress objects, no IngressClass, no ALB add-ons (WAF, Shield), no shared backend
                // security group: nothing for it to create, and no permission to.
                createIngressClassResource: false,
                enableShield: false,
                enableWaf: false,
                enableWafv2: false,
                enableBackendSecurityGroup: false,
                // Only the app namespace: the TargetGroupBindings, their Services and pods.
                watchNamespace: args.watchNamespace,
                // The cluster has the Gateway API CRDs (for VPC Lattice): since 3.0 the controller turns
                // its Gateway support on when it finds them. Those objects are the Lattice controller's.
                controllerConfig: { featureGates: { ALBGatewayAPI: false, NLBGatewayAPI: false } },
            },
        }, this);
        this.role = role;
        this.release = release;

        this.roleArn = this.role.arn;
        this.ready = [this.release];
        this.registerOutputs({ roleArn: this.roleArn });
    }

    /** One policy `<controller>-<name>-targets` on the controller's role: register and deregister in exactly these groups. */
    allowTargetGroups(name: string, targetGroupArns: readonly pulumi.Input<string>[]): readonly pulumi.Resource[] {
        if (targetGroupArns.length === 0) throw new Error(`AwsLoadBalancerController ${this.componentName}: ${name} names no target group`);
        const policy = new aws.iam.RolePolicy(`${this.componentName}-${name}-targets`, {
            role: this.role.id,
            policy: policyJson(targetRegistrationStatements(targetGroupArns)),
        }, { parent: this });
        return [...this.ready, policy];
    }
}
