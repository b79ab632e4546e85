// How cellmesh installs a controller into a cluster, whichever it is (the App Mesh controller, the
// AWS Gateway API Controller, the AWS Load Balancer Controller): an IRSA role that only the
// controller's service account may assume, its inline policy, and the Helm release that runs the
// controller under that service account. Children are named `<name>-role`, `<name>-role-policy`
// and `<name>-chart`.

import * as aws from "./aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyJson } from "./iam";

/** AWS's Helm repository for EKS add-ons (App Mesh controller, AWS Load Balancer Controller). */
export const EKS_CHARTS_REPO = "https://aws.github.io/eks-charts";

/** IRSA: only one Kubernetes service account of this cluster's OIDC provider may assume the role. */
export function serviceAccountTrustPolicy(oidcProviderArn: pulumi.Input<string>, oidcIssuer: pulumi.Input<string>, namespace: string, serviceAccount: string): pulumi.Output<string> {
    return pulumi.all([oidcProviderArn, oidcIssuer]).apply(([arn, issuer]) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: arn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            },
        }],
    }));
}

export interface ControllerInstallArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The cluster's IAM OIDC provider and its issuer without `https://`. */
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuer: pulumi.Input<string>;
    /** The namespace and service account the controller runs as (the only IRSA subject). */
    readonly namespace: string;
    readonly serviceAccount: string;
    /** The role's description: what the controller does with it. */
    readonly roleDescription: string;
    /** What the controller may call. */
    readonly statements: readonly PolicyStatement[];
    /** The release: its name, chart, exact version, repository (none for an OCI chart) and namespace creation. */
    readonly release: {
        readonly name: string;
        readonly chart: string;
        readonly version: string;
        readonly repo?: string;
        readonly createNamespace?: boolean;
    };
    /** Chart values other than `serviceAccount`, which this sets (create, name, role annotation). */
    readonly values: Readonly<Record<string, unknown>>;
    /** What the release waits for besides the role's policy (e.g. CRDs). @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
}

export interface ControllerInstall {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly release: k8s.helm.v3.Release;
}

/** The controller's IRSA role and policy, then its Helm release (after the policy): children of `parent`. */
export function installController(name: string, args: ControllerInstallArgs, parent: pulumi.Resource): ControllerInstall {
    const role = new aws.iam.Role(`${name}-role`, {
        description: args.roleDescription,
        assumeRolePolicy: serviceAccountTrustPolicy(args.oidcProviderArn, args.oidcIssuer, args.namespace, args.serviceAccount),
    }, { parent });
    const policy = new aws.iam.RolePolicy(`${name}-role-policy`, { role: role.id, policy: policyJson(args.statements) }, { parent });
    const serviceAccount = {
        serviceAccount: { create: true, name: args.serviceAccount, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
    };
    const release = new k8s.helm.v3.Release(`${name}-chart`, {
        name: args.release.name,
        chart: args.release.chart,
        version: args.release.version,
        ...(args.release.repo ? { repositoryOpts: { repo: args.release.repo } } : {}),
        namespace: args.namespace,
        ...(args.release.createNamespace ? { createNamespace: true } : {}),
        values: { ...args.values, ...serviceAccount },
    }, { parent, provider: args.provider, dependsOn: [...(args.dependsOn ?? []), policy] });
    return { role, policy, release };
}
