// Mermaid flowchart of the topology: one subgraph per account, traffic as solid arrows with the
// cell weights, cross-account links dashed. Paste it into any Mermaid viewer (GitHub renders it).

import { NodeKind, TopoNode, Topology } from "./topology";

const SHAPES: Readonly<Record<NodeKind, [string, string]>> = {
    internet: ["((", "))"],
    account: ["{{", "}}"],
    vpc: ["[(", ")]"],
    mesh: ["[[", "]]"],
    namespace: ["[[", "]]"],
    service: ["([", "])"],
    cell: ["[", "]"],
    ingress: ["[/", "/]"],
    gateway: ["[/", "/]"],
};

function label(text: string): string {
    return `"${text.replace(/"/g, "#quot;")}"`;
}

function node(n: TopoNode): string {
    const [open, close] = SHAPES[n.kind];
    return `${n.id}${open}${label(n.label)}${close}`;
}

export function renderMermaid(topo: Topology): string {
    const lines = ["flowchart LR"];
    for (const n of topo.nodes.filter((x) => !x.group)) lines.push(`  ${node(n)}`);
    for (const g of topo.groups) {
        lines.push(`  subgraph ${g.id}[${label(g.label)}]`);
        for (const n of topo.nodes.filter((x) => x.group === g.id)) lines.push(`    ${node(n)}`);
        lines.push("  end");
    }
    for (const e of topo.edges) {
        const arrow = e.style === "link" ? "-.->" : "-->";
        lines.push(e.label ? `  ${e.from} ${arrow}|${label(e.label)}| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
    }
    return lines.join("\n") + "\n";
}
