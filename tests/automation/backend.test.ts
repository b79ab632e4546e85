// The backend URL the driver gives every CLI: a file backend's `~` and relative path are made absolute
// from the project dir, as `pulumi` run by hand in the project dir would (pulumi/pulumi
// pkg/backend/diy/backend.go, massageBlobPath), because each parallel stack's CLI runs in a work dir of
// its own and would otherwise resolve them there.

import * as assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { backendUrl, fileBackendDir } from "../../automation/backend";
import { runStatePath } from "../../automation/runState";

describe("the backend URL", () => {
    const project = "/work/org/cellmesh";
    const url = (value?: string) => backendUrl(project, { PULUMI_BACKEND_URL: value });

    it("defaults to a file backend in the project's .pulumi-state", () => {
        assert.equal(url(undefined), "file:///work/org/cellmesh/.pulumi-state");
        assert.equal(url(""), "file:///work/org/cellmesh/.pulumi-state");
    });

    it("expands ~ to the home directory, as the CLI does", () => {
        assert.equal(url("file://~"), `file://${os.homedir()}`);
        assert.equal(url("file://~/pulumi-state"), `file://${path.join(os.homedir(), "pulumi-state")}`);
    });

    it("resolves a relative path from the project dir and keeps the query for the CLI", () => {
        assert.equal(url("file://state"), "file:///work/org/cellmesh/state");
        assert.equal(url("file://./state"), "file:///work/org/cellmesh/state");
        assert.equal(url("file://../shared-state?no_tmp_dir=false"), "file:///work/org/shared-state?no_tmp_dir=false");
    });

    it("leaves an absolute file path, S3 and Pulumi Cloud as they are", () => {
        assert.equal(url("file:///var/pulumi/state"), "file:///var/pulumi/state");
        assert.equal(url("s3://bucket/cellmesh?region=eu-west-1"), "s3://bucket/cellmesh?region=eu-west-1");
        assert.equal(url("https://api.pulumi.com"), "https://api.pulumi.com");
    });

    it("a file backend's folder leaves the query out; other backends have none", () => {
        assert.equal(fileBackendDir("file:///work/org/state?no_tmp_dir=false"), "/work/org/state");
        assert.equal(fileBackendDir("s3://bucket/cellmesh"), undefined);
    });

    it("the run state goes beside the file backend's state, whatever the query", () => {
        const p = { dir: project, name: "cellmesh" };
        assert.equal(runStatePath(p, url("file://./state?no_tmp_dir=false")), "/work/org/cellmesh/state/.cellmesh/run-state-cellmesh.json");
        assert.equal(runStatePath(p, url("file://~/st")), path.join(os.homedir(), "st", ".cellmesh", "run-state-cellmesh.json"));
    });
});
