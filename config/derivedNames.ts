// The AWS names made from a stack's config that cellmesh cannot shorten, checked against AWS's limits
// (shared/awsNames.ts) before anything is created: what the stack's compute names after the stack
// and its cells (compute/names.ts) and each service's DNS name. One message per config key: a stack
// name that breaks a rule breaks it in every name made from it.

import { COMPUTES } from "../compute";
import type { Compute } from "../compute";
import type { DerivedName } from "../compute/names";
import { NAME_LIMITS } from "../shared/awsNames";
import type { Problems } from "./problems";

/** Characters each kind takes, where AWS restricts them beyond a DNS label (names made from a stack's name). */
const CHARACTERS: Partial<Record<DerivedName["kind"], { readonly pattern: RegExp; readonly rule: string }>> = {
    ecsCluster: { pattern: /^[A-Za-z0-9_-]+$/, rule: "letters, digits, hyphens and underscores" },
    ecsFamily: { pattern: /^[A-Za-z0-9_-]+$/, rule: "letters, digits, hyphens and underscores" },
    eksCluster: { pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/, rule: "letters, digits, hyphens and underscores, starting with a letter or digit" },
    logGroup: { pattern: /^[A-Za-z0-9_\-/.#]+$/, rule: "letters, digits and _ - / . #" },
};

/** Why `d` is refused, or undefined. */
export function derivedNameProblem(d: DerivedName): string | undefined {
    const limit = NAME_LIMITS[d.kind];
    const chars = CHARACTERS[d.kind];
    if (d.name.length > limit.max) return `${d.what} made from it, "${d.name}", has ${d.name.length} characters; AWS allows at most ${limit.max} (${limit.source})`;
    if (chars && !chars.pattern.test(d.name)) return `${d.what} made from it, "${d.name}", may hold only ${chars.rule} (${limit.source})`;
    return undefined;
}

/** Adds one problem per config key whose derived names AWS would refuse. */
export function derivedNameProblems(p: Problems, stack: string, compute: Compute, namespace: string, services: readonly { readonly name: string; readonly cells: readonly { readonly name: string }[] }[]): void {
    const names: DerivedName[] = [
        ...COMPUTES[compute].config.derivedNames(stack, services),
        ...services.map((s) => ({ kind: "dnsName" as const, name: `${s.name}.${namespace}`, what: "the DNS name clients dial", key: `cellmesh:services.${s.name}`, value: s.name })),
    ];
    const reported = new Set<string>();
    for (const d of names) {
        // A stack name AWS refuses is one problem, not one per name made from it.
        if (reported.has(d.key) || (reported.has("stack") && d.name.includes(stack))) continue;
        const why = derivedNameProblem(d);
        if (!why) continue;
        reported.add(d.key);
        const fix = d.key === "stack" ? `rename Pulumi.${stack}.yaml` : d.kind === "dnsName" ? "shorten the service name or cellmesh:namespace" : "shorten the cell, service or stack name";
        p.add(d.key === "stack" ? "stack name" : d.key, d.value, `${why}: ${fix}`);
    }
}
