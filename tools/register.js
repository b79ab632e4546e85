// Preload for every npm script and mocha (`node -r ./tools/register.js file.ts`): Node's on-disk
// compile cache for all modules (Node 22.1+), then @swc-node/register to transpile the TypeScript
// (tsconfig.json's options), hooked on .ts files only.
require("node:module").enableCompileCache?.();
require("@swc-node/register/register").register({}, { exts: [".ts"] });
