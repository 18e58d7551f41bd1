import { readFile, writeFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

// A bulk fix too big for the request (ADR 0013): it runs in the import worker with a progress bar,
// shows in the fix history, and is undone from that history after a reload, or from a row's changes.

const rows = 3000;
const header = "lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,public_comment_1,internal_comment_1,Q: What is the size of the pothole?";
const csv = [header, ...Array.from({ length: rows }, (_, i) => `42.1015,-72.5898,${i + 1} Court St,Pothole,Pothole,Hole number ${i + 1},,2023-03-01T09:15:00,,Yes,,Original ID: ${i + 1},Large`)].join("\r\n");

test("a big bulk fix runs as a job, shows in the history and is undone after a reload", async ({ page, axe }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "no-offsets.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const summary = page.getByRole("region", { name: "Import summary" });
  const card = (label: string) => summary.getByText(label, { exact: true }).locator("..");
  await expect(card("Errors")).toContainText("3,000");

  const panel = page.getByRole("region", { name: "Bulk fixes" });
  await panel.getByRole("button", { name: `Add the organization's UTC offset: apply to ${rows} rows` }).click();
  // Queued for the worker: the panel says so and follows its progress.
  await expect(page.getByRole("status").filter({ hasText: "running in the import worker on 3,000 rows" })).toBeVisible();
  await expect(panel.getByRole("progressbar", { name: "Add the organization's UTC offset: progress" })).toBeVisible();
  await shot("1-fix-queued");
  await expect(page.getByRole("status").filter({ hasText: "Add the organization's UTC offset: changed 3,000 rows." })).toBeVisible({ timeout: 60_000 });
  await expect(card("Errors")).toContainText("0");

  // After a reload the fix is still there, from the database, with its undo.
  await page.reload();
  // The fix history is the side panel's History tab.
  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("list", { name: "Bulk fixes of this import" });
  await expect(history).toContainText("Add the organization's UTC offset");
  await expect(history).toContainText("3,000 rows, 3,000 cells changed");
  await axe();
  await shot("2-fix-history");
  await history.getByRole("button", { name: /Undo fix #\d+: Add the organization's UTC offset/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Undo of Add the organization's UTC offset: restored 3,000 rows." })).toBeVisible({ timeout: 60_000 });
  await expect(card("Errors")).toContainText("3,000");
  await expect(history).toContainText("undone");
  await shot("3-fix-undone");

  // Applied again, then undone from one row's changes: that takes back the whole fix, as a job
  // the fixes panel follows (never the rows' edits loaded into the request).
  await page.getByRole("tab", { name: "Fixes" }).click();
  await panel.getByRole("button", { name: `Add the organization's UTC offset: apply to ${rows} rows` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Add the organization's UTC offset: changed 3,000 rows." })).toBeVisible({ timeout: 60_000 });
  await page.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell", { name: "7 Court St", exact: true }).click();
  const details = page.getByRole("region", { name: "Row details" });
  await details.getByRole("button", { name: "Undo the whole fix “Add the organization's UTC offset”, on every row it changed" }).click();
  await expect(details.getByRole("status")).toContainText("Undo of Add the organization's UTC offset: running in the import worker on 3,000 rows");
  await shot("4-undo-from-row");
  await expect(page.getByRole("status").filter({ hasText: "Undo of Add the organization's UTC offset: restored 3,000 rows." })).toBeVisible({ timeout: 60_000 });
  await expect(card("Errors")).toContainText("3,000");
  await expect(details.getByRole("button", { name: /on every row it changed/ })).toHaveCount(0);

  // The error report, fixed as in a spreadsheet and uploaded back: above 1,000 error rows here
  // (FIXED_REPORT_IN_REQUEST_ROWS, playwright.config.ts) it is saved, matched by the worker and
  // written as a fix, which the header follows to its end.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report" }).click();
  const report = await readFile((await (await download).path())!, "utf8");
  const fixedFile = testInfo.outputPath("no-offsets-fixed.csv");
  await writeFile(fixedFile, report.replaceAll(",2023-03-01T09:15:00,", ",2023-03-01T09:15:00-05:00,"));
  await page.getByLabel("Upload fixes").setInputFiles(fixedFile);
  await expect(page.getByRole("status").filter({ hasText: "Uploaded. The import worker is matching its rows with the import's error rows" })).toBeVisible();
  await shot("5-fixed-report-matching");
  const outcome = page.getByRole("status").filter({ hasText: "Matched 3,000 of 3,000 report rows; changed 3,000 cells in 3,000 rows." });
  await expect(outcome).toBeVisible({ timeout: 60_000 });
  await expect(card("Errors")).toContainText("0");
  // The outcome has a line of its own under the header: at 1280 px the actions stay on one line, and nothing is covered.
  const uploadButton = await page.getByText("Upload fixes", { exact: true }).boundingBox();
  const queueButton = await page.getByRole("button", { name: "Queue import" }).boundingBox();
  expect(Math.abs(uploadButton!.y + uploadButton!.height / 2 - (queueButton!.y + queueButton!.height / 2))).toBeLessThan(4);
  await shot("6-fixed-report-outcome");
  await page.getByRole("button", { name: "Dismiss the upload's outcome" }).click();
  await expect(outcome).toHaveCount(0);
  await page.getByRole("tab", { name: "History" }).click();
  await expect(history.getByRole("button", { name: /Undo fix #\d+: Fixed error report uploaded/ })).toBeVisible();
  await shot("7-fixed-report-in-history");
});
