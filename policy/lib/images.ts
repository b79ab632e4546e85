// Container image references: pinned means an explicit tag other than `latest`, or a digest.

/** Why `image` is not pinned, or undefined when it is. */
export function unpinnedReason(image: unknown): string | undefined {
    if (typeof image !== "string" || image.length === 0) return "has no image";
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
    // The tag is what follows the last colon after the last slash (a registry port is before a slash).
    const lastSlash = image.lastIndexOf("/");
    const colon = image.indexOf(":", lastSlash + 1);
    if (colon < 0) return "has no tag (that means latest)";
    const tag = image.slice(colon + 1);
    if (tag === "latest") return "uses the latest tag";
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return `has an invalid tag "${tag}"`;
    return undefined;
}
