// The README is a front door (at most 250 lines) and every relative link of the README and of docs/
// points at a file that exists, and at a heading of it when it names one (GitHub's anchors).

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./fixtures";

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

function anchors(file: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    let fenced = false;
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (line.startsWith("```")) fenced = !fenced;
        const m = !fenced && /^#{1,6} (.+)$/.exec(line);
        if (!m) continue;
        const base = anchorOf(m[1]);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        out.add(n === 0 ? base : `${base}-${n}`);
    }
    return out;
}

/** Relative links `[text](target)` outside code blocks and code spans. */
function links(file: string): string[] {
    let fenced = false;
    const out: string[] = [];
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (line.startsWith("```")) fenced = !fenced;
        if (fenced) continue;
        for (const m of line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
            if (!/^[a-z]+:/.test(m[1])) out.push(m[1]);
        }
    }
    return out;
}

const DOCS = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f));
const CHECKED = ["README.md", ...DOCS, "components/lattice/README.md", "components/eks/lattice/README.md"];

describe("documentation", () => {
    it("the README is a front door: at most 250 lines, linking every file of docs/", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.ok(readme.split("\n").length <= 250, `README.md has ${readme.split("\n").length} lines`);
        for (const doc of DOCS) assert.ok(readme.includes(`](${doc})`), `README.md does not link ${doc}`);
    });

    for (const file of CHECKED) {
        it(`${file}: every relative link points at an existing file and heading`, () => {
            const broken: string[] = [];
            for (const link of links(path.join(ROOT, file))) {
                const [target, anchor] = link.split("#");
                const resolved = target === "" ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), target);
                if (!fs.existsSync(resolved)) {
                    broken.push(`${link}: no such file`);
                } else if (anchor !== undefined && resolved.endsWith(".md") && !anchors(resolved).has(anchor)) {
                    broken.push(`${link}: no heading #${anchor}`);
                }
            }
            assert.deepEqual(broken, []);
        });
    }

    it("anchors follow GitHub's rule", () => {
        assert.equal(anchorOf("Where an IAM statement uses `\"Resource\": \"*\"`, and why"), "where-an-iam-statement-uses-resource--and-why");
        assert.equal(anchorOf("VPC Lattice on EKS (`examples/lattice-eks`)"), "vpc-lattice-on-eks-exampleslattice-eks");
        assert.equal(anchorOf("`@pulumi/awsguard`"), "pulumiawsguard");
    });
});
