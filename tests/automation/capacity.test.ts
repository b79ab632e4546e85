import * as assert from "assert";
import { defaultMaxConcurrency, STACK_MEMORY_BYTES, thisMachine } from "../../automation/capacity";

const GiB = 1024 ** 3;

describe("default --max-concurrency", () => {
    it("three quarters of the available memory at 1 GiB a stack, at most 4 a CPU, at least 1", () => {
        assert.strictEqual(STACK_MEMORY_BYTES, GiB);
        // This machine (24 GiB, 2 vCPUs): memory allows 17, the CPUs 8.
        assert.strictEqual(defaultMaxConcurrency({ availableMemory: 23 * GiB, cpus: 2 }), 8);
        // A CI runner with 7 GiB and 4 CPUs: memory decides.
        assert.strictEqual(defaultMaxConcurrency({ availableMemory: 7 * GiB, cpus: 4 }), 5);
        // A 64 GiB, 16-CPU workstation: 48 by memory, 64 by CPU.
        assert.strictEqual(defaultMaxConcurrency({ availableMemory: 64 * GiB, cpus: 16 }), 48);
        // Too little memory for one stack still runs one at a time.
        assert.strictEqual(defaultMaxConcurrency({ availableMemory: 0.5 * GiB, cpus: 8 }), 1);
    });

    it("reads this machine's available memory and CPUs", () => {
        const m = thisMachine();
        assert.ok(m.availableMemory > 0 && Number.isInteger(m.cpus) && m.cpus >= 1, JSON.stringify(m));
    });
});
