// Stack files are read with YAML 1.2's core schema (automation/yamlFile.ts): the values a stack file
// holds reach the loader as the same types the `yaml` package gave before, with no extra types.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { readYamlFile } from "../../automation/yamlFile";

describe("reading a stack file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-yaml-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const read = (text: string) => {
        const file = path.join(dir, "Pulumi.x.yaml");
        fs.writeFileSync(file, text);
        return readYamlFile(file);
    };

    it("core schema only: a date stays a string, an unquoted account id is a number without its leading zero", () => {
        const text = [
            "config:",
            "  cellmesh:accountId: 012345678901",
            "  cellmesh:since: 2026-12-01",
            "  cellmesh:version: 1.30",
            "  cellmesh:ingress: true",
            "  cellmesh:name: yes",
            "  cellmesh:none: ~",
            "  cellmesh:octal: 0o17",
            "  cellmesh:services: { servicea: { port: 5001, cells: { cell1: 50, cell2: 50 } } }",
        ].join("\n");
        const config = {
            "cellmesh:accountId": 12345678901, "cellmesh:since": "2026-12-01", "cellmesh:version": 1.3, "cellmesh:ingress": true,
            "cellmesh:name": "yes", "cellmesh:none": null, "cellmesh:octal": 15,
            "cellmesh:services": { servicea: { port: 5001, cells: { cell1: 50, cell2: 50 } } },
        };
        assert.deepEqual(read(text), { config });
        // The same values as the `yaml` package's default (YAML 1.2 core), which read these files before.
        assert.deepEqual(parse(text), { config });
    });

    it("an empty file is null; a syntax error gives the line and column", () => {
        assert.equal(read(""), null);
        assert.throws(() => read("config:\n  aws:region: us-west-2\n   bad: [\n"), { name: "YAMLException", message: /^bad indentation of a mapping entry \(3:7\)/ });
    });
});
