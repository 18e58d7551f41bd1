import path from "node:path";
import { expect, test } from "./fixtures";

const clean = path.join(import.meta.dirname, "fixtures", "springfield-clean.csv");

test("the happy path: a clean file imports, and importing it again skips every row", async ({ page, axe }, testInfo) => {
  test.setTimeout(180_000);
  const upload = async () => {
    await page.goto("/imports/new");
    await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
    await page.getByLabel("CSV files").setInputFiles(clean);
    await expect(page.getByRole("region", { name: "First look" })).toContainText("5 rows · 5 valid · 0 errors");
    await page.getByRole("button", { name: "Upload and validate" }).click();
    await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  };

  await upload();
  const summary = page.getByRole("region", { name: "Import summary" });
  await expect(summary.getByText("Valid rows", { exact: true }).locator("..")).toContainText("5");
  await expect(summary.getByText("Warnings", { exact: true }).locator("..")).toContainText("1");
  // No errors: nothing to tick before queueing.
  await expect(page.getByLabel("Import only valid rows")).toHaveCount(0);
  await page.getByRole("button", { name: "Queue import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Completed", { timeout: 60_000 });
  const progress = page.getByRole("region", { name: "Import progress" });
  await expect(progress.getByText("Imported", { exact: true }).locator("..")).toContainText("5");
  await expect(page.getByRole("cell", { name: "Graffiti Removal", exact: true }).locator("..")).toContainText("2");
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "5");
  // Each row says what became of it.
  await expect(page.getByRole("region", { name: "Row details" })).toContainText("Imported: this row is an issue in the CRM.");
  await expect(page.getByRole("region", { name: "Row details" })).not.toContainText("will be imported");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("completed.png"), fullPage: true });

  // The same file again: every row was imported already, so none is imported twice.
  await upload();
  await page.getByRole("button", { name: "Queue import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Completed", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Import progress" }).getByText("Imported", { exact: true }).locator("..")).toContainText("0");
  await expect(page.getByRole("region", { name: "Import progress" }).getByText("Skipped", { exact: true }).locator("..")).toContainText("5");
  await expect(page.getByText(/already imported/).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Row details" })).toContainText(/Skipped: already imported by import #\d+\./);
});
