import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// Real exports, not canonical files: the Boston 311 sample goes through the Match columns step
// (one match changed by hand, saved as a profile), review, a fix and the import; the same columns
// later skip the step; the PublicStuff sample is recognised by its headers.

const real = path.join(import.meta.dirname, "..", "lib", "profiles", "testing", "real");
const boston = path.join(real, "boston311-100.csv");
const publicStuff = path.join(real, "publicstuff-hoboken-20190521.csv");

test.describe.configure({ mode: "serial" });

async function upload(page: Page, file: string) {
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "Real Files Test City" });
  await page.getByLabel("CSV files").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and validate" }).click();
}

test("a Boston 311 export: match columns, save the profile, review, fix and import", async ({ page, axe }, testInfo) => {
  test.setTimeout(240_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await upload(page, boston);
  await expect(page).toHaveURL(/\/imports\/\d+\/columns$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Match columns");
  const card = page.getByRole("region", { name: "Columns of boston311-100.csv" });
  await expect(card).toContainText("Detected: boston-311");
  // The preview converts the first rows with the engine, in the browser.
  const preview = card.getByRole("table", { name: "Preview of the converted rows" });
  await expect(preview).toContainText("2022-01-21T13:47:00-05:00");
  await axe();
  await shot("1-match-columns");
  await page.screenshot({ path: testInfo.outputPath("match-columns-viewport.png") });

  // One match by hand: the description comes from the case title (reason, subject… go to the internal comment).
  await card.getByLabel("Source of description").selectOption({ label: "case_title" });
  await expect(card.getByRole("row", { name: /^description/ })).toContainText("BTDT: Complaint");
  await page.getByLabel("Profile name").fill("Boston open data");
  await page.getByRole("button", { name: "Validate with these matches" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const summary = page.getByRole("region", { name: "Import summary" });
  await expect(summary.getByText("Rows", { exact: true }).locator("..")).toContainText("100");
  await shot("2-review");

  // Fix the rows with errors: the first row has no address at all.
  await page.getByLabel("Only rows with errors").check();
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  const firstError = grid.locator('[role="row"][aria-rowindex="2"]');
  await firstError.locator('[role="gridcell"][aria-invalid="true"]').first().click();
  await page.keyboard.press("Enter");
  const editor = page.getByRole("textbox", { name: /Edit address of row \d+/ });
  await editor.fill("1 City Hall Sq");
  await editor.press("Enter");
  await expect(summary.getByText("Errors", { exact: true }).locator("..")).toContainText("0", { timeout: 15_000 });

  await page.getByRole("button", { name: "Queue import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Completed", { timeout: 90_000 });
  await expect(page.getByRole("region", { name: "Import progress" }).getByText("Imported", { exact: true }).locator("..")).toContainText("100");
  await shot("3-imported");

  // The same columns again: the saved profile applies, and the step is skipped.
  await upload(page, boston);
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
});

test("a PublicStuff export is recognised by its headers", async ({ page, axe }, testInfo) => {
  await upload(page, publicStuff);
  await expect(page).toHaveURL(/\/imports\/\d+\/columns$/, { timeout: 30_000 });
  const card = page.getByRole("region", { name: "Columns of publicstuff-hoboken-20190521.csv" });
  await expect(card).toContainText("Detected: publicstuff-csv");
  await expect(card.getByLabel("Status completed means")).toHaveValue("closed");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("publicstuff-columns.png"), fullPage: true });
});
