// Validates rendered custom resources against their controllers' own CRD schemas: App Mesh
// (tests/data/appmesh-controller-crds.yaml: the appmesh-controller chart's crds/crds.yaml, v1beta2) and
// the AWS Gateway API Controller for VPC Lattice (tests/data/lattice-controller-crds.yaml:
// TargetGroupPolicy and IAMAuthPolicy from the controller's helm/crds/, v1alpha1). Unknown fields are
// errors here, although the API server would silently prune them: a pruned field is a setting lost.

import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";

/** Each CRD file and the version whose schema the rendered objects use (kinds do not repeat across files). */
const CRD_FILES: readonly { readonly file: string; readonly version: string }[] = [
    { file: path.join(__dirname, "..", "data", "appmesh-controller-crds.yaml"), version: "v1beta2" },
    { file: path.join(__dirname, "..", "data", "lattice-controller-crds.yaml"), version: "v1alpha1" },
];

/** Makes every object schema with properties closed, recursively. */
function closed(schema: any): any {
    if (Array.isArray(schema)) return schema.map(closed);
    if (schema === null || typeof schema !== "object") return schema;
    const out: any = {};
    for (const [k, v] of Object.entries(schema)) {
        if (k.startsWith("x-kubernetes-")) continue;
        out[k] = closed(v);
    }
    if (out.type === "object" && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
}

let validators: Map<string, ValidateFunction> | undefined;

/** The spec schema validator of each kind (Mesh, VirtualNode, ... at v1beta2; TargetGroupPolicy, IAMAuthPolicy at v1alpha1). */
export function crdValidators(): Map<string, ValidateFunction> {
    if (validators) return validators;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validators = new Map();
    for (const { file, version: wanted } of CRD_FILES) {
        for (const doc of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
            const crd = doc.toJS();
            if (!crd?.spec?.versions) continue;
            const version = crd.spec.versions.find((v: any) => v.name === wanted);
            const spec = version?.schema?.openAPIV3Schema?.properties?.spec;
            if (!spec) continue;
            if (validators.has(crd.spec.names.kind)) throw new Error(`CRD kind ${crd.spec.names.kind} is defined twice (${file})`);
            validators.set(crd.spec.names.kind, ajv.compile(closed(spec)));
        }
    }
    return validators;
}

/** Schema errors of one custom resource's spec, as `<path> <message>` lines (empty when valid). */
export function crdErrors(kind: string, spec: unknown): string[] {
    const validate = crdValidators().get(kind);
    if (!validate) return [`no CRD schema for kind ${kind}`];
    return validate(spec) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
}
