import * as assert from "assert";
import { AppMeshClient, ListMeshesCommand } from "@aws-sdk/client-app-mesh";
import { DescribeOrganizationCommand, ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ListServiceNetworksCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { mockClient } from "aws-sdk-client-mock";
import { AwsFactory, preflight } from "../../automation/preflight";
import { consumerYaml, OWNER_YAML, Sandbox } from "./helpers";

/** Credentials whose key id says which account they belong to; the stubs answer by that. */
function creds(account: string) {
    return async () => ({ accessKeyId: `key-${account}`, secretAccessKey: "secret" });
}

async function accountOf(getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }): Promise<string> {
    return (await getClient().config.credentials()).accessKeyId.replace("key-", "");
}

describe("preflight (AWS SDK stubbed with aws-sdk-client-mock)", () => {
    const sts = mockClient(STSClient);
    const orgs = mockClient(OrganizationsClient);
    const mesh = mockClient(AppMeshClient);
    let sb: Sandbox;
    /** Which account each profile really reaches. */
    let profiles: Record<string, string>;
    const aws: AwsFactory = {
        credentials: (s) => {
            const account = profiles[s.config.profile ?? "default"];
            return account ? creds(account) : async () => { throw Object.assign(new Error(`Could not resolve credentials using profile: [${s.config.profile}] in configuration/credentials file(s).`), { name: "CredentialsProviderError" }); };
        },
        ownerAccess: (c) => creds(profiles["profile" in c.config.ownerAccess ? c.config.ownerAccess.profile : "role"]),
    };

    beforeEach(() => {
        sb = new Sandbox({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        profiles = { acct1: "111111111111", acct2: "222222222222" };
        sts.reset();
        orgs.reset();
        mesh.reset();
        sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
            const account = await accountOf(getClient as never);
            return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/deployer/me` };
        });
        orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc", MasterAccountId: "999999999999" } });
        orgs.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: "ram.amazonaws.com" }] });
        mesh.on(ListMeshesCommand).resolves({ meshes: [] });
    });
    afterEach(() => sb.dispose());
    after(() => {
        sts.restore();
        orgs.restore();
        mesh.restore();
    });

    const errors = async () => (await preflight(sb.project(), aws)).filter((f) => f.level !== "ok").map((f) => `${f.level}: ${f.message}`);

    it("passes when every check passes, and calls App Mesh in the stacks' region", async () => {
        const findings = await preflight(sb.project(), aws);
        assert.deepStrictEqual(findings.filter((f) => f.level !== "ok"), []);
        assert.deepStrictEqual(findings.map((f) => `${f.stack} ${f.check}`), [
            "acct1 account", "acct2 account", "acct2 owner-access", "acct1 sharing", "acct1 mesh-engine", "acct2 mesh-engine",
        ]);
        const call = mesh.commandCalls(ListMeshesCommand)[0];
        assert.deepStrictEqual(call.args[0].input, { limit: 1 });
        assert.strictEqual(await (call.thisValue as AppMeshClient).config.region(), "us-east-1");
    });

    it("wrong account: names the stack, both accounts and the fix", async () => {
        profiles.acct2 = "444444444444";
        assert.deepStrictEqual(await errors(), [
            "error: stack acct2: credentials from profile \"acct2\" belong to account 444444444444, but aws:allowedAccountIds is 222222222222; point aws:profile at a profile of account 222222222222 (or correct aws:allowedAccountIds)",
        ]);
    });

    it("missing profile: names the profile", async () => {
        delete profiles.acct2;
        assert.deepStrictEqual(await errors(), [
            "error: stack acct2 (account 222222222222): no credentials from profile \"acct2\" (CredentialsProviderError: Could not resolve credentials using profile: [acct2] in configuration/credentials file(s).); create it (aws configure --profile acct2, or aws configure sso --profile acct2) or change aws:profile in Pulumi.acct2.yaml",
        ]);
    });

    it("App Mesh unavailable (endpoint gone after end of support): says so and points to docs/engines.md", async () => {
        mesh.on(ListMeshesCommand).rejects(Object.assign(new Error("getaddrinfo ENOTFOUND appmesh.us-east-1.amazonaws.com"), { code: "ENOTFOUND" }));
        const found = await errors();
        assert.strictEqual(found.length, 2);
        assert.strictEqual(found[0],
            "error: stack acct1 (account 111111111111): the App Mesh API does not work in us-east-1: its endpoint does not answer (Error: getaddrinfo ENOTFOUND appmesh.us-east-1.amazonaws.com). " +
            "AWS ended support for App Mesh on 2026-09-30 (no new customers since 2024-09-24), so the service is likely discontinued for this account or region; " +
            "cellmesh's App Mesh engine cannot deploy here. See \"App Mesh end of support\" in docs/engines.md#app-mesh-end-of-support");
    });

    it("App Mesh refusing the call also points to end of support, and to permissions", async () => {
        mesh.on(ListMeshesCommand).rejects(Object.assign(new Error("User is not authorized to perform appmesh:ListMeshes"), { name: "AccessDeniedException" }));
        const [first] = await errors();
        assert.match(first, /the call was refused \(AccessDeniedException: User is not authorized to perform appmesh:ListMeshes\)\. AWS ended support for App Mesh on 2026-09-30/);
        assert.match(first, /docs\/engines\.md#app-mesh-end-of-support; if the account does still use App Mesh, allow appmesh:ListMeshes/);
    });

    it("organization sharing: owner outside any organization, consumer in another one, RAM sharing off", async () => {
        orgs.on(DescribeOrganizationCommand).callsFake(async (_i, getClient) => {
            const account = await accountOf(getClient as never);
            return { Organization: { Id: account === "222222222222" ? "o-other" : "o-abc", MasterAccountId: "999999999999" } };
        });
        orgs.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [] });
        assert.deepStrictEqual(await errors(), [
            "error: stack acct2 (account 222222222222) is in organization o-other, not in the owner's o-abc; organization sharing reaches only the owner's organization: set cellmesh:sharing: external in Pulumi.acct1.yaml",
            "error: stack acct1 (account 111111111111): RAM sharing with AWS Organizations is off in organization o-abc; from the management account 999999999999 run `aws ram enable-sharing-with-aws-organization`, or set cellmesh:sharing: external in Pulumi.acct1.yaml",
        ]);
        orgs.on(DescribeOrganizationCommand).rejects(Object.assign(new Error("not in use"), { name: "AWSOrganizationsNotInUseException" }));
        assert.deepStrictEqual(await errors(), [
            "error: stack acct1 (account 111111111111) is not in an AWS Organization, so cellmesh:sharing: organization cannot share the mesh; set cellmesh:sharing: external in Pulumi.acct1.yaml",
        ]);
    });

    it("from a member account the RAM organization setting cannot be read: a warning, not a failure", async () => {
        orgs.on(ListAWSServiceAccessForOrganizationCommand).rejects(Object.assign(new Error("You don't have permissions"), { name: "AccessDeniedException" }));
        assert.deepStrictEqual(await errors(), [
            "warning: stack acct1 (account 111111111111): could not verify that RAM sharing with organization o-abc is enabled (only the management account 999999999999 may list it: AccessDeniedException: You don't have permissions); if the mesh share fails, run `aws ram enable-sharing-with-aws-organization` in 999999999999",
        ]);
    });

    it("external sharing skips the organization checks", async () => {
        sb.dispose();
        sb = new Sandbox({ acct1: OWNER_YAML.replace("cellmesh:role: owner", "cellmesh:role: owner\n  cellmesh:sharing: external"), acct2: consumerYaml("222222222222", "acct2") });
        assert.deepStrictEqual(await errors(), []);
        assert.strictEqual(orgs.calls().length, 0);
    });

    it("a consumer's owner access that reaches the wrong account", async () => {
        profiles.acct1 = "111111111111";
        const wrong: AwsFactory = { ...aws, ownerAccess: () => creds("555555555555") };
        const found = (await preflight(sb.project(), wrong)).filter((f) => f.level === "error").map((f) => f.message);
        assert.deepStrictEqual(found, [
            "stack acct2: cellmesh:ownerAccess (profile \"acct1\") reaches account 555555555555, not the owner account 111111111111; point it at the owner account in Pulumi.acct2.yaml",
        ]);
    });
});

/** The driver's test project with `cellmesh:engine: lattice` in both stacks. */
const latticeOwnerYaml = OWNER_YAML.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");
const latticeConsumerYaml = (account: string, profile: string, region?: string) =>
    consumerYaml(account, profile, region).replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");

describe("preflight for engine lattice (AWS SDK stubbed with aws-sdk-client-mock)", () => {
    const sts = mockClient(STSClient);
    const orgs = mockClient(OrganizationsClient);
    const mesh = mockClient(AppMeshClient);
    const lattice = mockClient(VPCLatticeClient);
    let sb: Sandbox;
    const accounts: Record<string, string> = { acct1: "111111111111", acct2: "222222222222" };
    const aws: AwsFactory = {
        credentials: (s) => creds(accounts[s.config.profile ?? "default"]),
        ownerAccess: () => creds("111111111111"),
    };

    beforeEach(() => {
        sb = new Sandbox({ acct1: latticeOwnerYaml, acct2: latticeConsumerYaml("222222222222", "acct2") });
        for (const m of [sts, orgs, mesh, lattice]) m.reset();
        sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
            const account = await accountOf(getClient as never);
            return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/deployer/me` };
        });
        orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc", MasterAccountId: "999999999999" } });
        orgs.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: "ram.amazonaws.com" }] });
        lattice.on(ListServiceNetworksCommand).resolves({ items: [] });
    });
    afterEach(() => sb.dispose());
    after(() => {
        for (const m of [sts, orgs, mesh, lattice]) m.restore();
    });

    const errors = async () => (await preflight(sb.project(), aws)).filter((f) => f.level !== "ok").map((f) => `${f.level}: ${f.message}`);

    it("passes: calls VPC Lattice (not App Mesh) for every stack, in the stacks' region, with each stack's credentials; RAM sharing is checked as for App Mesh", async () => {
        const findings = await preflight(sb.project(), aws);
        assert.deepStrictEqual(findings.map((f) => `${f.level} ${f.stack} ${f.check}: ${f.message}`), [
            "ok acct1 account: stack acct1: profile \"acct1\" is account 111111111111 (arn:aws:sts::111111111111:assumed-role/deployer/me)",
            "ok acct2 account: stack acct2: profile \"acct2\" is account 222222222222 (arn:aws:sts::222222222222:assumed-role/deployer/me)",
            "ok acct2 owner-access: stack acct2: owner access via profile \"acct1\" reaches account 111111111111",
            "ok acct1 sharing: stack acct1: RAM sharing with organization o-abc is enabled",
            "ok acct1 mesh-engine: stack acct1: the VPC Lattice API answers in us-east-1",
            "ok acct2 mesh-engine: stack acct2: the VPC Lattice API answers in us-east-1",
        ]);
        assert.strictEqual(mesh.calls().length, 0, "no App Mesh call for lattice stacks");
        const calls = lattice.commandCalls(ListServiceNetworksCommand);
        assert.deepStrictEqual(calls.map((c) => c.args[0].input), [{ maxResults: 1 }, { maxResults: 1 }]);
        assert.deepStrictEqual(await Promise.all(calls.map(async (c) => [await (c.thisValue as VPCLatticeClient).config.region(), await accountOf(() => c.thisValue as never)])),
            [["us-east-1", "111111111111"], ["us-east-1", "222222222222"]]);
    });

    it("VPC Lattice not offered in the region: says so for each stack", async () => {
        lattice.on(ListServiceNetworksCommand).rejects(Object.assign(new Error("getaddrinfo ENOTFOUND vpc-lattice.us-east-1.amazonaws.com"), { code: "ENOTFOUND" }));
        assert.deepStrictEqual(await errors(), ["111111111111 acct1", "222222222222 acct2"].map((who) => {
            const [account, stack] = who.split(" ");
            return `error: stack ${stack} (account ${account}): the VPC Lattice API does not work in us-east-1: its endpoint does not answer (Error: getaddrinfo ENOTFOUND vpc-lattice.us-east-1.amazonaws.com), so VPC Lattice is most likely not offered in us-east-1: use a region where it is (every stack of the mesh in the same one)`;
        }));
    });

    it("VPC Lattice refusing the call: names the permission", async () => {
        lattice.on(ListServiceNetworksCommand).callsFake(async (_input, getClient) => {
            if ((await accountOf(getClient as never)) === "222222222222") {
                throw Object.assign(new Error("User is not authorized to perform vpc-lattice:ListServiceNetworks"), { name: "AccessDeniedException" });
            }
            return { items: [] };
        });
        assert.deepStrictEqual(await errors(), [
            "error: stack acct2 (account 222222222222): the VPC Lattice API does not work in us-east-1: the call was refused (AccessDeniedException: User is not authorized to perform vpc-lattice:ListServiceNetworks): allow vpc-lattice:ListServiceNetworks and the vpc-lattice actions the deployment needs for the deploying role",
        ]);
    });

    it("RAM speaks of the service network", async () => {
        orgs.on(DescribeOrganizationCommand).rejects(Object.assign(new Error("not in use"), { name: "AWSOrganizationsNotInUseException" }));
        assert.deepStrictEqual(await errors(), [
            "error: stack acct1 (account 111111111111) is not in an AWS Organization, so cellmesh:sharing: organization cannot share the service network; set cellmesh:sharing: external in Pulumi.acct1.yaml",
        ]);
        orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc", MasterAccountId: "999999999999" } });
        orgs.on(ListAWSServiceAccessForOrganizationCommand).rejects(Object.assign(new Error("You don't have permissions"), { name: "AccessDeniedException" }));
        assert.deepStrictEqual(await errors(), [
            "warning: stack acct1 (account 111111111111): could not verify that RAM sharing with organization o-abc is enabled (only the management account 999999999999 may list it: AccessDeniedException: You don't have permissions); if the service network share fails, run `aws ram enable-sharing-with-aws-organization` in 999999999999",
        ]);
    });
});
