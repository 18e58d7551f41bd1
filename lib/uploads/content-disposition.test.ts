import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./content-disposition.ts";

describe("attachmentDisposition", () => {
  it.each([
    ["errors.csv", `attachment; filename="errors.csv"; filename*=UTF-8''errors.csv`],
    ["Łódź – zgłoszenia.csv", `attachment; filename="__d_ _ zg_oszenia.csv"; filename*=UTF-8''%C5%81%C3%B3d%C5%BA%20%E2%80%93%20zg%C5%82oszenia.csv`],
    ["市民からの要望.csv", `attachment; filename="_______.csv"; filename*=UTF-8''%E5%B8%82%E6%B0%91%E3%81%8B%E3%82%89%E3%81%AE%E8%A6%81%E6%9C%9B.csv`],
    ['say "hi" (1).csv', `attachment; filename="say _hi_ (1).csv"; filename*=UTF-8''say%20%22hi%22%20%281%29.csv`],
  ])("%s", (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
    // Every header value is Latin-1 (a Response with anything else throws).
    expect(() => new Headers({ "content-disposition": attachmentDisposition(name) })).not.toThrow();
    // The exact name comes back from the encoded form.
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(name);
  });
});
