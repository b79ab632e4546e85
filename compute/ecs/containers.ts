// The app container of a cell's task, as a typed object (`aws.ecs.ContainerDefinition`) that the task
// definition serializes once, and its log configuration. Engines add their sidecars (App Mesh: Envoy
// and the X-Ray daemon, engines/appmesh/ecs/sidecars.ts).

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_APP_IMAGE } from "../demoApp";

export function awsLogs(logGroupName: string, region: string, prefix: string): aws.ecs.LogConfiguration {
    return { logDriver: "awslogs", options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": prefix } };
}

export interface AppContainerArgs {
    /** The user's image, or undefined for the demo app. */
    readonly image?: string;
    /** Source of the demo app, run with `node -e` on the stock Node image. */
    readonly demoSource: string;
    readonly port: number;
    readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
    readonly logGroupName: string;
    readonly region: string;
}

/** The port mapping's name (`portMappings[].name`), which VPC Lattice configurations refer to. */
export const APP_PORT_NAME = "app";

/** The app container alone, for tasks without a sidecar (VPC Lattice). */
export function plainAppContainer(args: AppContainerArgs): aws.ecs.ContainerDefinition {
    return {
        name: "app",
        image: args.image ?? DEMO_APP_IMAGE,
        ...(args.image === undefined ? { command: ["node", "-e", args.demoSource] } : {}),
        essential: true,
        portMappings: [{ name: APP_PORT_NAME, containerPort: args.port, protocol: "tcp" }],
        environment: Object.entries(args.environment).map(([name, value]) => ({ name, value })),
        logConfiguration: awsLogs(args.logGroupName, args.region, "app"),
    };
}

