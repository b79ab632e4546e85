// TLS between Envoys in App Mesh: what a virtual node's listener presents and accepts, what its
// client policy presents to and validates of its backends, and what the Envoy's role may read.
// Pure renderers into the `aws.types.input.appmesh.*` shapes (the EKS variant converts the same
// shapes into App Mesh controller resources), each tested on its own (tests/engines/appmesh/meshTls.test.ts).

import * as aws from "../../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "../../shared/iam";

/** STRICT: the listener accepts only TLS. PERMISSIVE: TLS and plain text, for switching TLS on service by service. */
export type MeshTlsMode = "STRICT" | "PERMISSIVE";
export const MESH_TLS_MODES: readonly MeshTlsMode[] = ["STRICT", "PERMISSIVE"];

/** Mutual TLS with certificates from files inside the Envoy container (an Envoy image of your own). */
export interface FileMutualTls {
    readonly kind: "file";
    /** The client certificate chain Envoy presents to its backends (PEM path). */
    readonly certificateChain: string;
    /** The private key of that certificate (PEM path). */
    readonly privateKey: string;
    /** The CA chain the listener validates callers' client certificates against (PEM path). */
    readonly trustChain: string;
}

/** Mutual TLS with certificates from an SDS agent (SPIRE) beside Envoy. */
export interface SdsMutualTls {
    readonly kind: "sds";
    /** The secret holding the client certificate Envoy presents (a SPIFFE ID with SPIRE). */
    readonly secretName: string;
    /** The secret holding the trust bundle the listener validates callers against. */
    readonly trustSecretName: string;
}

export type MutualTls = FileMutualTls | SdsMutualTls;

/** Static factories, so that a file and an SDS source cannot be mixed. */
export const MutualTls = {
    file(paths: Omit<FileMutualTls, "kind">): FileMutualTls {
        return { kind: "file", certificateChain: paths.certificateChain, privateKey: paths.privateKey, trustChain: paths.trustChain };
    },
    sds(secrets: Omit<SdsMutualTls, "kind">): SdsMutualTls {
        return { kind: "sds", secretName: secrets.secretName, trustSecretName: secrets.trustSecretName };
    },
};

export interface MeshTlsPolicy {
    /** What the listeners accept. */
    readonly mode: MeshTlsMode;
    /**
     * The ACM Private CA that issues every node's certificate and that clients trust. In a
     * multi-account mesh it is shared with every account through RAM: a virtual node may use ACM
     * only of its own account, so each account issues its nodes' certificates from the shared CA.
     */
    readonly certificateAuthorityArn: string;
    /** Callers also present a certificate, which the listener validates. @default none: one-way TLS */
    readonly mutual?: MutualTls;
}

/**
 * Names on a cell's certificate: the virtual service name clients dial, and the cell's own name.
 * With Cloud Map discovery App Mesh does not match them (AWS: "The certificate CN and SAN are not
 * considered"), so they serve people reading ACM; they also keep working with DNS discovery.
 */
export function certificateNames(service: string, cell: string, namespace: string): { domainName: string; subjectAlternativeNames: string[] } {
    return { domainName: `${service}.${namespace}`, subjectAlternativeNames: [`${service}-${cell}.${namespace}`] };
}

/** The listener's TLS: the node's ACM certificate, the mode, and (mutual) the trust for callers' certificates. */
export function listenerTls(policy: MeshTlsPolicy, certificateArn: pulumi.Input<string>): aws.types.input.appmesh.VirtualNodeSpecListenerTls {
    const m = policy.mutual;
    return {
        mode: policy.mode,
        certificate: { acm: { certificateArn } },
        ...(m ? { validation: { trust: m.kind === "file" ? { file: { certificateChain: m.trustChain } } : { sds: { secretName: m.trustSecretName } } } } : {}),
    };
}

/**
 * The client policy for every backend: TLS enforced, the peer's certificate validated against the
 * CA, and (mutual) the client certificate Envoy presents.
 */
export function clientPolicyTls(policy: MeshTlsPolicy): aws.types.input.appmesh.VirtualNodeSpecBackendDefaultsClientPolicyTls {
    const m = policy.mutual;
    return {
        enforce: true,
        ...(m ? { certificate: m.kind === "file" ? { file: { certificateChain: m.certificateChain, privateKey: m.privateKey } } : { sds: { secretName: m.secretName } } } : {}),
        validation: { trust: { acm: { certificateAuthorityArns: [policy.certificateAuthorityArn] } } },
    };
}

/** A virtual node's `backendDefaults` under the policy. */
export function nodeBackendDefaults(policy: MeshTlsPolicy): aws.types.input.appmesh.VirtualNodeSpecBackendDefaults {
    return { clientPolicy: { tls: clientPolicyTls(policy) } };
}

/** A virtual gateway's `backendDefaults`: the gateway calls the same TLS listeners as any client. */
export function gatewayBackendDefaults(policy: MeshTlsPolicy): aws.types.input.appmesh.VirtualGatewaySpecBackendDefaults {
    // The gateway's client policy has the node's shape field for field.
    const tls: aws.types.input.appmesh.VirtualGatewaySpecBackendDefaultsClientPolicyTls = clientPolicyTls(policy);
    return { clientPolicy: { tls } };
}

/**
 * What Envoy's role needs under the policy: export its own node's certificate (with its private key,
 * which is why the resource is exactly that certificate) and read the CA's certificate to validate
 * peers. A virtual gateway has no certificate of its own (`certificateArn` undefined).
 */
export function meshTlsStatements(policy: MeshTlsPolicy, certificateArn: pulumi.Input<string> | undefined): PolicyStatement[] {
    return [
        ...(certificateArn !== undefined ? [{ Sid: "MeshTlsOwnCertificate", Effect: "Allow" as const, Action: "acm:ExportCertificate", Resource: certificateArn }] : []),
        { Sid: "MeshTlsTrustedAuthority", Effect: "Allow", Action: "acm-pca:GetCertificateAuthorityCertificate", Resource: policy.certificateAuthorityArn },
    ];
}
