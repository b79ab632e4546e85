// A consumer's view of its owner stack: one stack reference, the checks that stop a consumer from
// joining an owner of another engine or compute before anything is created, and a provider for the
// owner's account. Outputs are read only through the typed contract (stacks/ownerContract.ts).

import * as aws from "../shared/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConsumerConfig } from "../config/types";
import { OwnerContract, OwnerReference, ownerProviderArgs } from "./ownerContract";

/**
 * Reads the owner stack named by `cellmesh:ownerStack`. `accountOutput` is the output with the
 * owner's account id (App Mesh: the mesh owner; Lattice: the service network's owner).
 */
export async function readOwner(
    c: ConsumerConfig, accountOutput: string, check?: (plain: <T>(key: string) => Promise<T | undefined>) => Promise<void>,
): Promise<OwnerReference> {
    const reference = new pulumi.StackReference("owner", { name: c.ownerStack });
    const plain = async <T>(key: string) => (await reference.getOutputDetails(key)).value as T | undefined;
    // Whether the owner shared outside its organization steers what we create, so read it as a plain value.
    const external = (await plain<string>("sharing")) === "external";
    // Owners deployed before the Lattice engine existed export no engine: they are App Mesh.
    const ownerEngine = (await plain<string>("engine")) ?? "appmesh";
    if (ownerEngine !== c.engine) {
        throw new ConfigError(c.stack, [`cellmesh:engine = "${c.engine}": the owner stack ${c.ownerStack} runs the ${ownerEngine} engine; every stack of a mesh uses the same engine`]);
    }
    // Owners deployed before the EKS variant existed export no compute: they are ECS.
    const ownerCompute = (await plain<string>("compute")) ?? "ecs";
    if (ownerCompute !== c.compute) {
        throw new ConfigError(c.stack, [`cellmesh:compute = "${c.compute}": the owner stack ${c.ownerStack} runs on ${ownerCompute}; every stack of a mesh uses the same compute variant`]);
    }
    // The engine's own checks against what the owner really deployed, before anything is created here.
    if (check) await check(plain);
    const output = (key: string) => reference.requireOutput(key) as pulumi.Output<any>;
    const accountId = output(accountOutput) as pulumi.Output<string>;
    // Cross-account: the owner halves of the DNS association (and, on EKS, of the peering) run with the owner account's credentials.
    const provider = new aws.Provider("owner-account", ownerProviderArgs(c.region, c.ownerAccess, accountId));
    return {
        stack: c.ownerStack,
        output,
        plain: (key: string) => plain(key),
        external,
        accountId,
        provider,
    } as OwnerReference<OwnerContract>;
}
