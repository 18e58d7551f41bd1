import { z } from "zod";
import { bulkFixKinds } from "../engine/fixes/bulk-fix-kinds.ts";

// The review screen's inputs: shared by its forms and its server actions.

export const jobIdSchema = z.object({ jobId: z.coerce.number().int().positive() });

export const cellEditSchema = z.object({
  jobId: z.coerce.number().int().positive(),
  rowId: z.string().regex(/^\d+$/),
  column: z.string().min(1).max(300),
  value: z.string().max(100_000, "That value is too long (100,000 characters at most)."),
});
export type CellEditInput = z.infer<typeof cellEditSchema>;

export const undoEditSchema = z.object({ jobId: z.coerce.number().int().positive(), editId: z.string().regex(/^\d+$/) });

export const rowHistorySchema = z.object({ jobId: z.coerce.number().int().positive(), rowId: z.string().regex(/^\d+$/) });

export const moveRowSchema = z.object({
  jobId: z.coerce.number().int().positive(),
  rowId: z.string().regex(/^\d+$/),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

export const bulkFixSchema = z.object({
  jobId: z.coerce.number().int().positive(),
  kind: z.enum(bulkFixKinds),
  /** map_request_types: old value → organization request type title. */
  mapping: z.record(z.string(), z.string().min(1)).optional(),
});

export const undoBatchSchema = z.object({ jobId: z.coerce.number().int().positive(), batchId: z.string().min(1).max(100) });

export const queueImportSchema = z.object({ jobId: z.coerce.number().int().positive(), onlyValid: z.boolean().default(false) });
