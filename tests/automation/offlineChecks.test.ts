// Every check that needs no AWS runs before the preflight and before any Pulumi CLI step, in every
// command, with or without --skip-preflight (automation/offlineChecks.ts): exact messages, and proof
// that neither the preflight nor the CLI was reached.

import * as assert from "node:assert/strict";
import { CliDeps, main } from "../../automation/cli";
import { consumerYaml, OWNER_YAML, Sandbox } from "./helpers";

const lattice = (yaml: string) => yaml.replace("cellmesh:engine: appmesh", "cellmesh:engine: lattice");

describe("offline checks come first in every driver command", function () {
    this.timeout(20000);
    let sb: Sandbox;
    let err: string[];
    let reached: string[];
    afterEach(() => sb.dispose());

    function use(stacks: Record<string, string>): void {
        sb = new Sandbox(stacks);
        err = [];
        reached = [];
    }
    function deps(): CliDeps {
        return {
            cwd: sb.projectDir, env: { ...process.env }, signal: new AbortController().signal,
            out: () => undefined, err: (t) => err.push(t),
            runPreflight: async () => {
                reached.push("preflight");
                return [];
            },
            resolveCli: async () => {
                reached.push("cli");
                return sb.cli();
            },
            program: async () => ({}),
        };
    }
    /** Runs the command with and without --skip-preflight; both must stop at the same message before AWS and the CLI. */
    async function refused(argv: string[], code: number, message: string): Promise<void> {
        for (const extra of [[], ["--skip-preflight"]]) {
            err = [];
            assert.equal(await main([...argv, ...extra], deps()), code, [...argv, ...extra].join(" "));
            assert.deepEqual(err, [message], [...argv, ...extra].join(" "));
            assert.deepEqual(reached, [], "neither the preflight nor the Pulumi CLI may run");
            assert.deepEqual(sb.calls(), []);
        }
    }

    it("shift: an unknown service, before credentials or the CLI", async () => {
        use({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2")) });
        await refused(["shift", "--stack", "acct1", "--service", "servicez", "--weights", "cell1=80"], 2,
            '--service servicez: stack acct1 has no service "servicez"; its services: servicea, serviceb');
    });

    it("release: an unknown service, an unpinned image and a gate floor, before credentials or the CLI", async () => {
        use({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2")) });
        await refused(["release", "--stack", "acct1", "--service", "servicez", "--image", "ghcr.io/acme/serviceb:2.0.1"], 2,
            '--service servicez: stack acct1 has no service "servicez"; its services: servicea, serviceb');
        await refused(["release", "--stack", "acct1", "--service", "serviceb", "--image", "ghcr.io/acme/serviceb:latest"], 1,
            '--image "ghcr.io/acme/serviceb:latest": an image reference with an explicit tag other than latest (or a digest)');
        await refused(["release", "--stack", "acct1", "--service", "serviceb", "--image", "ghcr.io/acme/serviceb:2.0.1", "--cells", "cell9"], 1,
            "--cells: service serviceb of stack acct1 has no cell cell9; its cells: cell1, cell2");
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=10", "--gate", "--propagation", "30"], 2,
            "shift serviceb in acct1: propagation 30s is below VPC Lattice's 90s (a weight change takes about that long to reach the data plane, so the gate would measure the old weights); to lower it on purpose (a sandbox drill, a test) add --allow-short-waits or set release.allowShortWaits: true");
    });

    it("shift: --stack names the flag the user typed", async () => {
        use({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2")) });
        await refused(["shift", "--stack", "acct9", "--service", "serviceb", "--weights", "cell1=10"], 2,
            "--stack: no stack named acct9; stacks of this project: acct1, acct2");
    });

    it("shift on App Mesh: the total rule, with the cells the flag leaves out", async () => {
        use({ acct1: OWNER_YAML, acct2: consumerYaml("222222222222", "acct2") });
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=80,cell2=30"], 2,
            '--weights "cell1=80,cell2=30": the weights add up to 110; App Mesh allows a total of at most 100 (weights are relative, e.g. cell1=50 cell2=50)');
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=80"], 2,
            '--weights "cell1=80" (serviceb\'s cells then: cell1=80 cell2=50): the weights add up to 130; App Mesh allows a total of at most 100 (weights are relative, e.g. cell1=50 cell2=50)');
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=101,cell2=0"], 2,
            '--weights "cell1=101,cell2=0": cell1 = 101: a weight must be an integer from 0 to 100, all of a service\'s weights adding up to at most 100');
    });

    it("shift on VPC Lattice: the range 0..999, for too large and negative weights alike", async () => {
        use({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2")) });
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell2=1000"], 2,
            '--weights "cell2=1000": cell2 = 1000: a weight must be an integer from 0 to 999 (VPC Lattice weights are relative: 50/50 = 1/1)');
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=-1,cell2=10"], 2,
            '--weights "cell1=-1,cell2=10": cell1 = -1: a weight must be an integer from 0 to 999 (VPC Lattice weights are relative: 50/50 = 1/1)');
        await refused(["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell9=10"], 2,
            '--weights "cell9=10": service serviceb of stack acct1 has no cell cell9; its cells: cell1, cell2 (add a cell in Pulumi.acct1.yaml and roll out first)');
    });

    it("rollout, preview and destroy refuse stacks in two regions before the preflight, with --skip-preflight too", async () => {
        use({ acct1: lattice(OWNER_YAML), acct2: lattice(consumerYaml("222222222222", "acct2", "us-west-2")) });
        const message = "stack acct2 (account 222222222222) uses region us-west-2 but acct1 uses us-east-1; VPC Lattice is regional and a service network is shared only within its region: set aws:region: us-east-1 in Pulumi.acct2.yaml";
        for (const argv of [["rollout"], ["preview"], ["destroy", "--yes"], ["shift", "--stack", "acct1", "--service", "serviceb", "--weights", "cell1=10"]]) {
            await refused(argv, 1, message);
        }
    });
});
