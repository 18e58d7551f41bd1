import { defineConfig } from "vitest/config";
import path from "node:path";

// `server-only` guards Next's client bundles; under vitest the data modules are plain server code.
const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "bin/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          // A non-UTC zone makes code that forgets a time zone fail.
          env: { TZ: "Pacific/Auckland" },
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.integration.test.ts", "app/**/*.integration.test.ts"],
          globalSetup: ["lib/testing/integration-global-setup.ts"],
          env: { TZ: "America/Denver" },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
