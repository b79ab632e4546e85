// The pack's shape, without constructing it: names, levels, the files the CLI needs, and docs.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_PACK_NAME, policies } from "../../policy/policies";
import { STAR_RESOURCE_ACTIONS } from "../../policy/rules/starResources";
import { ROOT } from "../fixtures";

const POLICY_DIR = path.join(ROOT, "policy");
const read = (...p: string[]) => fs.readFileSync(path.join(ROOT, ...p), "utf8");

describe("policy pack layout", () => {
    it("has uniquely named, described, mandatory cellmesh policies", () => {
        const names = policies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        for (const p of policies) {
            assert.match(p.name, /^cellmesh-[a-z0-9-]+$/);
            assert.ok(p.description.length > 20, `${p.name} needs a description`);
            assert.equal(p.enforcementLevel, "mandatory", p.name);
        }
        assert.equal(POLICY_PACK_NAME, "cellmesh-security");
    });

    it("constructs the PolicyPack in policy/index.ts only", () => {
        const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
            e.isDirectory() ? (e.name === "node_modules" ? [] : files(path.join(dir, e.name))) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
        const constructing = files(POLICY_DIR).filter((f) => /new PolicyPack\(/.test(fs.readFileSync(f, "utf8")));
        assert.deepEqual(constructing.map((f) => path.relative(ROOT, f)), [path.join("policy", "index.ts")]);
    });

    it("is a nodejs policy pack whose dependencies match the project's (one @pulumi/pulumi)", () => {
        assert.match(read("policy", "PulumiPolicy.yaml"), /^runtime: nodejs$/m);
        const pack = JSON.parse(read("policy", "package.json"));
        const root = JSON.parse(read("package.json"));
        assert.equal(pack.dependencies["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"]);
        assert.equal(pack.dependencies["@pulumi/policy"], root.devDependencies["@pulumi/policy"]);
        assert.equal(require("@pulumi/policy/package.json").dependencies["@pulumi/pulumi"].startsWith("^3."), true);
    });

    it("docs/security.md documents every policy and every action allowed on Resource \"*\"", () => {
        const doc = read("docs/security.md");
        for (const p of policies) assert.ok(doc.includes(`\`${p.name}\``), `docs/security.md does not mention ${p.name}`);
        for (const action of Object.keys(STAR_RESOURCE_ACTIONS)) assert.ok(doc.includes(`\`${action}\``), `docs/security.md does not document ${action}`);
        assert.ok(doc.includes("pulumi preview --policy-pack policy"));
    });
});
