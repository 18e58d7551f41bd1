import * as z from "zod";
import { bulkFixKinds } from "../engine/fixes/bulk-fix-kinds.ts";
import { bigRecordIdSchema, recordIdSchema } from "./record-id.ts";

// The review screen's inputs: shared by its forms and its server actions.

export const jobIdSchema = z.object({ jobId: recordIdSchema });

export const cellEditSchema = z.object({
  jobId: recordIdSchema,
  rowId: bigRecordIdSchema,
  column: z.string().min(1).max(300),
  value: z.string().max(100_000, "That value is too long (100,000 characters at most)."),
});
export type CellEditInput = z.infer<typeof cellEditSchema>;

/** Takes a data file (one a whole-file error blocks, say) out of the import. */
export const removeFileSchema = z.object({ jobId: recordIdSchema, fileId: recordIdSchema });

export const undoEditSchema = z.object({ jobId: recordIdSchema, editId: bigRecordIdSchema });

export const rowHistorySchema = z.object({ jobId: recordIdSchema, rowId: bigRecordIdSchema });

export const moveRowSchema = z.object({
  jobId: recordIdSchema,
  rowId: bigRecordIdSchema,
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** Find and replace: exact text in one column (or all), or whole cells. */
export const findReplaceSchema = z.object({
  jobId: recordIdSchema,
  find: z.string().min(1, "Type the text to find.").max(1000),
  replace: z.string().max(1000),
  column: z.string().max(300).nullable(),
  wholeCell: z.boolean().default(false),
});

export const bulkFixSchema = z.object({
  jobId: recordIdSchema,
  kind: z.enum(bulkFixKinds),
  /** map_request_types: old value → organization request type title. */
  mapping: z.record(z.string(), z.string().min(1)).optional(),
});

export const undoFixSchema = z.object({ jobId: recordIdSchema, fixId: recordIdSchema });

export const queueImportSchema = z.object({ jobId: recordIdSchema, onlyValid: z.boolean().default(false) });
