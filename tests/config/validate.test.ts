import * as assert from "node:assert/strict";
import { parse } from "yaml";
import {
    asBoolean, asInteger, asStructured, cidrsOverlap, isAccountId, isDnsLabel, isDnsName, isRegion, isRoleArn,
    parseCidr, partitionOf, show,
    isPinnedImage, parseBackendRef, unquotedAccountId,
} from "../../config/validate";

describe("pure validators", () => {
    it("account ids are exactly 12 digits, as strings", () => {
        assert.equal(isAccountId("111111111111"), true);
        assert.equal(isAccountId("011111111111"), true);
        assert.equal(isAccountId("11111111111"), false);
        assert.equal(isAccountId("1111111111112"), false);
        assert.equal(isAccountId(111111111111), false);
        assert.equal(isAccountId("11111111111a"), false);
    });

    it("DNS labels and names", () => {
        assert.equal(isDnsLabel("serviceb"), true);
        assert.equal(isDnsLabel("cell-1"), true);
        assert.equal(isDnsLabel("Cell1"), false);
        assert.equal(isDnsLabel("-cell"), false);
        assert.equal(isDnsLabel("cell-"), false);
        assert.equal(isDnsLabel("a".repeat(63)), true);
        assert.equal(isDnsLabel("a".repeat(64)), false);
        assert.equal(isDnsLabel("service_b"), false);
        assert.equal(isDnsName("internal-domain1.com"), true);
        assert.equal(isDnsName("internal"), false);
        assert.equal(isDnsName("Internal.com"), false);
        assert.equal(isDnsName("a..com"), false);
    });

    it("CIDRs parse only without host bits, and overlap is detected", () => {
        assert.deepEqual(parseCidr("10.0.0.0/16"), { network: 0x0a000000, prefix: 16 });
        assert.equal(parseCidr("10.0.0.1/16"), undefined);
        assert.equal(parseCidr("10.0.0.0/33"), undefined);
        assert.equal(parseCidr("256.0.0.0/8"), undefined);
        assert.equal(parseCidr("10.0.0.0"), undefined);
        assert.equal(cidrsOverlap("10.192.0.0/16", "10.193.0.0/16"), false);
        assert.equal(cidrsOverlap("10.0.0.0/8", "10.193.0.0/16"), true);
        assert.equal(cidrsOverlap("192.168.0.0/28", "192.168.0.0/16"), true);
    });

    it("integers and booleans accept the string spellings `pulumi config set` stores", () => {
        assert.equal(asInteger(50), 50);
        assert.equal(asInteger("50"), 50);
        assert.equal(asInteger(" 7 "), 7);
        assert.equal(asInteger(5.5), undefined);
        assert.equal(asInteger("5.5"), undefined);
        assert.equal(asInteger("fifty"), undefined);
        assert.equal(asBoolean("true"), true);
        assert.equal(asBoolean(false), false);
        assert.equal(asBoolean("yes"), undefined);
    });

    it("structured values arrive as JSON text from Pulumi and as objects from YAML", () => {
        assert.deepEqual(asStructured('{"a":1}'), { a: 1 });
        assert.deepEqual(asStructured('["111111111111"]'), ["111111111111"]);
        assert.equal(asStructured("plain"), "plain");
        assert.equal(asStructured("{broken"), "{broken");
    });

    it("regions, partitions, role ARNs and value rendering", () => {
        assert.equal(isRegion("us-east-1"), true);
        assert.equal(isRegion("us-gov-west-1"), true);
        assert.equal(isRegion("useast1"), false);
        assert.equal(partitionOf("cn-north-1"), "aws-cn");
        assert.equal(partitionOf("us-gov-west-1"), "aws-us-gov");
        assert.equal(partitionOf("eu-west-1"), "aws");
        assert.equal(isRoleArn("arn:aws:iam::111111111111:role/cellmesh-deployer"), true);
        assert.equal(isRoleArn("arn:aws:iam::111111111111:user/someone"), false);
        assert.equal(show(undefined), "(not set)");
        assert.equal(show("x"), '"x"');
    });

    it("images must carry a tag other than latest, or a digest", () => {
        assert.equal(isPinnedImage("public.ecr.aws/docker/library/node:20-alpine"), true);
        assert.equal(isPinnedImage("localhost:5000/app:1.2.3"), true);
        assert.equal(isPinnedImage("localhost:5000/app"), false);
        assert.equal(isPinnedImage("nginx"), false);
        assert.equal(isPinnedImage("nginx:latest"), false);
        assert.equal(isPinnedImage(`nginx@sha256:${"a".repeat(64)}`), true);
    });

    it("backend references: local names, fully qualified names, explicit ports", () => {
        assert.deepEqual(parseBackendRef("serviceb", "internal-domain1.com", 5001),
            { kind: "local", service: "serviceb", namespace: "internal-domain1.com", virtualServiceName: "serviceb.internal-domain1.com", port: 5001 });
        assert.deepEqual(parseBackendRef("servicex.internal-domain2.com", "internal-domain1.com", 5001),
            { kind: "remote", service: "servicex", namespace: "internal-domain2.com", virtualServiceName: "servicex.internal-domain2.com", port: 5001 });
        assert.deepEqual(parseBackendRef("servicex.internal-domain2.com:8080", "internal-domain1.com", 5001),
            { kind: "remote", service: "servicex", namespace: "internal-domain2.com", virtualServiceName: "servicex.internal-domain2.com", port: 8080 });
        assert.equal(parseBackendRef("serviceb.internal-domain1.com", "internal-domain1.com", 5001)?.kind, "local");
        assert.equal(parseBackendRef("serviceb:80", "internal-domain1.com", 5001), undefined);
        assert.equal(parseBackendRef("Service.x.com", "internal-domain1.com", 5001), undefined);
        assert.equal(parseBackendRef("x.com:70000", "internal-domain1.com", 5001), undefined);
        assert.equal(parseBackendRef(42, "internal-domain1.com", 5001), undefined);
    });
});

describe("unquotedAccountId", () => {
    it("recognizes the numbers YAML makes of unquoted ids, and pads back the zeros it dropped", () => {
        const [dropped, whole] = parse("[012345678901, 111111111111]") as number[];
        assert.equal(dropped, 12345678901);
        assert.deepEqual(unquotedAccountId(dropped), { id: "012345678901", problem: "quote it: YAML reads it as a number and drops the leading zero, so it read 12345678901 (11 digits)" });
        assert.deepEqual(unquotedAccountId(whole), { id: "111111111111", problem: "quote it: YAML reads it as a number" });
        assert.equal(unquotedAccountId("111111111111"), undefined);
        assert.equal(unquotedAccountId(1234567890123), undefined);
        assert.equal(unquotedAccountId(1.5), undefined);
    });
});
