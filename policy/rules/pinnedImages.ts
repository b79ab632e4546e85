import { ResourceValidationPolicy } from "@pulumi/policy";
import { unpinnedReason } from "../lib/images";
import { TYPES } from "../lib/types";

const K8S_WORKLOADS = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet", "kubernetes:batch/v1:Job"];

interface Container { readonly name?: string; readonly image?: unknown }

function containersOf(type: string, props: Record<string, any>): Container[] | string {
    if (type === TYPES.taskDefinition) {
        const defs = props.containerDefinitions;
        let parsed: unknown = defs;
        if (typeof defs === "string") {
            try {
                parsed = JSON.parse(defs);
            } catch {
                return "containerDefinitions is not a JSON array of container definitions";
            }
        }
        return Array.isArray(parsed) ? parsed : "containerDefinitions is not a JSON array of container definitions";
    }
    const podSpec = type === "kubernetes:core/v1:Pod" ? props.spec : K8S_WORKLOADS.includes(type) ? props.spec?.template?.spec : undefined;
    if (podSpec === undefined) return [];
    return [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])];
}

/** Container images carry an explicit tag other than `latest`, or a digest: a rollout is reproducible. */
export const pinnedImages: ResourceValidationPolicy = {
    name: "cellmesh-pinned-images",
    description: "ECS task definitions (and Kubernetes workloads) use images with an explicit tag other than latest, or a digest.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const containers = containersOf(args.type, args.props);
        if (typeof containers === "string") {
            reportViolation(containers);
            return;
        }
        containers.forEach((c, i) => {
            const reason = unpinnedReason(c.image);
            if (reason === undefined) return;
            const name = c.name ? `"${c.name}"` : `#${i + 1}`;
            reportViolation(typeof c.image === "string" && c.image.length > 0
                ? `container ${name} image "${c.image}" ${reason}; pin a tag other than latest, or a digest`
                : `container ${name} ${reason}; pin a tag other than latest, or a digest`);
        });
    },
};
