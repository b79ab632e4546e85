// How the benchmarks print: the machine they ran on, and aligned tables.

export function machine(): string {
    const os = require("node:os") as typeof import("node:os");
    return `${os.cpus().length} CPUs ${os.arch()}, Node ${process.version}`;
}

/** Right-aligned columns; with `leftFirst` the first column is left-aligned (names, not numbers). */
export function table(header: readonly string[], body: readonly (readonly string[])[], leftFirst = false): string {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 && leftFirst ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    return [line(header), ...body.map(line)].map((l) => l.trimEnd()).join("\n");
}
