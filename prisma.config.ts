import path from "node:path";
import { defineConfig } from "prisma/config";

// Only `prisma generate` runs through the Prisma CLI here; it needs no schema engine, so point
// the engine at a file that exists to skip the download (this machine has no binary host).
// Migrations run through the wasm schema engine: `npm run db:migrate` (docs/decisions/0002).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "bin", "no-native-schema-engine.sh");

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
