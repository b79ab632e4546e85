// A cell's App Mesh registration, handed to the compute that runs it: on ECS the Envoy and X-Ray
// sidecars, the APPMESH proxy configuration, a task role that may stream only its own virtual node's
// configuration (fact 16), the mesh port from the mesh's VPC and the task's Cloud Map registration;
// on EKS the pods wait for their virtual node (whose controller injects Envoy), and under mesh TLS
// run as a service account whose IRSA role may export exactly the cell's certificate.

import * as aws from "../../shared/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CellRegistration, EcsCellBinding, EksCellBinding } from "../../compute/cellCompute";
import { cellLabels } from "../../compute/eks/labels";
import { autonamed } from "../../shared/awsNames";
import { serviceAccountTrustPolicy } from "../../shared/controllerInstall";
import { policyJson } from "../../shared/iam";
import { ENVOY_TASK_ALIAS, envoyTaskNetwork } from "./ecs/envoyTask";
import { appContainerAfterEnvoy, appMeshProxyConfiguration, appMeshResourceName, envoyContainer, xrayContainer } from "./ecs/sidecars";
import { xrayStatement } from "./ecs/xray";
import { MeshTlsPolicy, meshTlsStatements } from "./meshTls";

/** One cell's place in the mesh, as its CellService made it. */
export interface VirtualNodeCell {
    readonly service: string;
    readonly cell: string;
    readonly port: number;
    readonly meshName: pulumi.Input<string>;
    /** The mesh owner's account when this account does not own the mesh. */
    readonly meshOwner?: pulumi.Input<string>;
    readonly virtualNodeName: pulumi.Input<string>;
    readonly virtualNodeArn: pulumi.Input<string>;
    readonly virtualNode: pulumi.Resource;
    /** The cell's Cloud Map service, where its tasks register. */
    readonly discoveryServiceArn: pulumi.Input<string>;
    /** Set for an entry service: its ALB's security group reaches the mesh port. */
    readonly loadBalancerSecurityGroupId?: pulumi.Input<string>;
    /** Mesh TLS: Envoy presents the cell's certificate and validates backends against the CA. */
    readonly meshTls?: { readonly policy: MeshTlsPolicy; readonly certificateArn: pulumi.Input<string> };
}

/** Turns a cell's virtual node into the registration the stack's compute needs. */
export type AppMeshRegistrar = (cell: VirtualNodeCell) => CellRegistration;

export const AppMeshRegistration = {
    /** ECS Fargate: Envoy and the X-Ray daemon as sidecars of every task. */
    sidecars(settings: { readonly envoyImage: string; readonly region: string; readonly meshCidrs: readonly pulumi.Input<string>[] }): AppMeshRegistrar {
        return (cell) => ({ ecs: ecsBinding(cell, settings) });
    },
    /** EKS: the App Mesh controller injects Envoy into pods that match the virtual node. */
    injected(): AppMeshRegistrar {
        return (cell) => ({ eks: eksBinding(cell) });
    },
};

function ecsBinding(cell: VirtualNodeCell, s: { envoyImage: string; region: string; meshCidrs: readonly pulumi.Input<string>[] }): EcsCellBinding {
    return {
        containers: (app, logGroupName) => [
            appContainerAfterEnvoy(app),
            envoyContainer({
                image: s.envoyImage,
                resourceName: appMeshResourceName(cell.meshName, cell.meshOwner, "virtualNode", cell.virtualNodeName),
                logGroupName, region: s.region,
            }),
            xrayContainer(logGroupName, s.region),
        ],
        proxyConfiguration: appMeshProxyConfiguration(cell.port),
        taskStatements: [
            // Envoy may fetch configuration only as this cell's own virtual node (fact 16).
            { Sid: "EnvoyAsThisNode", Effect: "Allow", Action: "appmesh:StreamAggregatedResources", Resource: cell.virtualNodeArn },
            // Mesh TLS: exactly this cell's certificate, and the CA's certificate.
            ...(cell.meshTls ? meshTlsStatements(cell.meshTls.policy, cell.meshTls.certificateArn) : []),
            xrayStatement(),
        ],
        images: [s.envoyImage],
        network: (family) => envoyTaskNetwork(family, {
            meshPorts: [cell.port],
            meshCidrs: s.meshCidrs,
            ...(cell.loadBalancerSecurityGroupId !== undefined ? { loadBalancer: { ports: [cell.port], securityGroupId: cell.loadBalancerSecurityGroupId } } : {}),
        }),
        registration: { kind: "cloudMap", registryArn: cell.discoveryServiceArn },
        alias: ENVOY_TASK_ALIAS,
    };
}

function eksBinding(cell: VirtualNodeCell): EksCellBinding {
    const cellName = `${cell.service}-${cell.cell}`;
    const tls = cell.meshTls;
    return {
        // Pods must not start before the object that injects their Envoy.
        dependsOn: [cell.virtualNode],
        ...(tls ? {
            // Mesh TLS: the injected Envoy fetches the cell's certificate with the pod's credentials.
            serviceAccount: (name, cluster, parent) => {
                const role = new aws.iam.Role(autonamed("iamRole", `${name}-envoy-role`), {
                    description: `Envoy of ${cellName}: exports the cell's own mesh TLS certificate`,
                    assumeRolePolicy: serviceAccountTrustPolicy(cluster.oidcProviderArn, cluster.oidcIssuer, cluster.namespace, cellName),
                }, { parent });
                new aws.iam.RolePolicy(`${name}-envoy-role-policy`, {
                    role: role.id, policy: policyJson(meshTlsStatements(tls.policy, tls.certificateArn)),
                }, { parent });
                return new k8s.core.v1.ServiceAccount(`${name}-service-account`, {
                    metadata: { name: cellName, namespace: cluster.namespace, labels: cellLabels(cell.service, cell.cell), annotations: { "eks.amazonaws.com/role-arn": role.arn } },
                }, { parent, provider: cluster.provider }).metadata.name;
            },
        } : {}),
    };
}
