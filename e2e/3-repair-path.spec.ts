import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "./fixtures";

const fixture = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");

test.describe.configure({ mode: "serial" });

test("the repair path: upload, filter, fix inline, swap in bulk, drag a marker, error report, import", async ({ page, axe }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // Upload.
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(fixture);
  // The engine in a Web Worker gives a first look before anything is uploaded.
  const firstLook = page.getByRole("region", { name: "First look" });
  await expect(firstLook).toContainText("12 rows · 4 valid · 8 errors");
  await expect(firstLook).toContainText("coordinates_swapped · 2");
  await axe();
  await shot("1-new-import");
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  const jobUrl = page.url();

  // Validation runs in the worker; the page refreshes when it is done.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const summary = page.getByRole("region", { name: "Import summary" });
  const card = (label: string) => summary.getByText(label, { exact: true }).locator("..");
  await expect(card("Rows")).toContainText("12");
  await expect(card("Valid rows")).toContainText("4");
  await expect(page.getByRole("grid", { name: "Rows of the import" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "12 rows" })).toBeVisible();
  await axe();
  await shot("2-review");

  // Filter to errors.
  await page.getByLabel("Only rows with errors").check();
  await expect(page.getByRole("status").filter({ hasText: "8 rows" })).toBeVisible();

  // Fix a cell inline: the `yes` in auto_assignment of row 6.
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  const yesCell = grid.getByRole("gridcell", { name: "yes", exact: true });
  await yesCell.click();
  await page.keyboard.press("Enter");
  const editor = page.getByRole("textbox", { name: "Edit auto_assignment of row 6" });
  await editor.fill("Yes");
  await editor.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "7 rows" })).toBeVisible();
  await expect(card("Valid rows")).toContainText("5");
  // The edit is recorded, with an undo.
  await page.getByLabel("Only rows with errors").uncheck();
  await expect(page.getByRole("status").filter({ hasText: "12 rows" })).toBeVisible();
  await grid.locator('[role="row"][aria-rowindex="7"]').getByRole("gridcell", { name: "Yes", exact: true }).click();
  const details = page.getByRole("region", { name: "Row details" });
  await expect(details).toContainText("“yes” → “Yes”");
  await expect(details.getByRole("button", { name: "Undo the change of auto_assignment to “Yes”" })).toBeVisible();

  // Swap coordinates in bulk.
  const swap = page.getByRole("button", { name: "Swap lat and lng: apply to 2 rows" });
  await expect(swap).toBeEnabled();
  await swap.click();
  await expect(page.getByRole("status").filter({ hasText: "Swap lat and lng: changed 2 rows" })).toBeVisible();
  await expect(card("Valid rows")).toContainText("7");
  await shot("3-after-fixes");

  // Drag the marker of the row outside the city onto a valid row's point.
  await page.getByRole("tab", { name: "Map" }).click();
  const map = page.getByRole("region", { name: "Map of the import's rows" });
  const outside = map.locator('.leaflet-marker-icon[title="springfield-potholes.csv row 8 · Pothole (has errors)"]');
  const target = map.locator('.leaflet-marker-icon[title="springfield-potholes.csv row 11 · Pothole"]');
  await expect(outside).toBeVisible();
  await expect(target).toBeVisible();
  await map.scrollIntoViewIfNeeded();
  const from = (await outside.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2 + 4, to.y + to.height / 2 + 4, { steps: 12 });
  await page.mouse.up();
  await expect(map.locator("..").getByRole("status")).toContainText("Moved; the row is now valid.");
  await expect(card("Valid rows")).toContainText("8");
  await axe();
  await shot("4-map");

  // Clicking a point opens its row in the grid, which stays beside the map.
  await map.locator('.leaflet-marker-icon[title="springfield-potholes.csv row 2 · Pothole"]').click();
  await expect(grid.locator('[role="row"][aria-rowindex="3"] [role="gridcell"][aria-selected="true"]')).toBeFocused();
  await expect(page.getByRole("region", { name: "Row details" })).toContainText("springfield-potholes.csv row 2");

  // Download the error report: the rows still wrong, with their messages.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report" }).click();
  const download = await downloading;
  const report = await readFile((await download.path())!, "utf8");
  const lines = report.trim().split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  expect(lines[0]).toBe("lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,public_comment_1,internal_comment_1,Q: What is the size of the pothole?,import_errors");
  expect(lines).toHaveLength(5);
  expect(report).toContain("created_at: ");
  expect(report).toContain("reporter_email: ");
  expect(report).toContain('"12 Elm St\nApt 2"');
  expect(report).not.toContain("Swapped point");

  // Queue the valid rows and wait for the import.
  await page.getByLabel("Import only valid rows").check();
  await page.getByRole("button", { name: "Queue import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Completed", { timeout: 60_000 });
  const progress = page.getByRole("region", { name: "Import progress" });
  await expect(progress.getByText("Imported", { exact: true }).locator("..")).toContainText("8");
  await expect(page.getByRole("cell", { name: "Pothole", exact: true }).locator("..")).toContainText("7");
  await expect(page.getByRole("cell", { name: "Abandoned Vehicle", exact: true }).locator("..")).toContainText("1");
  await expect(page.getByRole("region", { name: "Map of the created issues" }).locator(".leaflet-marker-icon")).toHaveCount(8);
  await axe();
  await shot("5-completed");

  // What became of the rows: the cards and the progress say the same (lib/imports/import-counts.ts).
  const value = (region: typeof summary, label: string) => region.getByText(label, { exact: true }).locator("xpath=following-sibling::dd[1]");
  const expectOutcome = async (expected: Record<string, string>) => {
    for (const region of [summary, progress]) for (const [label, text] of Object.entries(expected)) await expect(value(region, label), `${label}`).toHaveText(text);
  };
  await expectOutcome({ Imported: "8", Skipped: "4", Failed: "0" });
  const errors = (await value(summary, "Errors").textContent())!;

  // Roll back: the counts after it agree everywhere too (cards, progress, charts, results, CSV).
  await page.getByRole("button", { name: "Roll back import" }).click();
  await page.getByRole("group", { name: "Confirm roll back" }).getByRole("button", { name: "Yes, roll back" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Rolled back", { timeout: 30_000 });
  await expectOutcome({ Imported: "0", Skipped: "4", Failed: "0", "Rolled back": "8" });
  await expect(value(summary, "Errors")).toHaveText(errors);
  await expect(page.getByRole("grid", { name: "Rows of the import" }).locator('[role="row"][aria-rowindex="2"]').getByRole("gridcell").nth(1)).toHaveText("Rolled back");
  await expect(page.getByText("Rolled back: the 8 issues this import created were removed.")).toBeVisible();
  await expect(page.getByText("No issues remain.")).toBeVisible();
  await page.getByRole("tab", { name: "Charts" }).click();
  const byCode = page.getByRole("table", { name: "Problems by code" });
  const chartErrors = (await byCode.locator("tbody td:nth-of-type(1)").allTextContents()).reduce((sum, text) => sum + Number(text), 0);
  expect(String(chartErrors)).toBe(errors);
  const resultsDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download results (CSV)" }).click();
  const results = await readFile((await (await resultsDownload).path())!, "utf8");
  for (const line of ["imported,,0", "skipped,,4", "failed,,0", "rolled back,,8", `errors,,${errors}`]) expect(results.split("\r\n")).toContain(line);
  await axe();
  await shot("6-rolled-back");

  // The list shows it too.
  await page.goto("/imports");
  await expect(page.getByRole("link", { name: new RegExp(`#${jobUrl.split("/").pop()} springfield-potholes.csv`) })).toBeVisible();
  await shot("7-imports");
});
