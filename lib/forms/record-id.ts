import * as z from "zod";

/** The largest id Postgres `integer` holds: a larger one names no import (404, not a database error). */
export const MAX_RECORD_ID = 2_147_483_647;

/** An id of an import, file or other `integer`-keyed record, from a URL, a form or the command line. */
export const recordIdSchema = z.coerce.number().int().positive().max(MAX_RECORD_ID);

/** A `bigint` id (rows, edits) as text: digits only, within Postgres `bigint`. */
export const bigRecordIdSchema = z.string().regex(/^[1-9]\d{0,17}$/);
