// Validates rendered App Mesh custom resources against the controller's own CRD schemas
// (tests/data/appmesh-controller-crds.yaml: the appmesh-controller chart's crds/crds.yaml). Unknown fields are errors
// here, although the API server would silently prune them: a pruned field is a setting lost.

import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";

const CRD_FILE = path.join(__dirname, "data", "appmesh-controller-crds.yaml");

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

/** The v1beta2 spec schema validator of each kind (Mesh, VirtualNode, ...). */
export function crdValidators(): Map<string, ValidateFunction> {
    if (validators) return validators;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validators = new Map();
    for (const doc of parseAllDocuments(fs.readFileSync(CRD_FILE, "utf8"))) {
        const crd = doc.toJS();
        if (!crd?.spec?.versions) continue;
        const version = crd.spec.versions.find((v: any) => v.name === "v1beta2");
        const spec = version?.schema?.openAPIV3Schema?.properties?.spec;
        if (spec) validators.set(crd.spec.names.kind, ajv.compile(closed(spec)));
    }
    return validators;
}

/** Schema errors of one custom resource's spec, as `<path> <message>` lines (empty when valid). */
export function crdErrors(kind: string, spec: unknown): string[] {
    const validate = crdValidators().get(kind);
    if (!validate) return [`no CRD schema for kind ${kind}`];
    return validate(spec) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
}
