// What a run says it did, honestly: a stack's changes counted from the engine's events (so a stack
// that fails half-way shows what it created before failing, not "no resources"), the results counted
// by kind (succeeded, failed, skipped, cancelled: a skipped stack never counts as succeeded), and the
// files of the user's that the Pulumi CLI wrote (creating a stack writes its encryptionsalt into
// Pulumi.<stack>.yaml, even for a preview).

import * as fs from "node:fs";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { StackInfo } from "./discovery";
import type { StackOutcome, StackResult } from "./progress";

/** Steps that are parts of a replacement, which the engine's summary counts once as `replace`. */
const PARTS_OF_A_REPLACEMENT = new Set(["create-replacement", "delete-replaced", "read-replacement", "import-replacement", "discard-replaced"]);

/** The changes one operation made so far, by the engine's op names (`create`, `same`, ...), from its events. */
export class ChangeTally {
    private readonly counts: Record<string, number> = {};

    add(event: EngineEvent): void {
        const done = event.resOutputsEvent?.metadata;
        if (done && done.type !== "pulumi:pulumi:Stack" && !PARTS_OF_A_REPLACEMENT.has(done.op)) this.bump(done.op);
        if (event.resOpFailedEvent) this.bump("failed");
    }

    private bump(op: string): void {
        this.counts[op] = (this.counts[op] ?? 0) + 1;
    }

    changes(): Record<string, number> {
        return { ...this.counts };
    }
}

export type ResultCounts = Readonly<Record<StackOutcome, number>>;

export function countResults(results: readonly StackResult[]): ResultCounts {
    const counts: Record<StackOutcome, number> = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
    for (const r of results) counts[r.result] += 1;
    return counts;
}

/** `2 succeeded, 0 failed, 1 skipped, 0 cancelled` (stack operations). */
export function countsLine(counts: ResultCounts): string {
    return `${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.cancelled} cancelled`;
}

/** A file of the user's that the Pulumi CLI wrote during the run, and why. */
export interface FileWritten {
    readonly stack: string;
    readonly file: string;
    readonly why: string;
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);

/**
 * `open`, noting when opening a stack changed its Pulumi.<stack>.yaml: the CLI creates a stack on
 * first use and writes the passphrase's salt there (`encryptionsalt`, Pulumi's stack settings file
 * reference), preview included.
 */
export function notingFileWrites(open: (info: StackInfo) => Promise<Stack>, note: (w: FileWritten) => void): (info: StackInfo) => Promise<Stack> {
    return async (info) => {
        const before = read(info.file);
        const stack = await open(info);
        const after = read(info.file);
        if (after !== before) {
            const salt = after !== undefined && /^encryptionsalt:/m.test(after) && !(before !== undefined && /^encryptionsalt:/m.test(before));
            note({
                stack: info.name, file: info.file,
                why: salt
                    ? "the Pulumi CLI created the stack on first use and wrote encryptionsalt there (the salt of its passphrase-encrypted secrets): keep that line and commit it"
                    : "the Pulumi CLI changed it while opening the stack",
            });
        }
        return stack;
    };
}
