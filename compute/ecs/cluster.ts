// The account's ECS cluster (both engines, both roles), with Container Insights on.

import * as aws from "../../shared/aws";
import { clusterName } from "../names";

export function ecsCluster(stack: string): aws.ecs.Cluster {
    return new aws.ecs.Cluster("cluster", {
        name: clusterName(stack),
        settings: [{ name: "containerInsights", value: "enabled" }],
    });
}
