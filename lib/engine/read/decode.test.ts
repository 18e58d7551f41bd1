import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import {
  EXCEL_HINT,
  StreamDecoder,
  binaryReason,
  chooseLegacyEncoding,
  firstInvalidUtf8,
  firstNonAscii,
  incompleteUtf8Tail,
  utf8Stats,
} from "./decode.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...utf8(p)] : p)));
/** Bytes from a string whose characters are all ≤ U+00FF. */
const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Decodes `input` in chunks of `size` bytes; returns the text, marks (as offsets into the whole text) and findings. */
function decodeAll(input: Uint8Array, size = input.length || 1, sampleBytes?: number, withEncoding = false) {
  const d = new StreamDecoder({ sampleBytes });
  let text = "";
  const marks: { offset: number; bytes: string | null; encoding?: string | null }[] = [];
  const findings: unknown[] = [];
  const take = (t: string) => {
    for (const m of d.marks) marks.push({ offset: text.length + m.offset, bytes: m.bytes, ...(withEncoding ? { encoding: m.encoding } : {}) });
    text += t;
    // Each finding's offset as an offset into the whole text.
    for (const finding of d.takeFindings()) findings.push({ ...finding, offset: text.length - t.length + finding.offset });
  };
  for (let at = 0; at < input.length; at += size) take(d.write(input.subarray(at, at + size)));
  take(d.end());
  return { text, marks, findings, encoding: d.encoding, stopped: d.stopped };
}

describe("StreamDecoder", () => {
  it.each([
    ["ASCII", bytes("a,b\n1,2\n"), "a,b\n1,2\n", null],
    ["UTF-8", bytes("a,b\ncafé,😀 ’x’\n"), "a,b\ncafé,😀 ’x’\n", "utf-8"],
    ["UTF-8 with BOM", bytes([0xef, 0xbb, 0xbf], "a,é\n"), "a,é\n", "utf-8"],
    ["UTF-8 BOM only", bytes([0xef, 0xbb, 0xbf]), "", "utf-8"],
    ["a U+FEFF after the start is data", bytes("a\uFEFFb,é"), "a\uFEFFb,é", "utf-8"],
    ["UTF-16LE with BOM", new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00, 0x3d, 0xd8, 0x00, 0xde]), "aé😀", "utf-16le"],
    ["UTF-16BE with BOM", new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x00, 0xe9, 0xd8, 0x3d, 0xde, 0x00]), "aé😀", "utf-16be"],
    ["empty", new Uint8Array(0), "", null],
  ])("decodes %s identically in every chunking", (_n, input, expected, encoding) => {
    for (const size of [1, 2, 3, 5, input.length || 1]) {
      const got = decodeAll(input, size);
      expect(got.text, `chunk size ${size}`).toBe(expected);
      expect(got.marks).toEqual([]);
      expect(got.findings).toEqual([]);
      expect(got.encoding).toBe(encoding);
    }
  });

  it("decodes UTF-8 split inside every multi-byte character after the sample", () => {
    const text = "x".repeat(10) + "é😀’€ßü\u2028 end";
    const input = utf8(text);
    for (let size = 1; size <= 7; size++) {
      const got = decodeAll(input, size, 4);
      expect(got.text).toBe(text);
      expect(got.marks).toEqual([]);
      expect(got.encoding).toBe("utf-8");
    }
  });

  it("marks invalid UTF-8 after the sample, one U+FFFD per run", () => {
    const input = bytes("ab é\n", "cd", [0xe9, 0xff], "ef", [0x80], "g");
    for (const size of [1, 3, input.length]) {
      const got = decodeAll(input, size, 4);
      expect(got.text).toBe("ab é\ncd\uFFFDef\uFFFDg");
      expect(got.marks).toEqual([
        { offset: 7, bytes: "0xE9 0xFF" },
        { offset: 10, bytes: "0x80" },
      ]);
      expect(got.findings).toEqual([]);
    }
  });

  it("marks overlong and surrogate encodings as invalid", () => {
    // C0 80 is an overlong NUL; ED A0 80 encodes a surrogate. Neither is UTF-8.
    const got = decodeAll(bytes("éééé|", [0xc0, 0x80], "|", [0xed, 0xa0, 0x80], "|"), 1, 8);
    expect(got.text).toBe("éééé|\uFFFD|\uFFFD|");
    expect(got.marks).toHaveLength(2);
  });

  it("stays open while ASCII, then decides on the sample at the first other byte", () => {
    const input = latin(`${"a,b\n".repeat(10)}caf\xe9 cr\xe8me\n`);
    // However it is chunked, the finding sits where the text stops being ASCII-only: at the first other byte.
    for (const size of [3, 7, 43, 1000]) {
      const got = decodeAll(input, size, 8);
      expect(got.text).toBe(`${"a,b\n".repeat(10)}café crème\n`);
      expect(got.findings, `chunk size ${size}`).toEqual([{ kind: "converted", encoding: expect.stringMatching(/^(windows-1252|ISO-8859-1)$/), offset: 43 }]);
    }
  });

  it("decides UTF-8 on a mostly-valid sample with a stray byte", () => {
    const got = decodeAll(bytes("é ü ", [0xe9], " ö"));
    expect(got.encoding).toBe("utf-8");
    expect(got.text).toBe("é ü \uFFFD ö");
    expect(got.marks).toEqual([{ offset: 4, bytes: "0xE9" }]);
  });

  it("marks bytes Windows-1252 leaves undefined", () => {
    const got = decodeAll(latin("caf\xe9 \x92 \x81 end"));
    expect(got.findings).toEqual([{ kind: "converted", encoding: "windows-1252", offset: 0 }]);
    expect(got.text).toBe("café ’ \uFFFD end");
    expect(got.marks).toEqual([{ offset: 7, bytes: null }]);
  });

  it("marks a NUL byte after the sample and goes on", () => {
    const got = decodeAll(latin("abcdefgh\x00ij"), 2, 4);
    expect(got.stopped).toBe(false);
    expect(got.text).toBe("abcdefgh\uFFFDij");
    expect(got.marks).toEqual([{ offset: 8, bytes: "0x00" }]);
  });

  it("gives each mark the encoding decided when it was met, however the input is chunked", () => {
    // A NUL while the file is ASCII, then the first other byte (its sample decides Windows-1252), then a byte 1252 leaves undefined.
    const input = latin(`abcdefgh\nxy\x00z caf\xe9 cr\xe8me et cr\xe8me br\xfbl\xe9e \x81\n`);
    for (const size of [1, 5, 16, input.length]) {
      const got = decodeAll(input, size, 8, true);
      expect(got.marks, `chunks of ${size}`).toEqual([
        { offset: 11, bytes: "0x00", encoding: null },
        { offset: 41, bytes: null, encoding: "windows-1252" },
      ]);
    }
  });

  it("marks a NUL byte in UTF-8 text", () => {
    for (const size of [1, 64]) {
      const got = decodeAll(bytes("éééé,x", [0, 0], "y"), size, 8);
      expect(got.encoding).toBe("utf-8");
      expect(got.text).toBe("éééé,x\uFFFDy");
      expect(got.marks).toEqual([{ offset: 6, bytes: expect.stringMatching(/^0x00/) }]);
    }
  });

  it("marks a character cut off by the end of the input", () => {
    const got = decodeAll(bytes("é,", [0xf0, 0x9f, 0x98]), 1, 2);
    expect(got.text).toBe("é,\uFFFD");
    expect(got.marks).toHaveLength(1);
  });

  it("stops on binary content and returns no text", () => {
    const d = new StreamDecoder();
    expect(d.write(latin("PK\x03\x04"))).toBe("");
    expect(d.end()).toBe("");
    expect(d.stopped).toBe(true);
    const findings = d.takeFindings();
    expect(findings).toEqual([{ kind: "binary", message: expect.stringContaining(EXCEL_HINT), offset: 0 }]);
    expect(d.write(latin("a,b\n"))).toBe("");
  });

  it.each([
    ["windows-1251", "windows-1251"],
    ["koi8-r", "KOI8-R"],
  ])("transcodes Cyrillic text in %s", (enc, name) => {
    const text = "Номер,Описание\n1,Яма на дороге возле дома, очень глубокая и опасная для машин\n2,Сломанный фонарь на улице Ленина\n";
    const got = decodeAll(iconv.encode(text, enc));
    expect(got.findings).toEqual([{ kind: "converted", encoding: name, offset: 0 }]);
    expect(got.text).toBe(text);
  });

  it("transcodes Japanese text in Shift_JIS", () => {
    const text = "番号,説明\n1,道路に大きな穴があります。とても危険です。\n2,街灯が壊れています\n";
    const got = decodeAll(iconv.encode(text, "Shift_JIS"));
    expect(got.findings).toEqual([{ kind: "converted", encoding: "Shift_JIS", offset: 0 }]);
    expect(got.text).toBe(text);
  });

  it("gives one U+FFFD to a run of bad bytes split across chunks", () => {
    const input = bytes("é ", [0xff, 0xff, 0xfe, 0x80], " ok");
    for (const size of [1, 2, 3, input.length]) {
      const got = decodeAll(input, size, 3);
      expect(got.text, `chunk size ${size}`).toBe("é \uFFFD ok");
      expect(got.marks.map((m) => m.offset)).toEqual([2]);
    }
  });
});

describe("StreamDecoder: ASCII lines apart (writeParts)", () => {
  /** A text of long ASCII stretches and a few lines with other characters, deterministic. */
  function mixedText(lines: number): string {
    const out: string[] = [];
    for (let i = 0; i < lines; i++) {
      const odd = i % 97 === 13 ? "Łódź ’quoted’ 😀" : i % 89 === 5 ? "café" : "";
      out.push(`${i},Pothole on Main St ${odd},"two\nlines",${"x".repeat(i % 40)}\r\n`);
    }
    return out.join("");
  }

  it("returns parts whose concatenation is the whole text, in every chunking", () => {
    const text = mixedText(3000);
    const input = utf8(text);
    for (const size of [1 << 20, 65536, 4099, 1000]) {
      const d = new StreamDecoder();
      const parts: string[] = [];
      const partBytes: (Uint8Array | null)[] = [];
      const lastOfCall: boolean[] = [];
      const take = (returned: readonly string[]) => {
        parts.push(...returned);
        partBytes.push(...d.partBytes);
        lastOfCall.push(...returned.map((_, i) => i === returned.length - 1));
        expect(d.marks).toEqual([]);
      };
      for (let at = 0; at < input.length; at += size) take(d.writeParts(input.subarray(at, at + size)));
      take(d.endParts());
      expect(parts.join(""), `chunk size ${size}`).toBe(text);
      // An ASCII part comes with the bytes it was decoded from, any other part without.
      const isAscii = (part: string) => [...part].every((c) => c.charCodeAt(0) < 0x80);
      expect(partBytes).toHaveLength(parts.length);
      parts.forEach((part, i) => expect(partBytes[i] === null ? null : String.fromCharCode(...partBytes[i]!)).toBe(isAscii(part) ? part : null));
      if (size === 1 << 20) {
        // Long ASCII stretches come out on their own, whole lines (but where a stretch of bytes
        // decoded at once ends: a call's, or the 64 KB sample's), and the odd lines apart.
        let bytesSoFar = 0;
        const ascii = parts.flatMap((part, i) => {
          bytesSoFar += utf8(part).length;
          return isAscii(part) ? [{ part, atAnEnd: lastOfCall[i]! || bytesSoFar === 65536 }] : [];
        });
        expect(ascii.length).toBeGreaterThan(10);
        expect(ascii.every(({ part, atAnEnd }) => part.length >= 512 && (atAnEnd || part.endsWith("\n")))).toBe(true);
        expect(parts.filter((part) => part.includes("Łódź")).length).toBeGreaterThan(0);
      }
    }
  });

  it("decodes one part in one call when nothing is ASCII-only for long", () => {
    const d = new StreamDecoder({ sampleBytes: 8 });
    const text = "é,ü\n".repeat(2000);
    expect(d.writeParts(utf8(text)).join("")).toBe(text);
    const parts = d.writeParts(utf8(text));
    expect(parts).toEqual([text]);
  });

  it("marks invalid bytes in a chunk of long ASCII stretches as before", () => {
    const head = mixedText(400);
    const input = bytes(head, "bad ", [0xff, 0xfe], " end é\n", mixedText(400));
    const whole = decodeAll(input);
    expect(whole.text).toBe(`${head}bad \uFFFD end é\n${mixedText(400)}`);
    expect(whole.marks).toEqual([{ offset: head.length + 4, bytes: "0xFF 0xFE" }]);
    for (const size of [4099, 70_000]) {
      const got = decodeAll(input, size);
      expect(got.text).toBe(whole.text);
      expect(got.marks).toEqual(whole.marks);
    }
  });
});

describe("StreamDecoder: big chunks in pieces", () => {
  const long = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / utf8(unit).length));
  // Each decoded in one 1 MiB-ish call: every part must stay under V8's large-object size.
  it.each<[string, Uint8Array, string, { offset: number; bytes: string | null }[]]>([
    ["all ASCII, lines", utf8(long("a,b,c\n", 300_000)), long("a,b,c\n", 300_000), []],
    ["all ASCII, one line", utf8(long("x", 300_000)), long("x", 300_000), []],
    ["UTF-8 then a long ASCII stretch", utf8(`é\n${long("abc\n", 300_000)}ü\n`), `é\n${long("abc\n", 300_000)}ü\n`, []],
    ["UTF-8 lines, none ASCII only", utf8(long("é,ü,😀\n", 300_000)), long("é,ü,😀\n", 300_000), []],
    ["UTF-8, one line", utf8(long("é😀", 300_000)), long("é😀", 300_000), []],
    [
      "UTF-8 with a bad byte in a long stretch",
      bytes(`é\n${long("abc\n", 100_000)}`, [0xff], long("xyz\n", 200_000)),
      `é\n${long("abc\n", 100_000)}\uFFFD${long("xyz\n", 200_000)}`,
      [{ offset: 2 + long("abc\n", 100_000).length, bytes: "0xFF" }],
    ],
    [
      "ASCII with a NUL after the sample",
      bytes(long("abc\n", 100_000), [0], long("xyz\n", 200_000)),
      `${long("abc\n", 100_000)}\uFFFD${long("xyz\n", 200_000)}`,
      [{ offset: long("abc\n", 100_000).length, bytes: "0x00" }],
    ],
  ])("%s", (_name, input, text, marks) => {
    for (const size of [input.length, 1 << 20, 200_000]) {
      const d = new StreamDecoder();
      const parts: string[] = [];
      const got: { offset: number; bytes: string | null }[] = [];
      let length = 0;
      const take = (call: readonly string[]) => {
        for (const mark of d.marks) got.push({ offset: length + mark.offset, bytes: mark.bytes });
        for (const part of call) length += part.length;
        parts.push(...call);
      };
      for (let at = 0; at < input.length; at += size) take(d.writeParts(input.subarray(at, at + size)));
      take(d.endParts());
      expect(parts.join(""), `chunk size ${size}`).toBe(text);
      expect(got).toEqual(marks);
      const longest = Math.max(...parts.map((part) => utf8(part).length));
      expect(longest, `chunk size ${size}`).toBeLessThanOrEqual(64 * 1024);
    }
  });
});

describe("StreamDecoder: big transcoded chunks in pieces", () => {
  const text = "caf\u00e9 \u2019quoted\u2019 cr\u00e8me,12\n".repeat(12_000); // ~290 KB
  it.each<[string, Uint8Array]>([
    ["Windows-1252", iconv.encode(text, "windows-1252")],
    ["UTF-16LE", new Uint8Array([0xff, 0xfe, ...iconv.encode(text, "utf-16le")])],
  ])("%s", (_name, input) => {
    for (const size of [input.length, 1 << 20, 100_001]) {
      const d = new StreamDecoder();
      const parts: string[] = [];
      for (let at = 0; at < input.length; at += size) parts.push(...d.writeParts(input.subarray(at, at + size)));
      parts.push(...d.endParts());
      expect(parts.join(""), `chunk size ${size}`).toBe(text);
      // At most 32 KiB of bytes each: under V8's large-object size even as two-byte strings.
      expect(Math.max(...parts.map((part) => part.length)), `chunk size ${size}`).toBeLessThanOrEqual(32 * 1024);
    }
  });
});

describe("firstNonAscii", () => {
  it("finds the first byte ≥ 0x80 at any alignment", () => {
    const buffer = new Uint8Array(64).fill(0x41);
    for (let start = 0; start < 8; start++) {
      for (let high = start; high < 64; high += 5) {
        const bytes = buffer.slice();
        bytes[high] = 0xc3;
        const view = bytes.subarray(start);
        expect(firstNonAscii(view, 0)).toBe(high - start);
        expect(firstNonAscii(view, high - start + 1)).toBe(view.length);
      }
      expect(firstNonAscii(buffer.subarray(start), 0)).toBe(64 - start);
    }
  });
});

describe("binaryReason", () => {
  it.each<[string, Uint8Array, RegExp | null]>([
    ["xlsx (zip)", latin("PK\x03\x04rest"), /zip archive.*Excel workbook/],
    ["empty zip", latin("PK\x05\x06rest"), /zip archive/],
    ["xls (OLE2)", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /\.xls.*Excel workbook/],
    ["NUL byte", latin("a,b\n\x00"), /NUL byte at offset 4/],
    ["UTF-16 without BOM", latin("a\x00,\x00b\x00\n\x00"), /UTF-16 text without a byte order mark/],
    ["UTF-16 with BOM", new Uint8Array([0xff, 0xfe, 0x61, 0x00]), null],
    ["text", latin("a,b\n"), null],
    ["short PK", latin("PK"), null],
  ])("%s", (_n, sample, expected) => {
    const got = binaryReason(sample);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatch(expected);
  });
});

describe("chooseLegacyEncoding", () => {
  it.each([
    ["Windows-1252 punctuation", latin("id,summary\n1,Caf\xe9 on Main St\n2,Pothole near the \x92big\x92 tree\n"), "windows-1252", "windows-1252"],
    ["Latin-1 Spanish", latin("id,descripcion\n1,Bache en la calle Se\xf1or Mart\xednez, est\xe1 muy profundo\n2,\xc1rbol ca\xeddo en la acci\xf3n\n"), "ISO-8859-1", "windows-1252"],
    ["a one-accent sample chardet guesses oddly", latin("a,b\n1,\xe9\n"), "windows-1252", "windows-1252"],
  ])("%s", (_n, sample, name, decodeAs) => {
    expect(chooseLegacyEncoding(sample)).toEqual({ name, decodeAs });
  });
});

describe("UTF-8 helpers", () => {
  it.each<[string, Uint8Array, boolean, { multiByte: number; invalid: number; truncated: boolean }]>([
    ["ASCII", bytes("abc"), false, { multiByte: 0, invalid: 0, truncated: false }],
    ["valid", bytes("é😀’"), false, { multiByte: 3, invalid: 0, truncated: false }],
    ["Latin-1 bytes", latin("caf\xe9 cr\xe8me"), false, { multiByte: 0, invalid: 2, truncated: false }],
    ["a bad byte and its continuation bytes count once", bytes([0xff, 0x80, 0x80, 0x41]), false, { multiByte: 0, invalid: 1, truncated: false }],
    ["adjacent bad bytes count once", bytes([0xff, 0xfe, 0xe9, 0x41, 0xe9]), true, { multiByte: 0, invalid: 2, truncated: false }],
    ["a lead byte at the end may still be completed", bytes([0xff, 0xfe, 0x41, 0xe9]), false, { multiByte: 0, invalid: 1, truncated: true }],
    ["cut off, more to come", bytes("é", [0xe2, 0x82]), false, { multiByte: 1, invalid: 0, truncated: true }],
    ["cut off at the end of input", bytes("é", [0xe2, 0x82]), true, { multiByte: 1, invalid: 1, truncated: false }],
    ["NUL is neither", bytes([0x00, 0x41]), false, { multiByte: 0, invalid: 0, truncated: false }],
  ])("utf8Stats: %s", (_n, input, eof, expected) => {
    expect(utf8Stats(input, eof)).toEqual(expected);
  });

  it.each<[string, Uint8Array, number]>([
    ["all valid", bytes("aé😀"), 7],
    ["NUL", bytes("ab", [0], "c"), 2],
    ["lone continuation", bytes("é", [0x80]), 2],
    ["bad lead F5", bytes("a", [0xf5, 0x80, 0x80, 0x80]), 1],
    ["E0 needs A0..BF next", bytes("a", [0xe0, 0x80, 0x80]), 1],
    ["F4 90 is past U+10FFFF", bytes([0xf4, 0x90, 0x80, 0x80]), 0],
    ["truncated at the end", bytes("ab", [0xe2, 0x82]), 2],
  ])("firstInvalidUtf8: %s", (_n, input, expected) => {
    expect(firstInvalidUtf8(input, 0)).toBe(expected);
  });

  it.each<[string, number[], number]>([
    ["ASCII end", [0x61], 0],
    ["complete 2-byte", [0xc3, 0xa9], 0],
    ["lead of 2", [0x61, 0xc3], 1],
    ["lead of 3", [0xe2], 1],
    ["2 of 3", [0xe2, 0x82], 2],
    ["complete 3-byte", [0xe2, 0x82, 0xac], 0],
    ["3 of 4", [0xf0, 0x9f, 0x98], 3],
    ["complete 4-byte", [0xf0, 0x9f, 0x98, 0x80], 0],
    ["FF starts nothing", [0x61, 0xff], 0],
    ["C0 starts nothing", [0x61, 0xc0], 0],
    ["empty", [], 0],
  ])("incompleteUtf8Tail: %s", (_n, input, expected) => {
    expect(incompleteUtf8Tail(new Uint8Array(input))).toBe(expected);
  });
});
