// Reading IAM policy documents as Pulumi passes them: a JSON string (RolePolicy.policy,
// Role.assumeRolePolicy) or, from some programs, an already parsed object.

export interface Statement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: string | string[];
    readonly NotResource?: string | string[];
    readonly Principal?: string | Record<string, string | string[]>;
    readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** The statements of a policy document, or undefined when it is not one (then other checks fail loudly). */
export function statementsOf(document: unknown): Statement[] | undefined {
    let doc = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            return undefined;
        }
    }
    if (typeof doc !== "object" || doc === null) return undefined;
    const statement = (doc as { Statement?: unknown }).Statement;
    if (statement === undefined) return [];
    return (Array.isArray(statement) ? statement : [statement]) as Statement[];
}

export function asList(value: string | string[] | undefined): string[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
}

/** `"EcrLogin"`, or `#2` for a statement without a Sid (1-based). */
export function statementLabel(s: Statement, index: number): string {
    return s.Sid ? `"${s.Sid}"` : `#${index + 1}`;
}

export function isAllow(s: Statement): boolean {
    return s.Effect === "Allow";
}

/** IAM's own matching: case-insensitive, `*` any run of characters, `?` one character. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp("^" + pattern.split("").map((ch) =>
        ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join("") + "$", "i");
    return re.test(action);
}

/** The policy-document properties of an IAM resource, with a label for messages. */
export function documentsOf(type: string, props: Record<string, any>): { label: string; document: unknown }[] {
    switch (type) {
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/policy:Policy":
            return [{ label: "policy", document: props.policy }];
        case "aws:iam/role:Role":
            return (props.inlinePolicies ?? []).map((p: { name?: string; policy?: unknown }, i: number) =>
                ({ label: `inline policy ${p.name ? `"${p.name}"` : `#${i + 1}`}`, document: p.policy }));
        default:
            return [];
    }
}
