// "Computed, never invented": a value only AWS can know (an id, an ARN, a DNS name, a subnet list)
// is planned as a marker string that names where it comes from. Markers flow through the program
// like real values (into other resources' inputs, into interpolated strings and JSON documents),
// so every place that depends on a value AWS decides says so visibly.

/** `<computed: acct1 aws:appmesh/mesh:Mesh mesh-mesh.arn>` */
export const MARKER_PREFIX = "<computed: ";
// The property may name one field of a list element (`dnsEntries[0].domainName`).
const MARKER_RE = /<computed: (\S+) (\S+) ([^<>]+?)\.([A-Za-z0-9_]+(?:\[\d+\](?:\.[A-Za-z][A-Za-z0-9_]*)?)?)>/g;

export interface MarkerRef {
    readonly stack: string;
    readonly type: string;
    /** Resource name (or a description of the data source call). */
    readonly name: string;
    /** Property, e.g. `arn`, `privateSubnetIds[0]` or `dnsEntries[0].domainName`. */
    readonly property: string;
}

export function marker(stack: string, type: string, name: string, property: string): string {
    return `${MARKER_PREFIX}${stack} ${type} ${name}.${property}>`;
}

export function isComputed(value: unknown): boolean {
    return typeof value === "string" && value.includes(MARKER_PREFIX);
}

/** Every marker inside a string. */
export function markersIn(text: string): MarkerRef[] {
    if (!text.includes(MARKER_PREFIX)) return [];
    const found: MarkerRef[] = [];
    for (const m of text.matchAll(MARKER_RE)) found.push({ stack: m[1], type: m[2], name: m[3], property: m[4] });
    return found;
}

/** Every marker anywhere inside a JSON-like value. */
export function collectMarkers(value: unknown, into: MarkerRef[] = []): MarkerRef[] {
    if (typeof value === "string") {
        if (value.includes(MARKER_PREFIX)) into.push(...markersIn(value));
    } else if (Array.isArray(value)) {
        for (const v of value) collectMarkers(v, into);
    } else if (value && typeof value === "object") {
        for (const v of Object.values(value)) collectMarkers(v, into);
    }
    return into;
}

/** For display: each marker becomes `(computed)`, or `(computed: name.prop)` when `detailed`. */
export function showComputed(text: string, detailed = false): string {
    if (!text.includes(MARKER_PREFIX)) return text;
    return text.replace(MARKER_RE, (_all, stack: string, _type: string, name: string, prop: string) =>
        detailed ? `(computed: ${stack}/${name}.${prop})` : "(computed)");
}

/** The short type name of a token: `aws:appmesh/mesh:Mesh` -> `Mesh`. */
export function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}
