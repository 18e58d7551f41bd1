import { describe, expect, it } from "vitest";
import { checkAddressLineBreak } from "./address.ts";

describe("checkAddressLineBreak", () => {
  it.each(["12 Main St", "12 Main St, Apt 4", "Rue de l'Église"])("accepts %j", (value) => {
    expect(checkAddressLineBreak(value)).toBeNull();
  });

  it.each(["12 Main St\nSpringfield", "12 Main St\r\nSpringfield", "12 Main St\rX", "12 Main St\u2028X", "12 Main St\u2029X"])(
    "rejects %j",
    (value) => {
      expect(checkAddressLineBreak(value)).toMatchObject({ code: "line_break_not_allowed", column: "address", value });
    },
  );
});
