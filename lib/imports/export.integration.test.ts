import { readFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import type { OrgConfig } from "../org/org-config-schema.ts";
import { canonicalHeader, createOrganization, queueImport, testExecutor, writeCsv } from "../testing/import-fixtures.ts";
import { commentColumnSequence, exportIssues, placeComments } from "./export.ts";

const { db, url } = useTestDb();
let runner: ReturnType<typeof testExecutor>;
let outDir: string;

beforeAll(async () => {
  runner = testExecutor(db, url);
  outDir = await mkdtemp(path.join(tmpdir(), "export-it-"));
});

afterAll(async () => {
  await runner.end();
});

async function importFiles(organizationId: number, files: { name: string; path: string }[]) {
  const { importJobId, ingest } = await queueImport(db, url, { organizationId, files });
  expect(ingest.report.summary.errors).toBe(0);
  await runner.drain(importJobId);
  expect((await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).status).toBe("completed");
  return importJobId;
}

/** An organization's issues as a CRM user sees them, without ids, provenance or the import's own message. */
async function issuesOf(organizationId: number) {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, include: { genericUser: true } });
  const generic = organization.genericUserId ?? (await db.user.findUniqueOrThrow({ where: { email: `wrenchbot@${organization.slug}.invalid` } })).id;
  const who = (user: { id: number; email: string } | null) => (user === null ? null : user.id === generic ? "(generic user)" : user.email);
  const issues = await db.issue.findMany({
    where: { organizationId },
    include: {
      requestType: true,
      reporter: true,
      assignee: true,
      events: { orderBy: { id: "asc" }, include: { author: true } },
      comments: { orderBy: { position: "asc" }, include: { author: true } },
      answers: { include: { question: true } },
    },
  });
  return issues
    .map((issue) => ({
      requestType: issue.requestType.title,
      status: issue.status,
      lat: issue.lat,
      lng: issue.lng,
      address: issue.address,
      summary: issue.summary,
      description: issue.description,
      reporter: who(issue.reporter),
      assignee: who(issue.assignee),
      acknowledgeMessage: issue.acknowledgeMessage ?? "Issue Acknowledged",
      autoAssignment: issue.autoAssignment,
      createdAt: issue.createdAt.toISOString(),
      acknowledgedAt: issue.acknowledgedAt.toISOString(),
      closedAt: issue.closedAt?.toISOString() ?? null,
      archivedAt: issue.archivedAt?.toISOString() ?? null,
      events: issue.events.map((e) =>
        e.kind === "system_message"
          ? [e.kind, who(e.author)]
          : [e.kind, e.fromStatus, e.toStatus, e.message, who(e.author), e.occurredAt.toISOString()],
      ),
      comments: issue.comments.map((c) => [c.position, c.visibility, c.body, who(c.author), c.createdAt.toISOString()]),
      answers: issue.answers.map((a) => [a.question.text, a.value]).sort(),
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

const P1 = "public_comment_1";
const I1 = "internal_comment_1";
const P2 = "public_comment_2";
const I2 = "internal_comment_3"; // gaps are allowed
const size = "Q: What is the size of the pothole?";
const depth = "Q: How deep is it, in inches?";
const pole = "Q: Pole number";
const lights = "Q: Which lights are out?";
const dark = "Q: Is the signal completely dark?";
const animal = "Q: Kind of animal";

describe("export and the round trip", () => {
  it("import → export → import into an organization with the same configuration gives the same issues", async () => {
    const { organization: a } = await createOrganization(db, "rt-source");
    const { organization: b } = await createOrganization(db, "rt-target");
    const header = [...canonicalHeader, I1, P1, P2, I2, size, depth, pole, lights, dark, animal];
    const row = (values: Record<string, string>) => header.map((column) => values[column] ?? "");
    const base = { lat: "42.11", lng: "-72.53", summary: "Report", description: "Something" };
    const rows = [
      row({ ...base, address: "1 A St", request_type: "Pothole", created_at: "2021-01-15T08:00:00-05:00", [size]: "Small", [depth]: "4", [I1]: "Original ID: 1", [P1]: "Thanks", auto_assignment: "Yes" }),
      row({ ...base, address: "2 B St", request_type: "Pothole", created_at: "2021-07-04T12:30:45.123+02:00", closed_at: "2021-07-05T00:00:00Z", [size]: "Large", [P1]: "p1", [P2]: "p2", [I2]: "i-after", reporter_email: "Crew@Springfield.example.gov", acknowledge_message: "On our list", auto_assignment: "No" }),
      row({ ...base, address: "3 C St", request_type: "Streetlight Outage", created_at: "2021-11-07T01:30:00-04:00", [pole]: "P-77", [lights]: "Street light; Pedestrian light", reporter_email: "Resident.One@example.com", acknowledge_message: "Issue Acknowledged" }),
      row({ ...base, address: "4 D St", request_type: "Traffic Signal Problem", created_at: "2021-03-14T03:30:00Z", [dark]: "true", [I2]: "only internal", description: "Line one\nLine two, \"quoted\"", auto_assignment: "Yes" }),
      row({ ...base, address: "5 E St", request_type: "Stray Animal", lat: "42.1234567891", lng: "-72.5000000001", created_at: "2020-02-29T23:59:59.999-05:00", closed_at: "2020-03-01T10:00:00-05:00", [animal]: "Dog", reporter_email: "resident.one@EXAMPLE.com" }),
      row({ ...base, address: "6 F St", request_type: "Park Maintenance", lat: "42.08", lng: "-72.56", created_at: "2022-06-01T09:00:00-04:00", [P1]: "=1+1 is not a formula here", auto_assignment: "Yes" }),
    ];
    const source = await writeCsv("rt-source.csv", header, rows);
    const firstImport = await importFiles(a.id, [{ name: "rt-source.csv", path: source }]);

    const out = path.join(outDir, "springfield-issues.csv");
    const exported = await exportIssues({ organizationSlug: "rt-source", outputPath: out }, db);
    expect(exported).toEqual({ ok: true, files: [{ path: out, issues: 6, requestTypes: ["Pothole", "Streetlight Outage", "Traffic Signal Problem", "Park Maintenance", "Stray Animal"] }] });
    const text = await readFile(out, "utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "lat,lng,address,request_type,summary,description,reporter_email,created_at,acknowledge_message,closed_at,auto_assignment," +
        "public_comment_1,public_comment_2,internal_comment_1,public_comment_3," +
        "Q: What is the size of the pothole?,\"Q: How deep is it, in inches?\",Q: Pole number,Q: Which lights are out?,Q: Is the signal completely dark?,Q: Kind of animal",
    );
    // The generic user's rows have a blank reporter; a default message is blank; local offsets.
    // Comment columns keep each issue's order: row 1 had internal then public.
    expect(lines[1]).toBe("42.11,-72.53,1 A St,Pothole,Report,Something,,2021-01-15T08:00:00-05:00,,,Yes,,,Original ID: 1,Thanks,Small,4,,,,");
    expect(lines[3]).toContain(",resident.one@example.com,2021-11-07T01:30:00-04:00,,,No,");
    expect(lines[2]).toContain(",crew@springfield.example.gov,2021-07-04T06:30:45.123-04:00,On our list,2021-07-04T20:00:00-04:00,No,p1,p2,i-after,");

    // The default export is for re-import (contract §4): a cell that looks like a formula stays as it is.
    expect(lines[6]).toContain(",=1+1 is not a formula here,");
    // --formula-safe neutralises it for a spreadsheet (contract §6's rule), numbers like -72.56 excepted.
    const safe = path.join(outDir, "springfield-issues-safe.csv");
    await exportIssues({ organizationSlug: "rt-source", outputPath: safe, formulaSafe: true }, db);
    const safeLines = (await readFile(safe, "utf8")).split("\r\n");
    expect(safeLines[6]).toContain(",'=1+1 is not a formula here,");
    expect(safeLines[6]).toMatch(/^42\.08,-72\.56,6 F St,/);
    expect(safeLines.filter((line) => line !== lines[safeLines.indexOf(line)])).toHaveLength(1);

    await importFiles(b.id, [{ name: "springfield-issues.csv", path: out }]);
    const before = await issuesOf(a.id);
    const after = await issuesOf(b.id);
    expect(after).toEqual(before);
    expect(before).toHaveLength(6);

    // --import limits the export to one import's issues.
    const none = await exportIssues({ organizationSlug: "rt-target", importJobId: firstImport, outputPath: path.join(outDir, "none.csv") }, db);
    expect(none).toEqual({ ok: false, reason: `Import #${firstImport} is not an import of rt-target.` });
  });

  it("splits the export where two request types share a question text, and the files still round-trip", async () => {
    const shared = (config: OrgConfig): OrgConfig => ({
      ...config,
      requestTypes: config.requestTypes.map((type) =>
        type.title === "Pothole" || type.title === "Tree Issue" ? { ...type, questions: [...type.questions, { text: "Anything else?", kind: "textarea", required: false }] } : type,
      ),
    });
    const { organization: a } = await createOrganization(db, "split-source", shared);
    const { organization: b } = await createOrganization(db, "split-target", shared);
    const base = { lat: "42.11", lng: "-72.53", summary: "S", description: "D", created_at: "2021-05-05T05:05:05-04:00" };
    const potholeHeader = [...canonicalHeader, size, "Q: Anything else?"];
    const treeHeader = [...canonicalHeader, "Q: Is the tree blocking the road?", "Q: Anything else?"];
    const potholes = await writeCsv("split-potholes.csv", potholeHeader, [
      potholeHeader.map((c) => ({ ...base, address: "1 P", request_type: "Pothole", [size]: "Small", "Q: Anything else?": "deep" })[c] ?? ""),
    ]);
    const trees = await writeCsv("split-trees.csv", treeHeader, [
      treeHeader.map((c) => ({ ...base, address: "2 T", request_type: "Tree Issue", "Q: Is the tree blocking the road?": "true", "Q: Anything else?": "big branch" })[c] ?? ""),
    ]);
    await importFiles(a.id, [
      { name: "split-potholes.csv", path: potholes },
      { name: "split-trees.csv", path: trees },
    ]);
    const out = path.join(outDir, "split.csv");
    const exported = await exportIssues({ organizationSlug: "split-source", outputPath: out }, db);
    expect(exported).toEqual({
      ok: true,
      files: [
        { path: out, issues: 1, requestTypes: ["Pothole"] },
        { path: path.join(outDir, "split-2.csv"), issues: 1, requestTypes: ["Tree Issue"] },
      ],
    });
    await importFiles(b.id, [
      { name: "split.csv", path: out },
      { name: "split-2.csv", path: path.join(outDir, "split-2.csv") },
    ]);
    expect(await issuesOf(b.id)).toEqual(await issuesOf(a.id));
  });
});

describe("comment columns", () => {
  it.each([
    [["P", "I"], ["P", "I"]],
    [["PIP", "IP"], ["P", "I", "P"]],
    [["II", "PIP", ""], ["P", "I", "P", "I"]],
  ])("%j fit in %j", (sequences, columns) => {
    expect(commentColumnSequence(sequences)).toEqual(columns);
    for (const sequence of sequences) {
      const places = placeComments(columns, [...sequence]);
      expect(places.every((place, i) => columns[place] === sequence[i] && (i === 0 || place > places[i - 1]!))).toBe(true);
    }
  });
});
