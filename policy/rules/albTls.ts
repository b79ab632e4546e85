import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../lib/types";

const LISTENER_TYPES: readonly string[] = [TYPES.listener, TYPES.albListener];

/**
 * ELB security policies that negotiate only TLS 1.2 or newer: the TLS 1.3 policies from 1.2 up
 * (`ELBSecurityPolicy-TLS13-1-2-*`, `-TLS13-1-3-*`) and the older 1.2-only ones (`-TLS-1-2-*`,
 * `-FS-1-2-*`). Everything else (the historical default `ELBSecurityPolicy-2016-08` among them)
 * still accepts TLS 1.0 or 1.1.
 */
export function isModernSslPolicy(name: unknown): boolean {
    return typeof name === "string" && /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)(-|$)/.test(name);
}

/** HTTPS (and TLS) listeners name a TLS 1.2+ security policy rather than relying on a default. */
export const albTlsPolicy: ResourceValidationPolicy = {
    name: "cellmesh-alb-tls-policy",
    description: "HTTPS and TLS load balancer listeners name an ELB security policy that allows only TLS 1.2 or newer (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!LISTENER_TYPES.includes(args.type)) return;
        const protocol = args.props.protocol;
        if (protocol !== "HTTPS" && protocol !== "TLS") return;
        const policy = args.props.sslPolicy;
        if (policy === undefined) {
            reportViolation(`${protocol} listener on port ${args.props.port} names no sslPolicy, so an older default that allows TLS 1.0 may apply; set a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06`);
        } else if (!isModernSslPolicy(policy)) {
            reportViolation(`${protocol} listener on port ${args.props.port} uses ${policy}, which allows TLS versions below 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy`);
        }
    },
};

/**
 * A load balancer that serves HTTPS must not also serve the same site over plain HTTP: its HTTP
 * listeners redirect to HTTPS. A load balancer without an HTTPS listener (no certificate
 * configured, cellmesh's default) may forward plain HTTP. Listeners are grouped by their
 * `loadBalancerArn`; during a preview of new resources that value is unknown and the check waits
 * for `pulumi up`.
 */
export const albHttpsRedirect: StackValidationPolicy = {
    name: "cellmesh-alb-https-redirect",
    description: "On a load balancer with an HTTPS listener, every HTTP listener's default action redirects to HTTPS.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const listeners = args.resources.filter((r) => LISTENER_TYPES.includes(r.type) && typeof r.props.loadBalancerArn === "string");
        const withHttps = new Set(listeners.filter((l) => l.props.protocol === "HTTPS").map((l) => l.props.loadBalancerArn as string));
        for (const l of listeners) {
            if (l.props.protocol !== "HTTP" || !withHttps.has(l.props.loadBalancerArn)) continue;
            const actions: Record<string, any>[] = l.props.defaultActions ?? [];
            const redirects = actions.length === 1 && actions[0].type === "redirect" && actions[0].redirect?.protocol === "HTTPS";
            if (!redirects) {
                reportViolation(`HTTP listener ${l.name} on port ${l.props.port} serves plain HTTP although its load balancer also serves HTTPS; make its only default action a redirect to HTTPS (statusCode HTTP_301)`, l.urn);
            }
        }
    },
};
