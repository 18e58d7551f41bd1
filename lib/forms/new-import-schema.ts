import * as z from "zod";

/** Starting an import: shared by the "New import" form and its server action. */
export const newImportSchema = z.object({
  organizationId: z.coerce.number({ error: "Choose the organization." }).int().positive("Choose the organization."),
});

export type NewImportInput = z.infer<typeof newImportSchema>;

export const csvFileExtensions = [".csv", ".txt", ".tsv"];

/** Client-side checks of the chosen files, before anything is sent. */
export function checkChosenFiles(files: { name: string; size: number }[], maxBytes: number): string | null {
  if (files.length === 0) return "Choose at least one CSV file.";
  for (const file of files) {
    if (file.size === 0) return `${file.name} is empty.`;
    if (file.size > maxBytes) return `${file.name} is larger than the ${Math.round(maxBytes / (1024 * 1024))} MB upload limit.`;
    if (/\.(xlsx?|xlsm|ods|zip)$/i.test(file.name)) return `${file.name} is a spreadsheet: save it as CSV (UTF-8) and choose that.`;
  }
  const names = new Set<string>();
  for (const file of files) {
    if (names.has(file.name)) return `${file.name} is chosen twice.`;
    names.add(file.name);
  }
  return null;
}
