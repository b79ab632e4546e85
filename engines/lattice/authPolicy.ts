// Who may call through a VPC Lattice service network (or one service) whose authType is AWS_IAM.
// Pure builder: `latticeAuthPolicy` returns the document; the components serialize it once.
//
// With AWS_IAM, Lattice denies every request no auth policy allows. Signed callers (SigV4, service
// `vpc-lattice-svcs`) can be matched by `aws:PrincipalOrgID`; unsigned callers have no principal, so
// only the `vpc-lattice-svcs:SourceVpc*` keys can admit them: the way to keep access org-only
// without changing applications (lattice-facts.md, "Sharing across accounts").

import * as pulumi from "@pulumi/pulumi";

/** What the auth policy admits. Build it with the `LatticeAccess` factories. */
export interface LatticeAccess {
    /** Signed (SigV4) callers whose principal belongs to this AWS Organization (`o-...`). @default none */
    readonly organizationId?: string;
    /** Accounts whose VPCs may call without signing (`vpc-lattice-svcs:SourceVpcOwnerAccount`). @default [] */
    readonly sourceVpcOwnerAccounts?: readonly pulumi.Input<string>[];
}

export const LatticeAccess = {
    /** Only signed callers of the organization. Applications must sign their requests (SigV4). */
    organization(organizationId: string): LatticeAccess {
        return { organizationId };
    },
    /** Unsigned callers from VPCs owned by these accounts: applications change nothing. */
    vpcOwners(accounts: readonly pulumi.Input<string>[]): LatticeAccess {
        return { sourceVpcOwnerAccounts: accounts };
    },
    /** Both: signed callers of the organization, and unsigned callers from these accounts' VPCs. */
    organizationOrVpcOwners(organizationId: string, accounts: readonly pulumi.Input<string>[]): LatticeAccess {
        return { organizationId, sourceVpcOwnerAccounts: accounts };
    },
};

/** The only action an HTTP(S) caller needs (`Connect` is for TLS passthrough and resources). */
export const LATTICE_INVOKE = "vpc-lattice-svcs:Invoke";

export interface LatticeAuthStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    /** `*` is required to reach unsigned (anonymous) callers; the conditions do the narrowing. */
    readonly Principal: "*";
    readonly Action: string;
    readonly Resource: "*";
    readonly Condition: { readonly StringEquals: Readonly<Record<string, pulumi.Input<string> | readonly pulumi.Input<string>[]>> };
}

export interface LatticeAuthPolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly LatticeAuthStatement[];
}

/** Throws when the access admits nobody or names something that cannot be an org or account id. */
export function validateAccess(access: LatticeAccess): void {
    const accounts = access.sourceVpcOwnerAccounts ?? [];
    if (access.organizationId === undefined && accounts.length === 0) {
        throw new Error("Lattice access admits nobody: give an organizationId (signed callers) or sourceVpcOwnerAccounts (unsigned callers from those accounts' VPCs)");
    }
    if (access.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(access.organizationId)) {
        throw new Error(`Lattice access: "${access.organizationId}" is not an AWS Organizations id (o- followed by 10 to 32 lowercase letters or digits)`);
    }
    for (const account of accounts) {
        // Outputs (a stack reference's account id) are checked by AWS; plain values here.
        if (typeof account === "string" && !/^\d{12}$/.test(account)) {
            throw new Error(`Lattice access: "${account}" is not a 12-digit AWS account id`);
        }
    }
    const plain = accounts.filter((a): a is string => typeof a === "string");
    const duplicate = plain.find((a, i) => plain.indexOf(a) !== i);
    if (duplicate !== undefined) throw new Error(`Lattice access: account ${duplicate} is listed twice`);
}

/** The auth policy document: one statement per way in, nothing else allowed. */
export function latticeAuthPolicy(access: LatticeAccess): LatticeAuthPolicyDocument {
    validateAccess(access);
    const statements: LatticeAuthStatement[] = [];
    if (access.organizationId !== undefined) {
        statements.push({
            Sid: "SignedCallersOfTheOrganization",
            Effect: "Allow", Principal: "*", Action: LATTICE_INVOKE, Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": access.organizationId } },
        });
    }
    const accounts = access.sourceVpcOwnerAccounts ?? [];
    if (accounts.length > 0) {
        statements.push({
            Sid: "CallersFromVpcsOfListedAccounts",
            Effect: "Allow", Principal: "*", Action: LATTICE_INVOKE, Resource: "*",
            Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": [...accounts] } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The policy as the JSON string `aws.vpclattice.AuthPolicy` takes (outputs inside resolved first). */
export function latticeAuthPolicyJson(access: LatticeAccess): pulumi.Output<string> {
    return pulumi.jsonStringify(latticeAuthPolicy(access));
}
