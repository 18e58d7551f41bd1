import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { demoOrganizationPath } from "../../crm/seed.ts";
import { runCli } from "../testing/run-cli.ts";

let dir: string;
const previousUrl = process.env.DATABASE_URL;

const run = runCli;

beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl");
  dir = await mkdtemp(path.join(tmpdir(), "org-cli-"));
});

afterAll(() => {
  process.env.DATABASE_URL = previousUrl;
});

describe("bulk-import org", () => {
  it("apply then dump then apply again changes nothing", async () => {
    const config = JSON.parse(await readFile(demoOrganizationPath, "utf8"));
    config.organization.slug = "cli-roundtrip";
    const file = path.join(dir, "org.json");
    await writeFile(file, JSON.stringify(config));
    expect((await run(["org", "apply", file])).code).toBe(0);
    const dumped = await run(["org", "dump", "cli-roundtrip"]);
    expect(dumped.code).toBe(0);
    expect(JSON.parse(dumped.stdout)).toEqual(config);
    const dumpFile = path.join(dir, "dump.json");
    await writeFile(dumpFile, dumped.stdout);
    const again = await run(["org", "apply", dumpFile]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("up to date: no changes");
  });

  it("rejects a file with three mistakes, lists all three, exits 2 and writes nothing", async () => {
    const config = JSON.parse(await readFile(demoOrganizationPath, "utf8"));
    config.organization.slug = "cli-bad";
    config.organization.timezone = "Eastern Time";
    config.requestTypes[0].agency = "Public Werks";
    delete config.requestTypes[1].questions[1].options;
    const file = path.join(dir, "bad.json");
    await writeFile(file, JSON.stringify(config));
    const result = await run(["org", "apply", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("3 problems");
    expect(result.stderr).toContain("organization.timezone");
    expect(result.stderr).toContain("requestTypes[0].agency");
    expect(result.stderr).toContain("requestTypes[1].questions[1].options");
    const dump = await run(["org", "dump", "cli-bad"]);
    expect(dump.code).toBe(2);
    expect(dump.stderr).toContain('no organization with slug "cli-bad"');
  });

  it("names an unreadable file without a stack trace", async () => {
    const result = await run(["org", "apply", path.join(dir, "missing.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*missing\.json: no such file/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
