// A cell's VPC Lattice registration, handed to the compute that runs it. On ECS: the app alone (no
// sidecar, no proxy configuration, no task role), its port admitted from the VPC Lattice managed
// prefix list (Lattice reaches targets from there, not from the clients' addresses) and the entry
// ALB's group, and ECS registering each task in the cell's target group through the account's
// infrastructure role. On EKS the controller fills the target groups from the cell's Service; the
// pods only wait for the app namespace.

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CellRegistration, EcsCellBinding } from "../../compute/cellCompute";
import { APP_PORT_NAME } from "../../compute/ecs/containers";
import type { FargateIngressRule } from "../../compute/ecs/fargateService";
import type { EcsLatticeInfrastructureRole } from "./ecs/infrastructureRole";

/** The type the Lattice engine's Fargate services were created under: their alias. */
export const LATTICE_TASK_ALIAS = "cellmesh:lattice:FargateService";

/** One cell's place in the service, as its LatticeCellService made it. */
export interface TargetGroupCell {
    readonly port: number;
    /** The cell's Lattice target group (type IP), where its tasks register. */
    readonly targetGroupArn: pulumi.Input<string>;
    /** What the cell's tasks wait for: the Lattice listener that forwards to the target group. */
    readonly routing: readonly pulumi.Resource[];
    /** Set for an entry service: its ALB's security group reaches the app port. */
    readonly loadBalancerSecurityGroupId?: pulumi.Input<string>;
    /** The cell service, parent of the prefix list lookup. */
    readonly parent: pulumi.Resource;
}

/** Turns a cell's target group into the registration the stack's compute needs. */
export type LatticeRegistrar = (cell: TargetGroupCell) => CellRegistration;

export const LatticeRegistration = {
    /** ECS Fargate: ECS registers the tasks in the target group, with the account's infrastructure role. */
    ecsTargets(settings: { readonly region: string; readonly infrastructureRole: EcsLatticeInfrastructureRole }): LatticeRegistrar {
        return (cell) => ({ ecs: ecsBinding(cell, settings) });
    },
    /** EKS: the pods of the cell's Service (the controller makes it the target group); they wait for `ready`. */
    pods(ready: readonly pulumi.Resource[]): CellRegistration {
        return { eks: { dependsOn: ready } };
    },
};

function ecsBinding(cell: TargetGroupCell, s: { region: string; infrastructureRole: EcsLatticeInfrastructureRole }): EcsCellBinding {
    const lattice = aws.ec2.getManagedPrefixListOutput({ name: `com.amazonaws.${s.region}.vpc-lattice` }, { parent: cell.parent });
    return {
        containers: (app) => [app],
        network: (family) => ({
            securityGroupDescription: `cellmesh ${family}: app port from VPC Lattice only`,
            ingress: [
                { key: "lattice", port: cell.port, description: `port ${cell.port} from VPC Lattice`, from: { prefixListId: lattice.id } },
                ...(cell.loadBalancerSecurityGroupId !== undefined
                    ? [{ key: "alb", port: cell.port, description: `port ${cell.port} from the load balancer`, from: { securityGroupId: cell.loadBalancerSecurityGroupId } } satisfies FargateIngressRule]
                    : []),
            ],
            // Image registries over NAT, AWS APIs, and backends through Lattice.
            egressDescription: "outbound: AWS APIs, image registries and Lattice services",
            // One container, no sidecars.
            cpu: "256",
            memory: "512",
        }),
        // ECS registers each task in the cell's target group by the app's port mapping name.
        registration: { kind: "vpcLattice", targetGroupArn: cell.targetGroupArn, roleArn: s.infrastructureRole.roleArn, portName: APP_PORT_NAME },
        dependsOn: [s.infrastructureRole, ...cell.routing],
        alias: LATTICE_TASK_ALIAS,
    };
}
