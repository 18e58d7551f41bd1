import { describe, expect, it } from "vitest";
import { CopyBuffer, copyLine, copyValue } from "./copy-rows.ts";

describe("copyValue (COPY text format)", () => {
  it.each([
    { value: null, text: "\\N" },
    { value: "", text: "" },
    { value: "plain text, with commas", text: "plain text, with commas" },
    { value: "\\N", text: "\\\\N" }, // the two characters, not a null
    { value: "a\tb", text: "a\\tb" },
    { value: "line 1\nline 2", text: "line 1\\nline 2" },
    { value: "crlf\r\n", text: "crlf\\r\\n" },
    { value: "C:\\temp\\new", text: "C:\\\\temp\\\\new" },
    { value: "Łódź “quoted” é", text: "Łódź “quoted” é" },
    { value: true, text: "t" },
    { value: false, text: "f" },
    { value: 42, text: "42" },
    { value: -72.530001, text: "-72.530001" },
    { value: 1e-7, text: "1e-7" },
  ])("$value → $text", ({ value, text }) => {
    expect(copyValue(value)).toBe(text);
  });

  it.each([NaN, Infinity, -Infinity])("refuses %s", (value) => {
    expect(() => copyValue(value)).toThrow(/cannot COPY/);
  });
});

describe("copyLine", () => {
  it("separates values with tabs and ends the line", () => {
    expect(copyLine([1, "a\tb", null, false])).toBe("1\ta\\tb\t\\N\tf\n");
    expect(copyLine(["only"])).toBe("only\n");
  });
});

describe("CopyBuffer", () => {
  it("encodes rows as UTF-8 lines across blocks, in order", () => {
    const buffer = new CopyBuffer();
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const values = [i, `Łódź row ${i}\t“${"x".repeat(i % 300)}”`, i % 2 === 0 ? null : true];
      buffer.add(values);
      expected.push(copyLine(values));
    }
    const chunks = buffer.chunks();
    expect(chunks.length).toBeGreaterThan(1);
    expect(buffer.rows).toBe(5000);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(expected.join(""));
  });

  it("takes a row larger than a block", () => {
    const buffer = new CopyBuffer();
    const big = "é".repeat(300_000);
    buffer.add(["a"]);
    buffer.add([big]);
    buffer.add(["b"]);
    expect(Buffer.concat(buffer.chunks()).toString("utf8")).toBe(`a\n${big}\nb\n`);
  });

  it("is empty until a row is added", () => {
    const buffer = new CopyBuffer();
    expect(buffer.rows).toBe(0);
    expect(buffer.chunks()).toEqual([]);
  });
});
