// The demo app every cell runs unless the service names an image: one file (app/server.js) run with
// `node -e` on a stock public Node image, so deploying the sample needs no Docker build.

import * as fs from "node:fs";
import * as path from "node:path";

/** The stock image the demo app runs on. */
export const DEMO_APP_IMAGE = "public.ecr.aws/docker/library/node:20-alpine";

/** The demo app's single file, passed to `node -e` so no image has to be built. */
export function demoAppSource(): string {
    return fs.readFileSync(path.join(__dirname, "..", "app", "server.js"), "utf8");
}

/** ECR repository ARN of an image in a private ECR registry, so an execution role can pull exactly it. */
export function ecrRepositoryArn(image: string, partition: string): string | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
    return m ? `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}` : undefined;
}
