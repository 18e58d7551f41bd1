import { describe, expect, it } from "vitest";
import { CsvTokenizer } from "./read-csv.ts";
import { RecordScanner } from "./record-scanner.ts";

/**
 * Each cut the scanner finds must be where CsvTokenizer, fed everything before it, stands between
 * records with the same counts: records (header included) and the line the next one starts on.
 */

const encoder = new TextEncoder();

/** Every cut of `text` scanned in chunks of `size`: [offset in the text, records, line]. */
function cuts(text: string, size: number): [number, number, number][] {
  const bytes = encoder.encode(text);
  const scanner = new RecordScanner();
  const found: [number, number, number][] = [];
  for (let at = 0; at < bytes.length; at += size) {
    scanner.scan(bytes.subarray(at, at + size));
    if (scanner.cut !== -1) found.push([at + scanner.cut, scanner.cutRecords, scanner.cutLine]);
  }
  return found;
}

/** The tokenizer's records (header included) and line after `prefix`, when it stands between records; else null. */
function tokenizerAt(prefix: string): [number, number] | null {
  const tokenizer = new CsvTokenizer();
  tokenizer.feed(prefix);
  tokenizer.drain();
  if (!tokenizer.betweenRecords) return null;
  // Every cut here comes after the header: its records are the data rows and the header.
  return [tokenizer.rows + 1, tokenizer.currentLine];
}

describe("RecordScanner", () => {
  it.each([
    ["plain lines", "a,b\n1,2\n3,4\n", [[4, 1, 2], [8, 2, 3], [12, 3, 4]]],
    ["CRLF", "a,b\r\n1,2\r\n", [[5, 1, 2], [10, 2, 3]]],
    ["blank lines are lines, not records", "a,b\n\n1,2\n\r\n", [[4, 1, 2], [5, 1, 3], [9, 2, 4], [11, 2, 5]]],
    ["a quoted line break is no cut", 'a,b\n"x\ny",2\n', [[4, 1, 2], [12, 2, 4]]],
    ["a quoted CRLF counts as one line", 'a,b\n"x\r\ny",2\n', [[4, 1, 2], [13, 2, 4]]],
    ["a doubled quote stays inside", 'a,b\n"x""\n",2\n', [[4, 1, 2], [13, 2, 4]]],
    ["a quote inside an unquoted field is a character", 'a,b\nab"c,2\nd,"e\n"\n', [[4, 1, 2], [11, 2, 3], [18, 3, 5]]],
    ["text after a closing quote", 'a,b\n"x"y"z,2\n3,4\n', [[4, 1, 2], [13, 2, 3], [17, 3, 4]]],
    ["a lone CR ends a record but is no cut", "a,b\r1,2\r3,4\n", [[12, 3, 4]]],
    ["an unterminated quote: no cut after it", 'a,b\n"x\n1,2\n', [[4, 1, 2]]],
  ] as const)("%s", (_, text, expected) => {
    for (const size of [1, 2, 3, 5, text.length]) {
      const got = cuts(text, size);
      // Chunked, only each chunk's last cut is reported: a subset of the whole text's cuts.
      for (const cut of got) expect(expected, `chunks of ${size}`).toContainEqual(cut);
      if (size === 1) expect(got).toEqual(expected);
      for (const [offset, records, line] of got) expect(tokenizerAt(text.slice(0, offset)), `cut at ${offset}`).toEqual([records, line]);
    }
  });
});
