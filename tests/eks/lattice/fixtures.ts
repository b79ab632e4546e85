// Shared inputs of the Lattice EKS component tests: the sample owner cluster (account 111111111111,
// us-east-1), its Kubernetes provider, and the controller's arguments.

import * as k8s from "@pulumi/kubernetes";
import { LatticeGatewayControllerArgs } from "../../../components/eks/lattice/gatewayApiController";
import { OWNER_EKS_WORLD } from "../../fixtures";
import { Recording } from "../../harness";

export const WORLD = OWNER_EKS_WORLD;
export const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/MOCK111111111111";
export const OIDC_PROVIDER_ARN = `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`;
export const K8S_PROVIDER = "pulumi:providers:kubernetes";
export const GW = (kind: string) => `kubernetes:gateway.networking.k8s.io/v1:${kind}`;
/** The sample owner's service network (account 111111111111). */
export const OWNER_NETWORK_ARN = "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-mesh-network";

/** Type token of the AWS Gateway API Controller's own objects (TargetGroupPolicy, IAMAuthPolicy). */
export const LP = (kind: string) => `kubernetes:application-networking.k8s.aws/v1alpha1:${kind}`;

/** The cluster's provider; its name in recordings is `cluster`. */
export function clusterProvider(): k8s.Provider {
    return new k8s.Provider("cluster", { kubeconfig: "{}" });
}

export function controllerArgs(provider: k8s.Provider, extra: Partial<LatticeGatewayControllerArgs> = {}): LatticeGatewayControllerArgs {
    return {
        provider,
        region: "us-east-1",
        accountId: "111111111111",
        partition: "aws",
        clusterName: "cellmesh-acct1-appmesh-eks",
        clusterVpcId: "vpc-0123456789abcdef0",
        serviceNetworkArn: OWNER_NETWORK_ARN,
        oidcProviderArn: OIDC_PROVIDER_ARN,
        oidcIssuer: ISSUER,
        chartVersion: "v2.1.3",
        gatewayApiVersion: "v1.5.0",
        ...extra,
    };
}

/** The URN of the one resource of a type and name. */
export function urnOf(rec: Recording, type: string, name: string): string {
    return rec.get(type, name).urn;
}

/**
 * What cellmesh's policy pack reports on the controller's role policy if statement `sid` grants
 * `vpc-lattice:*` on `*` again (as the controller's recommended policy does): a wildcard action, and
 * an action on `*` that is not allow-listed (VPC Lattice supports resource-level permissions). The
 * policy as built has no finding.
 */
export function LATTICE_WILDCARD_FINDINGS(policyName: string, sid = "LatticeResources"): string[] {
    const resource = `aws:iam/rolePolicy:RolePolicy::${policyName}`;
    return [
        `cellmesh-no-wildcard-actions | ${resource} | policy statement "${sid}" allows the wildcard action "vpc-lattice:*"; name each action explicitly`,
        `cellmesh-star-resource-only-where-unscopable | ${resource} | policy statement "${sid}" allows "vpc-lattice:*" on every resource ("*"); scope it to ARNs, or add it to allowedActions if AWS supports no narrower resource for it`,
    ];
}

/** The IRSA trust policy that lets exactly `system:serviceaccount:<serviceAccount>` of the mock cluster's OIDC provider assume a role. */
export function irsaTrust(serviceAccount: string): unknown {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: OIDC_PROVIDER_ARN },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${ISSUER}:sub`]: `system:serviceaccount:${serviceAccount}`, [`${ISSUER}:aud`]: "sts.amazonaws.com" } },
        }],
    };
}
