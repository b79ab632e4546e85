// Generates cellmesh projects of a given size for the plan benchmark: one owner (one ingress
// service) and N consumer accounts sharing `services` services of `cells` cells round-robin.

import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";

export interface BenchSize {
    /** Consumer services in total, spread over the consumers. */
    readonly services: number;
    readonly consumers: number;
    readonly cells: number;
}

function cellWeights(cells: number): Record<string, number> {
    const base = Math.floor(100 / cells);
    return Object.fromEntries(Array.from({ length: cells }, (_, i) => [`cell${i + 1}`, i === 0 ? 100 - base * (cells - 1) : base]));
}

export function writeBenchProject(dir: string, size: BenchSize): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: cellmesh\nruntime:\n  name: nodejs\nmain: stacks/\n");
    const account = (i: number) => String(200000000000 + i);
    const consumers = Array.from({ length: size.consumers }, (_, i) => account(i + 1));
    const perConsumer: Record<string, Record<string, unknown>>[] = consumers.map(() => ({}));
    for (let s = 0; s < size.services; s++) {
        const c = s % size.consumers;
        const name = `svc${s + 1}`;
        // Each service calls the next one of the same consumer, and the first calls the owner's entry.
        const next = s + size.consumers < size.services ? [`svc${s + size.consumers + 1}`] : [];
        perConsumer[c][name] = { port: 8080, cells: cellWeights(size.cells), backends: next };
    }
    fs.writeFileSync(path.join(dir, "Pulumi.owner.yaml"), stringify({
        config: {
            "aws:region": "us-east-1", "aws:allowedAccountIds": ["111111111111"],
            "cellmesh:role": "owner", "cellmesh:meshName": "bench", "cellmesh:consumers": consumers,
            "cellmesh:namespace": "owner.internal",
            "cellmesh:services": {
                entry: { port: 8080, ingress: true, cells: cellWeights(Math.min(size.cells, 5)), backends: size.services > 0 ? ["svc1.c1.internal"] : [] },
            },
        },
    }));
    consumers.forEach((id, i) => {
        if (Object.keys(perConsumer[i]).length === 0) return;
        fs.writeFileSync(path.join(dir, `Pulumi.c${i + 1}.yaml`), stringify({
            config: {
                "aws:region": "us-east-1", "aws:allowedAccountIds": [id],
                "cellmesh:role": "consumer", "cellmesh:ownerStack": "organization/cellmesh/owner", "cellmesh:ownerAccess": { profile: "owner" },
                "cellmesh:namespace": `c${i + 1}.internal`,
                "cellmesh:services": perConsumer[i],
            },
        }));
    });
}
