// The same topology as Graphviz DOT, rendered to SVG by @viz-js/viz (Graphviz compiled to
// WebAssembly): no browser, no system package, no network.

import { NodeKind, Topology } from "./topology";

const SHAPES: Readonly<Record<NodeKind, string>> = {
    internet: "shape=circle",
    account: "shape=hexagon, style=filled, fillcolor=\"#eeeeee\"",
    vpc: "shape=cylinder",
    mesh: "shape=component",
    namespace: "shape=component",
    service: "shape=box, style=\"rounded,filled\", fillcolor=\"#dbe9ff\"",
    cell: "shape=box",
    ingress: "shape=parallelogram",
    gateway: "shape=parallelogram",
};

function q(text: string): string {
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, "\\\"")}"`;
}

export function renderDot(topo: Topology): string {
    const lines = ["digraph cellmesh {", "  rankdir=LR;", "  fontname=\"Helvetica\";", "  node [fontname=\"Helvetica\", fontsize=11];", "  edge [fontname=\"Helvetica\", fontsize=10];"];
    for (const n of topo.nodes.filter((x) => !x.group)) lines.push(`  ${n.id} [label=${q(n.label)}, ${SHAPES[n.kind]}];`);
    for (const g of topo.groups) {
        lines.push(`  subgraph cluster_${g.id} {`, `    label=${q(g.label)};`, "    style=rounded;");
        for (const n of topo.nodes.filter((x) => x.group === g.id)) lines.push(`    ${n.id} [label=${q(n.label)}, ${SHAPES[n.kind]}];`);
        lines.push("  }");
    }
    for (const e of topo.edges) {
        const attrs = [...(e.label ? [`label=${q(e.label)}`] : []), ...(e.style === "link" ? ["style=dashed", "color=\"#7a5cb8\""] : [])];
        lines.push(`  ${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
    }
    lines.push("}");
    return lines.join("\n") + "\n";
}

/** Renders DOT to SVG text with Graphviz (WASM). Loaded lazily: only the diagram needs it. */
export async function renderSvg(dot: string): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { instance } = require("@viz-js/viz") as typeof import("@viz-js/viz");
    const viz = await instance();
    return viz.renderString(dot, { format: "svg", engine: "dot" });
}
