// Checks that run before anything changes, with the AWS SDK v3: credentials, accounts,
// RAM sharing and the mesh engine's API (App Mesh or VPC Lattice, by `cellmesh:engine`). Each failed
// check names the stack, the account and the fix.
//
// Organization sharing is checked from the accounts the driver has credentials for:
// - `organizations:DescribeOrganization` (allowed from any member account) for the owner and each
//   consumer: all must be in one organization for `sharing: organization`;
// - `organizations:ListAWSServiceAccessForOrganization` tells whether RAM sharing with the
//   organization is on (`ram.amazonaws.com` enabled), but only the management account (or a
//   delegated administrator) may call it. From a member account the answer is AccessDenied, and the
//   check becomes a warning: RAM offers no read-only call that says it from a member account
//   (`EnableSharingWithAwsOrganization` is a write, also management-account only).

import { DescribeOrganizationCommand, ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { ConsumerConfig } from "../config/types";
import { ENGINES } from "../engines";
import { describe, isAccessDenied } from "./awsErrors";
import { Project, StackInfo, selectedStacks } from "./discovery";
import { DriverError } from "./errors";

/** A credential source as the SDK's providers return it (`fromIni(...)`, the default chain). */
export type AwsCredentialIdentityProvider = ReturnType<typeof fromIni>;

export interface Finding {
    readonly stack: string;
    readonly account: string;
    readonly check: "credentials" | "account" | "owner-access" | "sharing" | "mesh-engine";
    readonly level: "ok" | "warning" | "error";
    readonly message: string;
}

/** Where credentials and clients come from; tests swap the credential sources, the SDK is stubbed. */
export interface AwsFactory {
    /** The stack's own credentials: its `aws:profile`, else the default chain. */
    credentials(stack: StackInfo): AwsCredentialIdentityProvider;
    /** A consumer's way into the owner account (`cellmesh:ownerAccess`). */
    ownerAccess(consumer: StackInfo<ConsumerConfig>, own: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider;
}

export const defaultAwsFactory: AwsFactory = {
    credentials: (stack) => (stack.config.profile ? fromIni({ profile: stack.config.profile }) : fromNodeProviderChain()),
    ownerAccess: (consumer, own) => {
        const access = consumer.config.ownerAccess;
        return "profile" in access
            ? fromIni({ profile: access.profile })
            : fromTemporaryCredentials({ masterCredentials: own, params: { RoleArn: access.roleArn, RoleSessionName: "cellmesh-preflight" }, clientConfig: { region: consumer.config.region } });
    },
};


function credentialSource(stack: StackInfo): string {
    return stack.config.profile ? `profile "${stack.config.profile}"` : "the default credential chain (no aws:profile)";
}

/** Resolves the stack's credentials and checks they belong to its `aws:allowedAccountIds` account. */
export async function checkAccount(stack: StackInfo, creds: AwsCredentialIdentityProvider): Promise<Finding> {
    const base = { stack: stack.name, account: stack.config.accountId };
    try {
        await creds();
    } catch (err) {
        const fix = stack.config.profile
            ? `create it (aws configure --profile ${stack.config.profile}, or aws configure sso --profile ${stack.config.profile}) or change aws:profile in Pulumi.${stack.name}.yaml`
            : `set aws:profile in Pulumi.${stack.name}.yaml to a profile for account ${stack.config.accountId}`;
        return { ...base, check: "credentials", level: "error", message: `stack ${stack.name} (account ${stack.config.accountId}): no credentials from ${credentialSource(stack)} (${describe(err)}); ${fix}` };
    }
    try {
        const id = await new STSClient({ region: stack.config.region, credentials: creds }).send(new GetCallerIdentityCommand({}));
        if (id.Account !== stack.config.accountId) {
            return {
                ...base, check: "account", level: "error",
                message: `stack ${stack.name}: credentials from ${credentialSource(stack)} belong to account ${id.Account}, but aws:allowedAccountIds is ${stack.config.accountId}; point aws:profile at a profile of account ${stack.config.accountId} (or correct aws:allowedAccountIds)`,
            };
        }
        return { ...base, check: "account", level: "ok", message: `stack ${stack.name}: ${credentialSource(stack)} is account ${id.Account} (${id.Arn ?? ""})` };
    } catch (err) {
        return { ...base, check: "credentials", level: "error", message: `stack ${stack.name} (account ${stack.config.accountId}): sts:GetCallerIdentity with ${credentialSource(stack)} failed (${describe(err)}); refresh the credentials (aws sso login --profile ${stack.config.profile ?? "<profile>"}) and run again` };
    }
}

/** A consumer's owner access (profile or role) must reach the owner's account. */
export async function checkOwnerAccess(consumer: StackInfo<ConsumerConfig>, ownerAccount: string, creds: AwsCredentialIdentityProvider): Promise<Finding> {
    const access = consumer.config.ownerAccess;
    const what = "profile" in access ? `profile "${access.profile}"` : `role ${access.roleArn}`;
    const base = { stack: consumer.name, account: consumer.config.accountId, check: "owner-access" as const };
    try {
        const id = await new STSClient({ region: consumer.config.region, credentials: creds }).send(new GetCallerIdentityCommand({}));
        if (id.Account !== ownerAccount) {
            return { ...base, level: "error", message: `stack ${consumer.name}: cellmesh:ownerAccess (${what}) reaches account ${id.Account}, not the owner account ${ownerAccount}; point it at the owner account in Pulumi.${consumer.name}.yaml` };
        }
        return { ...base, level: "ok", message: `stack ${consumer.name}: owner access via ${what} reaches account ${ownerAccount}` };
    } catch (err) {
        return { ...base, level: "error", message: `stack ${consumer.name} (account ${consumer.config.accountId}): cellmesh:ownerAccess (${what}) gives no credentials for the owner account ${ownerAccount} (${describe(err)}); ${"profile" in access ? `create the profile (aws configure --profile ${access.profile})` : "allow this account to assume the role (its trust policy) and check the ARN"}` };
    }
}


/** The owner can share the mesh (or the service network) with its consumers through RAM. */
export async function checkSharing(owner: StackInfo, consumers: readonly StackInfo[], credsOf: (s: StackInfo) => AwsCredentialIdentityProvider): Promise<Finding[]> {
    const o = owner.config;
    if (o.role !== "owner") return [];
    const thing = ENGINES[o.engine].networkNoun;
    const base = { stack: owner.name, account: o.accountId, check: "sharing" as const };
    if (o.sharing === "external") {
        return [{ ...base, level: "ok", message: `stack ${owner.name}: cellmesh:sharing is external; consumers accept the RAM invitation (the consumer stacks create the accepter)` }];
    }
    const orgs = (s: StackInfo) => new OrganizationsClient({ region: s.config.region, credentials: credsOf(s) });
    let orgId: string | undefined;
    let managementAccount: string | undefined;
    try {
        const org = await orgs(owner).send(new DescribeOrganizationCommand({}));
        orgId = org.Organization?.Id;
        managementAccount = org.Organization?.MasterAccountId;
    } catch (err) {
        const notInOrg = /AWSOrganizationsNotInUse/.test((err as Error).name ?? "");
        return [{
            ...base, level: "error",
            message: notInOrg
                ? `stack ${owner.name} (account ${o.accountId}) is not in an AWS Organization, so cellmesh:sharing: organization cannot share the ${thing}; set cellmesh:sharing: external in Pulumi.${owner.name}.yaml`
                : `stack ${owner.name} (account ${o.accountId}): organizations:DescribeOrganization failed (${describe(err)}); allow it for the deploying role, or set cellmesh:sharing: external in Pulumi.${owner.name}.yaml`,
        }];
    }
    const findings: Finding[] = [];
    for (const c of consumers) {
        try {
            const org = await orgs(c).send(new DescribeOrganizationCommand({}));
            if (org.Organization?.Id !== orgId) {
                findings.push({ stack: c.name, account: c.config.accountId, check: "sharing", level: "error", message: `stack ${c.name} (account ${c.config.accountId}) is in organization ${org.Organization?.Id}, not in the owner's ${orgId}; organization sharing reaches only the owner's organization: set cellmesh:sharing: external in Pulumi.${owner.name}.yaml` });
            }
        } catch (err) {
            findings.push({ stack: c.name, account: c.config.accountId, check: "sharing", level: "error", message: `stack ${c.name} (account ${c.config.accountId}) is not in the owner's organization ${orgId} (${describe(err)}); set cellmesh:sharing: external in Pulumi.${owner.name}.yaml` });
        }
    }
    try {
        const access = await orgs(owner).send(new ListAWSServiceAccessForOrganizationCommand({}));
        const ram = (access.EnabledServicePrincipals ?? []).some((p) => p.ServicePrincipal === "ram.amazonaws.com");
        findings.push(ram
            ? { ...base, level: "ok", message: `stack ${owner.name}: RAM sharing with organization ${orgId} is enabled` }
            : { ...base, level: "error", message: `stack ${owner.name} (account ${o.accountId}): RAM sharing with AWS Organizations is off in organization ${orgId}; from the management account ${managementAccount} run \`aws ram enable-sharing-with-aws-organization\`, or set cellmesh:sharing: external in Pulumi.${owner.name}.yaml` });
    } catch (err) {
        findings.push({
            ...base, level: isAccessDenied(err) ? "warning" : "error",
            message: `stack ${owner.name} (account ${o.accountId}): could not verify that RAM sharing with organization ${orgId} is enabled (only the management account ${managementAccount} may list it: ${describe(err)}); if the ${thing} share fails, run \`aws ram enable-sharing-with-aws-organization\` in ${managementAccount}`,
        });
    }
    return findings;
}





/** Runs every check for the selected stacks; returns all findings (ok, warning, error). */
export async function preflight(project: Project, aws: AwsFactory = defaultAwsFactory): Promise<Finding[]> {
    const stacks = selectedStacks(project);
    // One region for every stack is checked offline, before the preflight (config/projectChecks.ts).
    const findings: Finding[] = [];
    const creds = new Map<string, AwsCredentialIdentityProvider>();
    const credsOf = (s: StackInfo) => {
        if (!creds.has(s.name)) creds.set(s.name, aws.credentials(s));
        return creds.get(s.name) as AwsCredentialIdentityProvider;
    };
    const accounts = await Promise.all(stacks.map((s) => checkAccount(s, credsOf(s))));
    findings.push(...accounts);
    const usable = stacks.filter((s) => accounts.find((f) => f.stack === s.name)?.level === "ok");
    const owner = project.allStacks.find((s) => s.config.role === "owner");
    for (const c of project.consumers.filter((s) => usable.includes(s))) {
        findings.push(await checkOwnerAccess(c, owner?.config.accountId ?? "", aws.ownerAccess(c, credsOf(c))));
    }
    if (project.owner && usable.includes(project.owner)) {
        findings.push(...(await checkSharing(project.owner, project.consumers.filter((c) => usable.includes(c)), credsOf)));
    }
    // Each stack's engine checks that its own API answers.
    for (const s of usable) findings.push(await ENGINES[s.config.engine].preflight(s, credsOf(s)));
    return findings;
}

/** Thrown when a check fails; the message lists every failed check. */
export class PreflightError extends DriverError {
    constructor(readonly findings: readonly Finding[]) {
        super(["preflight failed, nothing was changed:", ...findings.filter((f) => f.level === "error").map((f) => `  - ${f.message}`)].join("\n"));
        this.name = "PreflightError";
    }
}
