// What a release remembers between runs, so Ctrl-C or a crash can be resumed: the image, the cells'
// order, each cell's weight before the release (where it goes back to) and its image before (what a
// failure restores). Kept beside the stack files in `.cellmesh/` (git-ignored); everything else a
// resume needs is read from the stack's config (which image each cell runs, at which weight).

import * as fs from "node:fs";
import * as path from "node:path";

export interface ReleaseRecord {
    readonly stack: string;
    readonly service: string;
    readonly image: string;
    readonly cells: readonly string[];
    /** Each cell's weight when the release started. */
    readonly homeWeights: Readonly<Record<string, number>>;
    /** Each cell's own image when the release started (absent: it ran the service's). */
    readonly previousImages: Readonly<Record<string, string | null>>;
}

export function recordFile(projectDir: string, stack: string, service: string): string {
    return path.join(projectDir, ".cellmesh", `release-${stack}-${service}.json`);
}

export function readRecord(file: string): ReleaseRecord | undefined {
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ReleaseRecord) : undefined;
}

export function writeRecord(file: string, record: ReleaseRecord): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
}
