import { describe, expect, it } from "vitest";
import { pgConfigFromUrl, withDatabase } from "./database-url.ts";

describe("pgConfigFromUrl", () => {
  it.each([
    ["postgresql://postgres@127.0.0.1:5432/test", { host: "127.0.0.1", port: 5432, user: "postgres", password: undefined, database: "test" }],
    ["postgres://u%40x:p%2Fw@db.example:6543/my%20db", { host: "db.example", port: 6543, user: "u@x", password: "p/w", database: "my db" }],
    ["postgresql://localhost", { host: "localhost", port: 5432, user: "postgres", password: undefined, database: "postgres" }],
  ])("%s", (url, expected) => {
    expect(pgConfigFromUrl(url)).toEqual(expected);
  });

  it("refuses other schemes", () => {
    expect(() => pgConfigFromUrl("mysql://root@localhost/db")).toThrow(/postgres:\/\//);
  });

  it("switches the database and keeps the rest", () => {
    expect(withDatabase("postgresql://a:b@h:1/x?sslmode=disable", "y")).toBe("postgresql://a:b@h:1/y?sslmode=disable");
  });
});
