// The VPC Lattice engine's preflight: the VPC Lattice API answers in the stack's region for the
// stack's credentials (`vpc-lattice:ListServiceNetworks`, which any deployer of the engine needs
// anyway). Lattice is not offered in every region; an endpoint that does not resolve says so.

import { ListServiceNetworksCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { describe, isAccessDenied, isUnreachable } from "../../automation/awsErrors";
import type { StackInfo } from "../../automation/discovery";
import type { AwsCredentialIdentityProvider, Finding } from "../../automation/preflight";

/** The VPC Lattice API answers in the stack's region for the stack's credentials. */
export async function checkLattice(stack: StackInfo, creds: AwsCredentialIdentityProvider): Promise<Finding> {
    const base = { stack: stack.name, account: stack.config.accountId, check: "mesh-engine" as const };
    const region = stack.config.region;
    try {
        await new VPCLatticeClient({ region, credentials: creds, maxAttempts: 2 }).send(new ListServiceNetworksCommand({ maxResults: 1 }));
        return { ...base, level: "ok", message: `stack ${stack.name}: the VPC Lattice API answers in ${region}` };
    } catch (err) {
        const fix = isUnreachable(err)
            ? `its endpoint does not answer (${describe(err)}), so VPC Lattice is most likely not offered in ${region}: use a region where it is (every stack of the mesh in the same one)`
            : isAccessDenied(err)
                ? `the call was refused (${describe(err)}): allow vpc-lattice:ListServiceNetworks and the vpc-lattice actions the deployment needs for the deploying role`
                : `the call failed (${describe(err)}); check the credentials and the region, then run again`;
        return { ...base, level: "error", message: `stack ${stack.name} (account ${stack.config.accountId}): the VPC Lattice API does not work in ${region}: ${fix}` };
    }
}
