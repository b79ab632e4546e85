import * as assert from "assert";
import { parseStackConfig } from "../../config/load";
import { ConsumerConfig } from "../../config/types";
import { loaderProblems } from "../helpers/configProblems";
import { rawLatticeSample } from "../helpers/fixtures";

const consumer = (wave: unknown) => parseStackConfig({ ...rawLatticeSample("acct2"), ...(wave === undefined ? {} : { "cellmesh:wave": wave }) }, "acct2") as ConsumerConfig;
const problems = (stack: "acct1" | "acct2", wave: unknown) => loaderProblems({ ...rawLatticeSample(stack), "cellmesh:wave": wave }, stack);

describe("cellmesh:wave", () => {
    it("a consumer's wave: a whole number from 1, 1 when unset; YAML may give it as a string", () => {
        assert.strictEqual(consumer(undefined).wave, 1);
        assert.strictEqual(consumer(3).wave, 3);
        assert.strictEqual(consumer("2").wave, 2);
    });

    it("refuses 0, negatives and fractions with the key, the value and what is valid", () => {
        const valid = "a whole number from 1 up: after the owner, consumers roll out wave by wave in increasing order (default 1)";
        assert.deepStrictEqual(problems("acct2", 0), [`cellmesh:wave = 0: ${valid}`]);
        assert.deepStrictEqual(problems("acct2", -2), [`cellmesh:wave = -2: ${valid}`]);
        assert.deepStrictEqual(problems("acct2", 1.5), [`cellmesh:wave = 1.5: ${valid}`]);
        assert.deepStrictEqual(problems("acct2", "first"), [`cellmesh:wave = "first": ${valid}`]);
    });

    it("the owner has no wave: it always runs first, alone", () => {
        assert.deepStrictEqual(problems("acct1", 1), ["cellmesh:wave = 1: only a consumer stack takes this key; remove it from the owner stack"]);
    });
});
