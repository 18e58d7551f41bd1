/**
 * The one CSV writer of the project: the error report, the export, the new-users list, converted
 * files and test fixtures all quote through here (RFC 4180, CRLF line ends, no BOM).
 *
 * A field is quoted when it holds the delimiter, a quote, a line break (CR, LF, U+2028, U+2029)
 * or has white space at either end, so a reader that trims or splits lines keeps it whole.
 * `formulaSafe` cells get `neutralizeFormula` (contract §6), which `restoreFormula` undoes exactly.
 */

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const WHITE_SPACE = /\s/;

function isTrigger(c: string | undefined): boolean {
  return c === "=" || c === "+" || c === "-" || c === "@" || c === "\t" || c === "\r";
}

/**
 * Makes a cell safe to open in a spreadsheet: a value starting with `=`, `+`, `-`, `@`, tab or CR
 * gets a leading `'`, except plain numbers such as `-72.51`. A value that itself starts with `'`
 * and a trigger (or another `'`) is escaped the same way, so `restoreFormula` is exact.
 */
export function neutralizeFormula(value: string): string {
  const first = value[0];
  if (isTrigger(first)) return PLAIN_NUMBER.test(value) ? value : `'${value}`;
  if (first === "'" && (isTrigger(value[1]) || value[1] === "'")) return `'${value}`;
  return value;
}

/** Undoes `neutralizeFormula`: strips one leading `'` when a trigger character or another `'` follows it. */
export function restoreFormula(value: string): string {
  if (value[0] === "'" && (isTrigger(value[1]) || value[1] === "'")) return value.slice(1);
  return value;
}

/** Quotes a field when it needs it. */
export function quoteCsvField(value: string, delimiter: string = ","): string {
  if (value === "") return value;
  const needs =
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes("\n") ||
    value.includes("\r") ||
    value.includes("\u2028") ||
    value.includes("\u2029") ||
    WHITE_SPACE.test(value[0]!) ||
    WHITE_SPACE.test(value[value.length - 1]!);
  return needs ? `"${value.replaceAll('"', '""')}"` : value;
}

export type CsvLineOptions = {
  /** Default ",". */
  delimiter?: string;
  /** Neutralise formulas (downloads a person opens in a spreadsheet). */
  formulaSafe?: boolean;
};

/** One record, CRLF-terminated. */
export function csvLine(fields: readonly string[], options: CsvLineOptions = {}): string {
  const delimiter = options.delimiter ?? ",";
  let out = "";
  for (let i = 0; i < fields.length; i++) {
    const value = options.formulaSafe ? neutralizeFormula(fields[i]!) : fields[i]!;
    out += (i ? delimiter : "") + quoteCsvField(value, delimiter);
  }
  return `${out}\r\n`;
}
