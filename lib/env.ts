import * as z from "zod";

// The environment, validated once. Documented in .env.example.
const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL").optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.string().url("APP_URL must be a URL like https://imports.example.org").optional(),
  // Reverse proxies in front of `npm start`'s server, each appending to X-Forwarded-For (lib/runtime/client-address.ts).
  TRUST_PROXY_HOPS: z.coerce.number().int("TRUST_PROXY_HOPS must be a whole number").nonnegative("TRUST_PROXY_HOPS cannot be negative").optional(),
  // Signs the session cookies; `npm start` provides one from .data/auth-secret.
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET needs at least 32 characters").optional(),
  UPLOAD_DIR: z.string().default(".data/uploads"),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  MAP_TILE_URL: z.string().default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_TILE_ATTRIBUTION: z.string().default("© OpenStreetMap contributors"),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(2),
  IMPORT_CHUNK_ROWS: z.coerce.number().int().positive().default(2000),
  // A fixed error report is matched in the web request up to this many error rows, else by the worker.
  FIXED_REPORT_IN_REQUEST_ROWS: z.coerce.number().int().nonnegative().default(20_000),
});

export type Env = z.infer<typeof envSchema> & { DATABASE_URL: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  if (!parsed.data.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides an embedded Postgres, or set DATABASE_URL.");
  }
  cached = { ...parsed.data, DATABASE_URL: parsed.data.DATABASE_URL };
  return cached;
}

/** Reads the environment without requiring a database (the offline CLI commands). */
export function getEnvWithoutDatabase(): Omit<Env, "DATABASE_URL"> & { DATABASE_URL?: string } {
  return envSchema.parse(process.env);
}
