import type { PoolConfig } from "pg";

/** Splits a postgres:// URL into pg's separate fields (pg lets `connectionString` override `database`). */
export function pgConfigFromUrl(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres://, got ${url.protocol}`);
  }
  return {
    host: decodeURIComponent(url.hostname) || "127.0.0.1",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || "postgres",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
}

/** The same server, another database. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
