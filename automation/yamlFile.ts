// Stack files and Pulumi.yaml are read with js-yaml's YAML 1.2 core schema (no timestamps or other
// extra types: `2026-12-01` stays a string, `012345678901` is the number 12345678901). js-yaml is the
// parser @pulumi/pulumi loads anyway; the `yaml` package cost 0.05 s of every plan's start
// (docs/testing.md), so it stays only where a file is edited with its comments kept (stackWorkspace.ts).

import * as fs from "node:fs";
import { CORE_SCHEMA, load } from "js-yaml";

/** The file's one YAML document; null when it is empty. Syntax errors give the line and column (callers name the file). */
export function readYamlFile(file: string): unknown {
    return load(fs.readFileSync(file, "utf8"), { schema: CORE_SCHEMA }) ?? null;
}
