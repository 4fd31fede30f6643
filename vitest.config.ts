import { defineConfig } from "vitest/config";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Tests import the workspace packages from source, so `npm test` needs no build first.
const packagesDir = fileURLToPath(new URL("./packages/", import.meta.url));
const alias = {
  ...Object.fromEntries(readdirSync(packagesDir).map((dir) => [`@vo/${dir}`, `${packagesDir}${dir}/src/index.ts`])),
  // core's package imports (package.json "imports"), under the `node` condition that tests run with.
  "#default-transport": `${packagesDir}core/src/transport/default-transport.node.ts`,
  "#dataset-download": `${packagesDir}core/src/download/dataset-download.node.ts`,
  "#prompt-acks": `${packagesDir}core/src/transport/prompt-acks.node.ts`,
  // @vo/samp's package import: the Node profile (Standard Profile, Web Profile on request).
  "#default-profile": `${packagesDir}samp/src/client/default-profile.node.ts`,
};
const layers = ["protocol", "integ"];
const notLayer = layers.flatMap((l) => [`packages/*/src/**/*.${l}.test.ts`, `examples/*/src/**/*.${l}.test.ts`]);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["packages/*/src/**/*.test.ts", "examples/*/src/**/*.test.ts", "scripts/**/*.test.ts"], exclude: notLayer } },
      { resolve: { alias }, test: { name: "protocol", include: ["packages/*/src/**/*.protocol.test.ts"], testTimeout: 20_000 } },
      {
        resolve: { alias },
        test: { name: "integ", include: ["packages/*/src/**/*.integ.test.ts", "examples/**/*.integ.test.ts"], testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false },
      },
      { resolve: { alias }, test: { name: "types", include: ["packages/*/src/**/*.test-d.ts"], typecheck: { enabled: true, only: true, tsconfig: "./tsconfig.test.json" } } },
    ],
  },
});
