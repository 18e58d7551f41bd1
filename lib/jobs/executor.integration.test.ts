import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, queueImport, testExecutor, writeCsv } from "../testing/import-fixtures.ts";
import { listRowOutcomeReasons } from "../imports/import-counts.ts";
import { listImportRows } from "../imports/review.ts";

const { db, url } = useTestDb();
let runner: ReturnType<typeof testExecutor>;

beforeAll(() => {
  runner = testExecutor(db, url);
});

afterAll(async () => {
  await runner.end();
});

const sizeQ = "Q: What is the size of the pothole?";
const depthQ = "Q: How deep is it, in inches?";
const header = [...canonicalHeader, "internal_comment_1", "public_comment_1", "public_comment_2", sizeQ, depthQ];

describe("CRM semantics of an imported row", () => {
  let importJobId: number;
  let organizationId: number;
  let genericUserId: number;
  let potholesPath: string;

  beforeAll(async () => {
    const { organization } = await createOrganization(db, "semantics");
    organizationId = organization.id;
    genericUserId = organization.genericUserId!;
    const rows = [
      // 1: blank reporter and message, open, auto-assigned, padded values, comments in column order.
      potholeRow(1, { address: "  1 Main St  ", summary: " Big hole ", auto_assignment: "Yes", internal_comment_1: " Original ID: A-1 ", public_comment_1: "First public", [sizeQ]: "Medium", [depthQ]: " 3 " }, header),
      // 2: an existing user with another email case, a message, closed (→ archived), not assigned.
      potholeRow(2, { reporter_email: "Crew@Springfield.Example.gov", acknowledge_message: "We're on it", closed_at: "2021-03-05T08:00:00-05:00", auto_assignment: "No", public_comment_2: "Second public", [sizeQ]: "Large" }, header),
      // 3 and 4: one new reporter, twice, in two cases.
      potholeRow(3, { reporter_email: "New.Person@Example.com", created_at: "2021-07-01T12:00:00.250Z" }, header),
      potholeRow(4, { reporter_email: "new.person@example.com", acknowledge_message: "Issue Acknowledged" }, header),
      // 5: a type without questions, auto-assigned to the parks dispatcher.
      potholeRow(5, { request_type: "Park Maintenance", lat: "42.08", lng: "-72.56", auto_assignment: "Yes", [sizeQ]: "" }, header),
    ];
    potholesPath = await writeCsv("potholes.csv", header, rows);
    const queued = await queueImport(db, url, { organizationId, files: [{ name: "potholes.csv", path: potholesPath }] });
    expect(queued.ingest.report.summary).toMatchObject({ rows: 5, validRows: 5, errors: 0 });
    importJobId = queued.importJobId;
    await runner.drain(importJobId);
  });

  const issueOf = (row: number) =>
    db.issue.findFirstOrThrow({
      where: { importJobId, sourceRow: row },
      include: { events: { orderBy: { id: "asc" } }, comments: { orderBy: { position: "asc" } }, answers: { include: { question: true } }, reporter: true, assignee: true, requestType: true },
    });

  it("completes the job with exact counters", async () => {
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importJobId } });
    expect(job).toMatchObject({ status: "completed", totalRows: 5, rowsDone: 5, issuesCreated: 5, rowsSkipped: 0, rowsFailed: 0, usersCreated: 1, chunksTotal: 1, chunksDone: 1, etaSeconds: 0 });
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    expect(job.rowsPerSecond).toBeGreaterThan(0);
    // A row's own status stays pending: its issue is the record that it was imported, and the
    // review grid reads it so.
    const rows = await db.importRow.findMany({ where: { importJobId }, orderBy: { row: "asc" } });
    expect(rows.map((row) => [row.status, row.statusReason])).toEqual(Array.from({ length: 5 }, () => ["pending", null]));
    const page = await listImportRows(importJobId, { offset: 0, limit: 10 }, db);
    expect(page.rows.map((row) => row.status)).toEqual(["imported", "imported", "imported", "imported", "imported"]);
  });

  it("an open row: Acknowledged at created_at with the default message, trimmed values, the generic user as reporter, auto-assigned", async () => {
    const issue = await issueOf(1);
    const created = new Date("2021-03-04T15:11:12Z");
    expect(issue).toMatchObject({
      status: "Acknowledged", address: "1 Main St", summary: "Big hole", acknowledgeMessage: null, autoAssignment: true,
      createdAt: created, acknowledgedAt: created, closedAt: null, archivedAt: null, reporterId: genericUserId,
    });
    expect(issue.assignee?.email).toBe("crew@springfield.example.gov");
    expect(issue.requestType.title).toBe("Pothole");
    expect(issue.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(issue.importedAt).toEqual(issue.updatedAt);
    expect(issue.events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.message, e.authorId])).toEqual([
      ["acknowledged", null, "Acknowledged", "Issue Acknowledged", genericUserId],
      ["system_message", null, null, `Imported from potholes.csv, row 1, import #${importJobId}`, genericUserId],
    ]);
    expect(issue.events[0]!.occurredAt).toEqual(created);
    expect(issue.events.every((e) => e.importJobId === importJobId)).toBe(true);
  });

  it("comments keep column order and visibility, by the generic user at created_at; answers are stored trimmed", async () => {
    const one = await issueOf(1);
    expect(one.comments.map((c) => [c.position, c.visibility, c.body, c.authorId, c.createdAt.toISOString()])).toEqual([
      [1, "internal", "Original ID: A-1", genericUserId, "2021-03-04T15:11:12.000Z"],
      [2, "public", "First public", genericUserId, "2021-03-04T15:11:12.000Z"],
    ]);
    expect(one.answers.map((a) => [a.question.text, a.value]).sort()).toEqual([
      ["How deep is it, in inches?", "3"],
      ["What is the size of the pothole?", "Medium"],
    ]);
    const two = await issueOf(2);
    expect(two.comments.map((c) => [c.position, c.visibility, c.body])).toEqual([[1, "public", "Second public"]]);
    expect(two.answers.map((a) => a.value)).toEqual(["Large"]);
  });

  it("a closed row: closed then archived at closed_at; an existing user matched case-insensitively; No = unassigned", async () => {
    const issue = await issueOf(2);
    const closed = new Date("2021-03-05T13:00:00Z");
    expect(issue).toMatchObject({ status: "Archived", acknowledgeMessage: "We're on it", closedAt: closed, archivedAt: closed, assigneeId: null, autoAssignment: false });
    expect(issue.reporter.email).toBe("crew@springfield.example.gov");
    expect(issue.reporter.isGuest).toBe(false);
    expect(issue.events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.message, e.occurredAt.toISOString()])).toEqual([
      ["acknowledged", null, "Acknowledged", "We're on it", "2021-03-04T15:11:12.000Z"],
      ["closed", "Acknowledged", "Closed", null, "2021-03-05T13:00:00.000Z"],
      ["archived", "Closed", "Archived", null, "2021-03-05T13:00:00.000Z"],
      ["system_message", null, null, `Imported from potholes.csv, row 2, import #${importJobId}`, issue.importedAt!.toISOString()],
    ]);
  });

  it("an unknown reporter becomes ONE new guest user of this import, lower-cased, invitation pending; no email is sent", async () => {
    const three = await issueOf(3);
    const four = await issueOf(4);
    expect(three.reporterId).toBe(four.reporterId);
    expect(three.reporter).toMatchObject({ email: "new.person@example.com", isGuest: true, invitationState: "pending", createdByImportId: importJobId });
    expect(three.createdAt.toISOString()).toBe("2021-07-01T12:00:00.250Z");
    expect(four.acknowledgeMessage).toBe("Issue Acknowledged");
    const created = await db.user.findMany({ where: { createdByImportId: importJobId } });
    expect(created.map((u) => u.email)).toEqual(["new.person@example.com"]);
  });

  it("another request type: its own auto-assign target, no answers", async () => {
    const issue = await issueOf(5);
    expect(issue.requestType.title).toBe("Park Maintenance");
    expect(issue.assignee?.email).toBe("parks@springfield.example.gov");
    expect(issue.answers).toEqual([]);
  });

  it("importing the same file again skips every row and says why", async () => {
    const file = await db.importFile.findFirstOrThrow({ where: { importJobId } });
    const again = await queueImport(db, url, { organizationId, files: [{ name: "potholes.csv", path: potholesPath }] });
    await runner.drain(again.importJobId);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: again.importJobId } });
    expect(job).toMatchObject({ status: "completed", rowsDone: 5, issuesCreated: 0, rowsSkipped: 5, usersCreated: 0 });
    expect(await listRowOutcomeReasons(again.importJobId, {}, db)).toEqual([
      { status: "skipped", reason: `already imported by import #${importJobId}`, rows: 5 },
    ]);
    expect(await db.issue.count({ where: { organizationId, sourceSha256: file.sha256 } })).toBe(5);
  });
});

describe("the generic user", () => {
  it("is Wrenchbot (wrenchbot@<slug>.invalid, created on first use) when the organization configures none", async () => {
    const { organization } = await createOrganization(db, "bot-town", (config) => {
      const { genericUserEmail: _none, ...rest } = config.organization;
      return { ...config, organization: rest };
    });
    const file = await writeCsv("bot.csv", [...canonicalHeader, sizeQ], [potholeRow(1), potholeRow(2, { reporter_email: "someone@bot-town.example" })]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "bot.csv", path: file }] });
    await runner.drain(importJobId);
    const bot = await db.user.findUniqueOrThrow({ where: { email: "wrenchbot@bot-town.invalid" } });
    expect(bot).toMatchObject({ isServiceUser: true, name: "Wrenchbot" });
    const issues = await db.issue.findMany({ where: { importJobId }, orderBy: { sourceRow: "asc" }, include: { events: true } });
    expect(issues[0]!.reporterId).toBe(bot.id);
    expect(issues[1]!.reporterId).not.toBe(bot.id);
    expect(issues.flatMap((issue) => issue.events).every((event) => event.authorId === bot.id)).toBe(true);
  });
});

describe("the organization's acknowledgement message", () => {
  it("is posted for a blank acknowledge_message; a row's own message wins; the issue keeps only a row's own", async () => {
    const message = "Thanks, we are on it.";
    const { organization } = await createOrganization(db, "ack-town", (config) => ({ ...config, organization: { ...config.organization, acknowledgeMessage: message } }));
    const file = await writeCsv("ack.csv", [...canonicalHeader, sizeQ], [potholeRow(1), potholeRow(2, { acknowledge_message: "Crew on the way" })]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "ack.csv", path: file }] });
    await runner.drain(importJobId);
    const issues = await db.issue.findMany({ where: { importJobId }, orderBy: { sourceRow: "asc" }, include: { events: { where: { kind: "acknowledged" } } } });
    expect(issues.map((issue) => [issue.acknowledgeMessage, issue.events[0]!.message])).toEqual([
      [null, message],
      ["Crew on the way", "Crew on the way"],
    ]);
  });
});

describe("rows with errors", () => {
  it("are refused unless only the valid rows are imported; then they are skipped with their reason (not imported by choice); a blocked file is refused either way", async () => {
    const { organization } = await createOrganization(db, "errors");
    const good = await writeCsv("mixed.csv", [...canonicalHeader, sizeQ], [potholeRow(1), potholeRow(2, { lat: "abc" }), potholeRow(3)]);
    const blocked = await writeCsv("blocked.csv", [...canonicalHeader, sizeQ, "colour"], [[...potholeRow(4), "red"]]);
    const mixed = { name: "mixed.csv", path: good };
    await expect(queueImport(db, url, { organizationId: organization.id, files: [mixed] })).rejects.toThrow(/has \d+ validation errors?: fix them, or import only the valid rows/);
    // A whole-file error blocks the import even for its valid rows: upload the file fixed, or take it out.
    await expect(queueImport(db, url, { organizationId: organization.id, files: [mixed, { name: "blocked.csv", path: blocked }], onlyValid: true })).rejects.toThrow(
      "blocked.csv has a whole-file error: upload it fixed, or remove it from the import.",
    );
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [mixed], onlyValid: true });
    await runner.drain(importJobId);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importJobId } });
    expect(job).toMatchObject({ status: "completed", totalRows: 3, rowsDone: 3, issuesCreated: 2, rowsFailed: 0, rowsSkipped: 1 });
    expect(await listRowOutcomeReasons(importJobId, {}, db)).toEqual([{ status: "skipped", reason: "has 1 validation error (invalid_number)", rows: 1 }]);
  });
});

describe("the mapping file", () => {
  it("maps old request types to the organization's", async () => {
    const { organization } = await createOrganization(db, "mapped");
    const file = await writeCsv("old.csv", [...canonicalHeader, sizeQ], [potholeRow(1, { request_type: "Road Hole" }), potholeRow(2, { request_type: "Pothole" })]);
    const mapping = await writeCsv("map.csv", ["old_request_type", "request_type"], [["Road Hole", "Pothole"]]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "old.csv", path: file }], mapping: { name: "map.csv", path: mapping } });
    await runner.drain(importJobId);
    const issues = await db.issue.findMany({ where: { importJobId }, include: { requestType: true } });
    expect(issues.map((issue) => issue.requestType.title)).toEqual(["Pothole", "Pothole"]);
  });
});

describe("two executors on one import", () => {
  it("never write the same chunk: every row exactly once, chunks attributed to both", async () => {
    const { organization } = await createOrganization(db, "parallel");
    const rows = Array.from({ length: 600 }, (_, i) => potholeRow(i + 1, { reporter_email: `p${i % 37}@parallel.example` }));
    const file = await writeCsv("many.csv", [...canonicalHeader, sizeQ], rows);
    const { importJobId, chunks } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "many.csv", path: file }], chunkRows: 20 });
    expect(chunks).toBe(30);
    const a = testExecutor(db, url, { testChunkDelayMs: 5 }, "worker-a");
    const b = testExecutor(db, url, { testChunkDelayMs: 5 }, "worker-b");
    try {
      const [ra, rb] = await Promise.all([a.drain(importJobId), b.drain(importJobId)]);
      expect(ra.chunks + rb.chunks).toBe(30);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importJobId } });
    expect(job).toMatchObject({ status: "completed", rowsDone: 600, issuesCreated: 600, chunksDone: 30, usersCreated: 37 });
    expect(await db.issue.count({ where: { importJobId } })).toBe(600);
    expect(await db.issueEvent.count({ where: { importJobId } })).toBe(1200);
    const byWorker = await db.importChunk.groupBy({ by: ["workerId"], where: { importJobId }, _count: { _all: true } });
    expect(byWorker.map((group) => group.workerId).sort()).toEqual(["worker-a", "worker-b"]);
  });
});

describe("the same source rows twice", () => {
  it("an identical file later in the same import: its rows are skipped, in one chunk and across chunks", async () => {
    const { organization } = await createOrganization(db, "twin-files");
    const rows = Array.from({ length: 30 }, (_, i) => potholeRow(i + 1));
    const first = await writeCsv("first.csv", [...canonicalHeader, sizeQ], rows);
    const twin = await writeCsv("twin.csv", [...canonicalHeader, sizeQ], rows);
    for (const chunkRows of [100, 7]) {
      await db.issue.deleteMany({ where: { organizationId: organization.id } });
      const files = [{ name: "first.csv", path: first }, { name: "twin.csv", path: twin }];
      const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files, chunkRows });
      await runner.drain(importJobId);
      const job = await db.importJob.findUniqueOrThrow({ where: { id: importJobId } });
      expect(job).toMatchObject({ status: "completed", rowsDone: 60, issuesCreated: 30, rowsSkipped: 30 });
      expect(await listRowOutcomeReasons(importJobId, {}, db)).toEqual([
        { status: "skipped", reason: "an identical file earlier in this import has the same row", rows: 30 },
      ]);
      const firstFile = await db.importFile.findFirstOrThrow({ where: { importJobId, name: "first.csv" } });
      expect(await db.issue.count({ where: { importJobId, importFileId: firstFile.id } })).toBe(30);
    }
  });

  it("two imports of one file written at the same time: every source row lands once, the other import skips it", async () => {
    const { organization } = await createOrganization(db, "racing-imports");
    const rows = Array.from({ length: 200 }, (_, i) => potholeRow(i + 1));
    const file = await writeCsv("same.csv", [...canonicalHeader, sizeQ], rows);
    const one = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "same.csv", path: file }], chunkRows: 20 });
    const two = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "same.csv", path: file }], chunkRows: 20 });
    // Each chunk's transaction stays open a while, so the two imports' chunks of the same rows overlap.
    const a = testExecutor(db, url, { testChunkDelayMs: 30 }, "worker-a");
    const b = testExecutor(db, url, { testChunkDelayMs: 30 }, "worker-b");
    try {
      await Promise.all([a.drain(one.importJobId), b.drain(two.importJobId)]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const jobs = await db.importJob.findMany({ where: { id: { in: [one.importJobId, two.importJobId] } } });
    for (const job of jobs) expect(job).toMatchObject({ status: "completed", rowsDone: 200, rowsFailed: 0 });
    expect(jobs.reduce((sum, job) => sum + job.issuesCreated, 0)).toBe(200);
    expect(jobs.reduce((sum, job) => sum + job.rowsSkipped, 0)).toBe(200);
    expect(await db.issue.count({ where: { organizationId: organization.id } })).toBe(200);
    const duplicated = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT "sourceRow" FROM "Issue" WHERE "organizationId" = ${organization.id} GROUP BY "sourceRow" HAVING count(*) > 1) d`;
    expect(Number(duplicated[0]!.n)).toBe(0);
    expect(await db.issueEvent.count({ where: { issue: { organizationId: organization.id } } })).toBe(400);
  });
});

describe("foreign keys", () => {
  it("are checked row by row when the database role may not batch them (not a superuser), with the same result", async () => {
    const { organization } = await createOrganization(db, "limited-role");
    const role = `import_limited_${Date.now().toString(36)}`;
    await db.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN PASSWORD 'limited'`);
    await db.$executeRawUnsafe(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
    await db.$executeRawUnsafe(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await db.$executeRawUnsafe(`GRANT USAGE ON SCHEMA pgboss TO ${role}`);
    await db.$executeRawUnsafe(`GRANT ALL ON ALL TABLES IN SCHEMA pgboss TO ${role}`);
    const limitedUrl = new URL(url);
    limitedUrl.username = role;
    limitedUrl.password = "limited";
    const lines: string[] = [];
    const limited = testExecutor(db, limitedUrl.toString(), {}, "limited-worker", (line) => lines.push(line));
    try {
      const file = await writeCsv("limited.csv", [...canonicalHeader, sizeQ], [potholeRow(1, { reporter_email: "guest@limited.example" }), potholeRow(2)]);
      const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "limited.csv", path: file }] });
      await limited.drain(importJobId);
      expect(await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).toMatchObject({ status: "completed", issuesCreated: 2, usersCreated: 1 });
      expect(await db.issueEvent.count({ where: { importJobId } })).toBe(4);
      expect(lines.join("\n")).toMatch(/row-by-row foreign key checks \(cannot set session_replication_role/);
    } finally {
      await limited.end();
      await db.$executeRawUnsafe(`DROP OWNED BY ${role}`);
      await db.$executeRawUnsafe(`DROP ROLE ${role}`);
    }
  });
});
