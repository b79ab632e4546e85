// URNs as the Pulumi engine writes them, from a plan. The mock runtime names a child
// `<parent type>$<type>`, while the engine qualifies it with every ancestor's type
// (`<grandparent>$<parent>$<type>`): a renamed component changes its grandchildren's URNs too.

import { PlannedResource } from "./model";

/** Engine URNs by the plan's (mock) URN; with `previous`, each component type as its newest alias. */
export function engineUrns(resources: readonly PlannedResource[], previous = false): Map<string, string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const chains = new Map<string, string>();
    const typeOf = (r: PlannedResource) => (previous ? r.aliases?.[0] : undefined) ?? r.type;
    const chainOf = (r: PlannedResource): string => {
        const known = chains.get(r.urn);
        if (known !== undefined) return known;
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        const chain = parent && parent.type !== "pulumi:pulumi:Stack" ? `${chainOf(parent)}$${typeOf(r)}` : typeOf(r);
        chains.set(r.urn, chain);
        return chain;
    };
    const out = new Map<string, string>();
    for (const r of resources) {
        const head = r.urn.slice(0, r.urn.indexOf("::", r.urn.indexOf("::") + 2) + 2);
        out.set(r.urn, `${head}${chainOf(r)}::${r.name}`);
    }
    return out;
}
