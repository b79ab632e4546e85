// No import cycles among the source folders, checked with dpdm (the parser behind `npx dpdm`), type-only
// imports left out (`transform`): they vanish when TypeScript compiles. `npm run cycles` runs this file alone.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCircular, parseDependencyTree, prettyCircular } from "dpdm";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE_FOLDERS = ["stacks", "config", "engines", "compute", "shared", "plan", "automation", "bench", "policy", "tools"];

async function cycles(context: string, patterns: string[]): Promise<{ files: number; cycles: string[][] }> {
    const tree = await parseDependencyTree(patterns, { cwd: context, context, transform: true });
    return { files: Object.keys(tree).filter((f) => !f.includes("node_modules")).length, cycles: parseCircular(tree) };
}

describe("import cycles (dpdm)", () => {
    it("none among the source folders", async () => {
        const found = await cycles(ROOT, SOURCE_FOLDERS.map((d) => `${d}/**/*.{ts,js}`));
        assert.ok(found.files > 150, `only ${found.files} files parsed: the patterns match too little`);
        assert.deepEqual(found.cycles, [], `import cycles:\n${prettyCircular(found.cycles)}`);
    });

    it("finds a cycle of value imports and ignores one of type-only imports", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cellmesh-cycles-"));
        fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
        fs.writeFileSync(path.join(dir, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
        fs.writeFileSync(path.join(dir, "c.ts"), 'import type { D } from "./d";\nexport interface C { d?: D }\n');
        fs.writeFileSync(path.join(dir, "d.ts"), 'import type { C } from "./c";\nexport interface D { c?: C }\n');
        const found = await cycles(dir, ["*.ts"]);
        assert.deepEqual(found.cycles.map((c) => [...c].sort()), [["a.ts", "b.ts"]]);
    });
});
