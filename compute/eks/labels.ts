// Labels that tie a cell's pods to its VirtualNode custom resource (the controller injects Envoy
// into pods a VirtualNode's podSelector matches) and the gateway's pods to its VirtualGateway.

/** Labels of one cell's pods: the VirtualNode selects on exactly these. */
export function cellLabels(service: string, cell: string): Record<string, string> {
    return { "app.kubernetes.io/name": service, "cellmesh.io/cell": cell };
}

/** Labels of a virtual gateway's Envoy pods. */
export function gatewayLabels(gateway: string): Record<string, string> {
    return { "app.kubernetes.io/name": gateway, "cellmesh.io/role": "gateway" };
}

/** The namespace labels the App Mesh controller looks for (reference fact 21). */
export function meshNamespaceLabels(meshName: string): Record<string, string> {
    return { mesh: meshName, "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" };
}
