import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as SchemaEngineWasm from "@prisma/schema-engine-wasm";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { pgConfigFromUrl } from "./database-url.ts";

// Prisma's schema engine built to WebAssembly, driven through @prisma/adapter-pg: the native
// engine cannot be downloaded on machines without Prisma's binary host (docs/decisions/0002).

const require = createRequire(import.meta.url);

async function loadWasm(): Promise<typeof SchemaEngineWasm> {
  const entry = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = (await import(entry)) as typeof SchemaEngineWasm & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bytes = await readFile(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

// The engine reads catalog columns whose types adapter-pg cannot map ("char", name[], int2vector,
// void); hand them over as text, which is what the engine expects of them.
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const catalogOidsAsText = new Map<number, number>([
  [18, TEXT_OID], // "char"
  [22, TEXT_OID], // int2vector
  [2278, TEXT_OID], // void
  [1003, TEXT_ARRAY_OID], // name[]
  [1002, TEXT_ARRAY_OID], // "char"[]
]);

class CatalogSafeClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res.fields ?? []) {
        const replacement = catalogOidsAsText.get(field.dataTypeID);
        if (replacement !== undefined) field.dataTypeID = replacement;
      }
      return res;
    });
  }
}

let wasmModule: Promise<typeof SchemaEngineWasm> | undefined;

/** Opens the wasm schema engine through adapter-pg (used to diff datamodels in development). */
export async function openSchemaEngine(databaseUrl: string, schema: string): Promise<{ engine: SchemaEngine; close(): Promise<void> }> {
  wasmModule ??= loadWasm();
  const wasm = await wasmModule;
  // Separate fields, never connectionString: pg lets connectionString override `database`.
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), Client: CatalogSafeClient, max: 2 });
  const factory = new PrismaPg(pool);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const logs: string[] = [];
  const engine = await wasm.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, (log: string) => logs.push(log), adapter);
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
