// @pulumi/awsguard's rules over the sample stacks, without constructing its pack: each area module
// exports its policy objects, whose validateResource functions are called like ours.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../fixtures";
import { Policy, SampleStack, runPolicies, sampleStacks, securedSampleStacks } from "./helpers";

/**
 * awsguard 0.3.1 was written against @pulumi/aws 4 and matches the load balancer rules on the old
 * alias tokens only; the same resources are `aws:lb/...` in @pulumi/aws 7. Mapped here so its rules
 * judge our load balancers (in a real `pulumi preview` they would silently not apply).
 */
const AWSGUARD_TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
    "aws:lb/loadBalancer:LoadBalancer": [
        "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", "aws:applicationloadbalancing/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer",
    ],
    "aws:lb/listener:Listener": [
        "aws:elasticloadbalancingv2/listener:Listener", "aws:applicationloadbalancing/listener:Listener", "aws:alb/listener:Listener",
    ],
    "aws:elb/loadBalancer:LoadBalancer": ["aws:elasticloadbalancing/loadBalancer:LoadBalancer"],
};

function loadAwsGuardPolicies(): Policy[] {
    // security.js loads the AWS SDK v2, which prints an end-of-support note on load.
    process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
    const areas = ["apiGateway", "compute", "database", "elasticsearch", "network", "security", "storage"];
    return areas.flatMap((area) => Object.values(require(`@pulumi/awsguard/${area}`) as Record<string, unknown>))
        .filter((p): p is Policy => typeof p === "object" && p !== null && "name" in p && ("validateResource" in p || "validateStack" in p));
}

/** The type tokens a policy's validations are bound to (awsguard's stack policies say none). */
function typesOf(policy: Policy): string[] {
    const v = (policy as { validateResource?: unknown; validateStack?: unknown }).validateResource
        ?? (policy as { validateStack?: unknown }).validateStack;
    return (Array.isArray(v) ? v : [v]).map((f) => (f as { __pulumiType?: string }).__pulumiType ?? "?");
}

/** The outcome per awsguard rule over every sample stack; docs/security.md's table says the same with reasons. */
const EXPECTED_AWSGUARD: Readonly<Record<string, string>> = {
    "apigateway-stage-cached": "not applicable",
    "apigateway-method-cached-and-encrypted": "not applicable",
    "apigateway-endpoint-type": "not applicable",
    "ec2-instance-detailed-monitoring-enabled": "not applicable",
    "ec2-instance-no-public-ip": "not applicable",
    "ec2-volume-inuse": "not applicable",
    "elb-logging-enabled": "fails: Application Load Balancer must have access logs enabled. | Elastic Load Balancer must have access logs enabled.",
    "encrypted-volumes": "not applicable",
    "redshift-cluster-configuration": "not applicable",
    "redshift-cluster-maintenance-settings": "not applicable",
    "redshift-cluster-public-access": "not applicable",
    "dynamodb-table-encryption-enabled": "not applicable",
    "rds-instance-backup-enabled": "not applicable",
    "rds-instance-multi-az-enabled": "not applicable",
    "rds-instance-public-access": "not applicable",
    "rds-storage-encrypted": "not applicable",
    "elasticsearch-encrypted-at-rest": "not applicable",
    "elasticsearch-in-vpc-only": "not applicable",
    "alb-http-to-https-redirection": "fails: Default action for HTTP listener must be a redirect using HTTPS.",
    "acm-certificate-expiration": "not applicable",
    "cmk-backing-key-rotation-enabled": "not applicable",
    "access-keys-rotated": "not applicable",
    "mfa-enabled-for-iam-console-access": "not applicable",
    "efs-encrypted": "not applicable",
    "elb-deletion-protection-enabled": "fails: Deletion Protection must be enabled.",
    "s3-bucket-logging-enabled": "not applicable",
};

/**
 * The outcome per awsguard rule over the samples with every security option on (HTTPS with the
 * redirect, access logs, mesh TLS certificates, KMS on logs). Rules whose outcome does not change are
 * taken from EXPECTED_AWSGUARD.
 */
const EXPECTED_AWSGUARD_SECURED: Readonly<Record<string, string>> = {
    ...EXPECTED_AWSGUARD,
    "elb-logging-enabled": "passes",
    "alb-http-to-https-redirection": "passes",
    // Applicable now (mesh TLS creates ACM certificates), but it asks ACM for each certificate's expiry.
    "acm-certificate-expiration": "not run offline",
};

/** Rules that call AWS (AWS SDK v2, no stub here): recorded as "not run offline" where they would apply. */
const CALLS_AWS = ["acm-certificate-expiration"];

/** Each rule's outcome over a set of recorded stacks, in the words of EXPECTED_AWSGUARD. */
function outcomes(guard: readonly Policy[], stacks: readonly SampleStack[]): Record<string, string> {
    const resources = stacks.flatMap((s) => s.resources);
    const present = new Set(resources.flatMap((r) => [r.type, ...(AWSGUARD_TYPE_ALIASES[r.type] ?? [])]));
    const applies = (p: Policy) => typesOf(p).some((t) => present.has(t));
    const violations = runPolicies(guard.filter((p) => !(CALLS_AWS.includes(p.name) && applies(p))), resources, "advisory", AWSGUARD_TYPE_ALIASES);
    const outcome: Record<string, string> = {};
    for (const p of guard) {
        const messages = [...new Set(violations.filter((v) => v.policy === p.name).map((v) => v.message))].sort();
        outcome[p.name] = messages.length > 0 ? `fails: ${messages.join(" | ")}`
            : !applies(p) ? "not applicable" : CALLS_AWS.includes(p.name) ? "not run offline" : "passes";
    }
    return outcome;
}

/** docs/security.md's awsguard table: rule -> [sample config, with the security options]. */
function readmeAwsGuardTable(): Record<string, [string, string]> {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "security.md"), "utf8");
    const rows: Record<string, [string, string]> = {};
    for (const m of doc.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \| [^|]+ \|$/gm)) rows[m[1]] = [m[2].trim(), m[3].trim()];
    return rows;
}

/** The docs' word for an outcome: a failure is written "fails (...)" with the reason in the last column. */
function readmeWord(outcome: string): string {
    return outcome.startsWith("fails: ") ? "fails" : outcome;
}

describe("@pulumi/awsguard rules over the sample stacks", function () {
    this.timeout(60000);
    let stacks: SampleStack[];
    let secured: SampleStack[];
    let guard: Policy[];
    before(async () => {
        stacks = await sampleStacks();
        secured = await securedSampleStacks();
        guard = loadAwsGuardPolicies();
    });

    it("loads every awsguard rule from its area modules (no second PolicyPack)", () => {
        assert.deepEqual(guard.map((p) => p.name).sort(), Object.keys(EXPECTED_AWSGUARD).sort());
    });

    it("matches load balancers only on pre-@pulumi/aws 5 tokens, hence the alias map", () => {
        const lbRules = guard.filter((p) => ["elb-logging-enabled", "alb-http-to-https-redirection", "elb-deletion-protection-enabled"].includes(p.name));
        const tokens = new Set(lbRules.flatMap(typesOf));
        assert.ok(!tokens.has("aws:lb/loadBalancer:LoadBalancer") && !tokens.has("aws:lb/listener:Listener"));
        const resources = stacks.flatMap((s) => s.resources);
        assert.deepEqual(runPolicies(guard, resources, "advisory"), [], "without the alias map no awsguard rule fires");
    });

    it("passes or deliberately fails each applicable rule, as docs/security.md records", () => {
        assert.deepEqual(outcomes(guard, stacks), EXPECTED_AWSGUARD);
        // Every failure is on the public ALB and its listener, nothing else.
        const violations = runPolicies(guard, stacks.flatMap((s) => s.resources), "advisory", AWSGUARD_TYPE_ALIASES);
        assert.deepEqual([...new Set(violations.map((v) => v.resource.split("::")[0]))].sort(),
            ["aws:lb/listener:Listener", "aws:lb/loadBalancer:LoadBalancer"]);
    });

    it("with every security option: HTTPS redirection and access logging pass; only deletion protection still fails", () => {
        assert.deepEqual(outcomes(guard, secured), EXPECTED_AWSGUARD_SECURED);
        const ran = guard.filter((p) => !CALLS_AWS.includes(p.name));
        const violations = runPolicies(ran, secured.flatMap((s) => s.resources), "advisory", AWSGUARD_TYPE_ALIASES);
        assert.deepEqual([...new Set(violations.map((v) => `${v.policy} ${v.resource}`))].sort(), [
            "elb-deletion-protection-enabled aws:lb/loadBalancer:LoadBalancer::ingress-ingress-alb",
            "elb-deletion-protection-enabled aws:lb/loadBalancer:LoadBalancer::servicea-ingress-alb",
        ]);
    });

    it("docs/security.md's table says the same for every rule, with the sample config and with the security options", () => {
        const table = readmeAwsGuardTable();
        assert.deepEqual(Object.keys(table).sort(), Object.keys(EXPECTED_AWSGUARD).sort(), "docs/security.md's awsguard table has one row per rule");
        for (const name of Object.keys(EXPECTED_AWSGUARD)) {
            const [plain, withOptions] = table[name];
            assert.ok(plain.startsWith(readmeWord(EXPECTED_AWSGUARD[name])), `${name}: docs/security.md says "${plain}" for the sample config, the run says "${EXPECTED_AWSGUARD[name]}"`);
            assert.ok(withOptions.startsWith(readmeWord(EXPECTED_AWSGUARD_SECURED[name])),
                `${name}: docs/security.md says "${withOptions}" with the security options, the run says "${EXPECTED_AWSGUARD_SECURED[name]}"`);
        }
    });
});
