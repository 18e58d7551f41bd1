import { fullHeader, toCsv, validPotholeRow } from "./fixture-org.ts";

/**
 * Random mutations of a valid file, for fuzz tests (validate.fuzz.test.ts, and the parallel
 * validator's agreement with the serial one): each takes the bytes and a seeded PRNG.
 */

const header = [...fullHeader, "Q: What is the size of the pothole?", "Q: Pole number", "public_comment_1"];

export function baseFuzzFile(): string {
  const rows = Array.from({ length: 12 }, (_, i) => ({
    ...validPotholeRow,
    summary: `Pothole ${i}`,
    description: i % 3 === 0 ? `Line one\nline "two" of ${i}` : `Plain ${i}`,
    public_comment_1: i % 4 === 0 ? "Crew sent, a < b" : "",
    request_type: i % 5 === 0 ? "Streetlight" : "Pothole",
    "Q: Pole number": i % 5 === 0 ? `P-${i}` : "",
    "Q: What is the size of the pothole?": i % 5 === 0 ? "" : "Medium",
  }));
  return toCsv(header, rows, "\r\n");
}


export type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const int = (random: () => number, n: number) => Math.floor(random() * n);
const splice = (bytes: Uint8Array, at: number, remove: number, insert: Uint8Array) => {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
};
const lines = (bytes: Uint8Array) => decoder.decode(bytes).split("\n");
const join = (parts: string[]) => encoder.encode(parts.join("\n"));

export const mutations: Record<string, Mutation> = {
  truncate: (bytes, random) => bytes.subarray(0, int(random, bytes.length + 1)),
  strayQuote: (bytes, random) => splice(bytes, int(random, bytes.length + 1), 0, encoder.encode('"')),
  randomBytes: (bytes, random) =>
    splice(bytes, int(random, bytes.length + 1), 0, Uint8Array.from({ length: 1 + int(random, 16) }, () => int(random, 256))),
  nulByte: (bytes, random) => splice(bytes, int(random, bytes.length + 1), 0, new Uint8Array([0])),
  overwriteByte: (bytes, random) => {
    const out = bytes.slice();
    if (out.length > 0) out[int(random, out.length)] = int(random, 256);
    return out;
  },
  shuffleColumns: (bytes, random) => {
    const parts = lines(bytes);
    const first = parts[0]?.split(",") ?? [];
    for (let i = first.length - 1; i > 0; i--) {
      const j = int(random, i + 1);
      [first[i], first[j]] = [first[j]!, first[i]!];
    }
    parts[0] = first.join(",");
    return join(parts);
  },
  hugeField: (bytes, random) => {
    const size = 5_000 + int(random, 60_000);
    const filler = random() < 0.5 ? "x".repeat(size) : `"${"y,\n".repeat(size / 3)}"`;
    return splice(bytes, int(random, bytes.length + 1), 0, encoder.encode(filler));
  },
  deleteLine: (bytes, random) => {
    const parts = lines(bytes);
    parts.splice(int(random, parts.length), 1);
    return join(parts);
  },
  duplicateLine: (bytes, random) => {
    const parts = lines(bytes);
    const at = int(random, parts.length);
    parts.splice(at, 0, parts[at] ?? "");
    return join(parts);
  },
  bomInMiddle: (bytes, random) => splice(bytes, int(random, bytes.length + 1), 0, new Uint8Array([0xef, 0xbb, 0xbf])),
  utf16Bom: (bytes) => splice(bytes, 0, 0, new Uint8Array([0xff, 0xfe])),
  latin1: (bytes, random) => splice(bytes, int(random, bytes.length + 1), 0, new Uint8Array([0xe9, 0x20, 0x93, 0x94])),
  emptyFields: (bytes, random) => {
    const parts = lines(bytes);
    const at = 1 + int(random, Math.max(1, parts.length - 1));
    parts[at] = (parts[at] ?? "").replace(/[^,]+/g, () => (random() < 0.5 ? "" : " "));
    return join(parts);
  },
  zipSignature: (bytes) => splice(bytes, 0, 0, new Uint8Array([0x50, 0x4b, 0x03, 0x04])),
};
export const mutationNames = Object.keys(mutations);


