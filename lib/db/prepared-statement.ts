import { createHash } from "node:crypto";
import type pg from "pg";

// A hot query as a named prepared statement: each connection parses and analyses it once, and
// plans it once where Postgres settles on a generic plan (the session check's, after five calls).
// A row page keeps custom plans (its LIMIT and OFFSET are parameters, and a generic plan of it
// was slower: ADR 0022, session 22), so it is planned per call, ~0.4 ms of Postgres's CPU; parsed
// each time, a page took ~1.3 ms (pgbench -M prepared: 0.36 ms).
// The name is the text's hash, so one text always has one name: callers pass the few texts they
// build from fixed templates, never text with values spliced in.

const names = new Map<string, string>();

export function preparedStatement(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) names.set(text, (name = `bulk_import_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`));
  return { name, text, values };
}
