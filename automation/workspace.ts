// Where state lives, which Pulumi CLI runs, and how a stack is opened (an inline program; its work dir).
// Why: docs/driver.md, "How the driver runs the program".

import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import { version as sdkVersion } from "@pulumi/pulumi/version";
import { backendUrl, fileBackendDir } from "./backend";
import { DriverError } from "./errors";
import { StackInfo } from "./discovery";

/**
 * The Pulumi CLI version the driver installs when none is on PATH: the SDK's own version (package.json
 * pins @pulumi/pulumi ~3.276.0), which is also what the Automation API installer defaults to.
 */
export const PINNED_CLI_VERSION: string = sdkVersion;
/** Where the driver installs the CLI inside the project (git-ignored). */
export const CLI_INSTALL_DIR = ".pulumi-cli";

export type Env = Readonly<Record<string, string | undefined>>;

export { backendUrl, STATE_DIR } from "./backend";

/** The passphrase secrets provider needs a passphrase; say so before any stack is touched. */
export function checkPassphrase(env: Env): void {
    if (env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
        throw new DriverError(
            "PULUMI_CONFIG_PASSPHRASE is not set. The stacks' secrets are encrypted with a passphrase (secrets provider \"passphrase\"):\n" +
            "  export PULUMI_CONFIG_PASSPHRASE='<passphrase>'   (or PULUMI_CONFIG_PASSPHRASE_FILE=<file>)\n" +
            "Use the same passphrase on every run and for every stack; it cannot be recovered.",
        );
    }
}

export interface CliResolver {
    /** `PulumiCommand.get`: a CLI on PATH (no root) or under `root/bin`. */
    get(opts?: { root?: string; skipVersionCheck?: boolean }): Promise<PulumiCommand>;
    /** `PulumiCommand.install`: downloads the CLI into `root`. */
    install(opts: { root: string }): Promise<PulumiCommand>;
}

const sdkResolver: CliResolver = {
    get: (opts) => PulumiCommand.get(opts),
    install: (opts) => PulumiCommand.install({ root: opts.root }),
};

/**
 * The CLI on PATH; else one the driver installed earlier in `.pulumi-cli/`; else install the pinned
 * version there with the Automation API's installer. Without network that fails, and the message
 * says how to install the CLI by hand.
 */
export async function resolvePulumiCli(projectDir: string, resolver: CliResolver = sdkResolver, log: (msg: string) => void = () => undefined): Promise<PulumiCommand> {
    try {
        return await resolver.get();
    } catch {
        // not on PATH
    }
    const root = path.join(projectDir, CLI_INSTALL_DIR);
    try {
        return await resolver.get({ root });
    } catch {
        // not installed yet
    }
    log(`Pulumi CLI not found on PATH; installing Pulumi ${PINNED_CLI_VERSION} into ${root} ...`);
    try {
        return await resolver.install({ root });
    } catch (err) {
        const reason = ((err as Error).message ?? String(err)).split("\n")[0];
        throw new DriverError(
            `The Pulumi CLI is not on PATH and installing Pulumi ${PINNED_CLI_VERSION} into ${root} failed (no network to get.pulumi.com?): ${reason}\n` +
            "Install the CLI by hand, then run the command again:\n" +
            `  curl -fsSL https://get.pulumi.com | sh -s -- --version ${PINNED_CLI_VERSION}   (puts it in ~/.pulumi/bin; add that to PATH)\n` +
            `  or unpack the pulumi-v${PINNED_CLI_VERSION} release archive so that ${path.join(root, "bin", "pulumi")} exists\n` +
            "  see https://www.pulumi.com/docs/iac/download-install/",
        );
    }
}

/**
 * The inline program for every stack: the Pulumi entry point's code. Loaded lazily so the driver's
 * other commands (status, destroy of a broken program) work even when the program does not load.
 */
export const cellmeshInlineProgram: PulumiFn = async () => {
    const { parseStackConfig } = await import("../config/load");
    const { ConfigError } = await import("../config/types");
    const { cellmeshProgram } = await import("../stacks/program");
    let config;
    try {
        config = parseStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
    return cellmeshProgram(config);
};

export interface WorkspaceContext {
    readonly projectDir: string;
    readonly projectName: string;
    readonly pulumiCommand: PulumiCommand;
    readonly env: Env;
    /** Defaults to `cellmeshInlineProgram`; tests pass their own. */
    readonly program?: PulumiFn;
}

/** The options every workspace of the driver gets: the project as work dir, the CLI, the backend. */
export function workspaceOptions(ctx: WorkspaceContext) {
    const url = backendUrl(ctx.projectDir, ctx.env);
    const dir = fileBackendDir(url);
    if (dir) fs.mkdirSync(dir, { recursive: true });
    return {
        workDir: ctx.projectDir,
        pulumiCommand: ctx.pulumiCommand,
        secretsProvider: "passphrase",
        // Only the backend is set here; the CLI inherits the rest of the environment
        // (PULUMI_CONFIG_PASSPHRASE, AWS_*), which is what the user exported.
        envVars: { PULUMI_BACKEND_URL: url, PULUMI_SKIP_UPDATE_CHECK: "true" },
    };
}

/** Selects the stack, creating it (with the passphrase secrets provider) on first use. */
export async function openStack(ctx: WorkspaceContext, stack: StackInfo): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack(
        { stackName: stack.name, projectName: ctx.projectName, program: ctx.program ?? cellmeshInlineProgram },
        workspaceOptions(ctx),
    );
}

/** Selects an existing stack; undefined when it was never created (status, owner checks). */
export async function findStack(ctx: WorkspaceContext, stack: StackInfo): Promise<Stack | undefined> {
    try {
        return await LocalWorkspace.selectStack(
            { stackName: stack.name, projectName: ctx.projectName, program: ctx.program ?? cellmeshInlineProgram },
            workspaceOptions(ctx),
        );
    } catch (err) {
        if (err instanceof StackNotFoundError) return undefined;
        throw err;
    }
}
