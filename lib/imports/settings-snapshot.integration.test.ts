import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, queueImport, testExecutor, writeCsv } from "../testing/import-fixtures.ts";
import { dumpOrgConfig } from "../crm/org-config-store.ts";
import { getImportResults } from "./results.ts";
import { getSettingsSnapshot } from "./settings-snapshot.ts";
import { Prisma } from "../generated/prisma/client.ts";

// An import keeps the organization's settings it was queued with (issue #15): a request type
// renamed and a boundary removed afterwards, its results still read as they were.

const { db, url } = useTestDb();
let runner: ReturnType<typeof testExecutor>;
beforeAll(() => {
  runner = testExecutor(db, url);
});
afterAll(async () => {
  await runner.end();
});

describe("the settings an import was queued with", () => {
  it("are kept with the import, and its results name request types as they were", async () => {
    const { organization } = await createOrganization(db, "snapshot-a");
    const header = [...canonicalHeader, "Q: What is the size of the pothole?"];
    const file = await writeCsv("snapshot-a.csv", header, [potholeRow(1), potholeRow(2)]);
    const before = await dumpOrgConfig("snapshot-a", db);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "snapshot-a.csv", path: file }] });
    await runner.drain(importJobId);

    // Settings change after the import: the request type renamed, the agency's boundary removed.
    const pothole = await db.requestType.findFirstOrThrow({ where: { organizationId: organization.id, title: "Pothole" } });
    await db.requestType.update({ where: { id: pothole.id }, data: { title: "Pot hole" } });
    await db.agency.updateMany({ where: { organizationId: organization.id, name: "Public Works" }, data: { boundary: Prisma.DbNull } });

    const snapshot = await getSettingsSnapshot(importJobId, db);
    expect(snapshot?.config).toEqual(before);
    expect(snapshot?.requestTypeTitles.get(pothole.id)).toBe("Pothole");
    expect((await getImportResults(importJobId, db)).byType).toEqual([{ title: "Pothole", renamedTo: "Pot hole", issues: 2 }]);
  });

  it("an import queued before snapshots existed reads today's titles", async () => {
    const { organization } = await createOrganization(db, "snapshot-b");
    const header = [...canonicalHeader, "Q: What is the size of the pothole?"];
    const file = await writeCsv("snapshot-b.csv", header, [potholeRow(1)]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "snapshot-b.csv", path: file }] });
    await runner.drain(importJobId);
    await db.importSettingsSnapshot.delete({ where: { importJobId } });
    expect(await getSettingsSnapshot(importJobId, db)).toBeNull();
    expect((await getImportResults(importJobId, db)).byType).toEqual([{ title: "Pothole", renamedTo: null, issues: 1 }]);
  });
});
