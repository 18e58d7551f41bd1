import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { isMissingPrismaClient, registerCommands, type CommandFamily } from "./main.ts";

/** An import of the generated client that failed, as Node reports it. */
function missingClient(): Error {
  return Object.assign(new Error("Cannot find module '/app/lib/generated/prisma/client.ts' imported from /app/lib/imports/ingest.ts"), {
    code: "ERR_MODULE_NOT_FOUND",
    url: "file:///app/lib/generated/prisma/client.ts",
  });
}

const family = (names: string[], fails?: () => Error): CommandFamily => ({
  names,
  load: async () => {
    if (fails) throw fails();
    return (program) => {
      for (const name of names) program.command(name).description(`the ${name} command`);
    };
  },
});

const families = [family(["validate", "error-report"]), family(["import", "jobs"], missingClient)];

function helpOf(program: Command): string {
  let help = "";
  program.configureOutput({ writeOut: (text) => void (help += text) });
  program.outputHelp();
  return help;
}

describe("registerCommands", () => {
  it.each([
    ["an offline command, with the database code missing", ["validate", "a.csv"], null, ["validate", "error-report"]],
    ["a database command, with its client missing", ["import", "--org", "x"], "import needs the database client, which is not generated: run `npx prisma generate` (npm install runs it)", []],
    ["--help: every family that loads", ["--help"], null, ["validate", "error-report"]],
  ])("%s", async (_name, argv, refused, commands) => {
    const program = new Command().exitOverride();
    expect(await registerCommands(program, argv, () => undefined, families)).toBe(refused);
    expect(program.commands.map((command) => command.name())).toEqual(commands);
  });

  it("says in the help which commands wait for the client", async () => {
    const program = new Command().name("bulk-import").exitOverride();
    await registerCommands(program, [], () => undefined, families);
    expect(helpOf(program)).toContain("Not available until the database client is generated (`npx prisma generate`; npm install runs it): import, jobs.");
  });

  it("lets any other failure to load through", async () => {
    const broken = [family(["validate"], () => new Error("a syntax error"))];
    await expect(registerCommands(new Command(), ["validate"], () => undefined, broken)).rejects.toThrow("a syntax error");
  });
});

describe("isMissingPrismaClient", () => {
  it.each([
    ["the generated client", missingClient(), true],
    ["the generated client, Windows paths", Object.assign(new Error("x"), { code: "ERR_MODULE_NOT_FOUND", url: "C:\\app\\lib\\generated\\prisma\\client.ts" }), true],
    ["another missing module", Object.assign(new Error("Cannot find module 'pg'"), { code: "ERR_MODULE_NOT_FOUND", url: "file:///app/node_modules/pg/index.js" }), false],
    ["another error about the client's path", Object.assign(new Error("/app/lib/generated/prisma/client.ts: unexpected token"), { code: "ERR_INVALID_ARG" }), false],
    ["not an error", "ERR_MODULE_NOT_FOUND /lib/generated/", false],
  ])("%s: %s", (_name, error, missing) => {
    expect(isMissingPrismaClient(error)).toBe(missing);
  });
});
