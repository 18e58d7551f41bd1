import path from "node:path";
import { expect, test } from "./fixtures";

const clean = path.join(import.meta.dirname, "fixtures", "springfield-clean.csv");

test("find and replace: preview, replace in one column, see it in the grid and the history, undo", async ({ page, axe }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(clean);
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });

  const form = page.getByRole("form", { name: "Find and replace" });
  await form.getByRole("textbox", { name: "Find", exact: true }).fill(" St");
  await form.getByRole("textbox", { name: "Replace with" }).fill(" Street");
  await form.getByRole("combobox", { name: "In column" }).selectOption("address");
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(form.getByRole("status")).toContainText("5 cells in 5 rows would change");
  await expect(form.getByRole("status")).toContainText("“36 Court St” → “36 Court Street”");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("find-replace-preview.png"), fullPage: true });

  await form.getByRole("button", { name: "Replace in 5 rows" }).click();
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  await expect(grid.getByRole("gridcell", { name: "36 Court Street", exact: true })).toBeVisible({ timeout: 30_000 });
  // The fix history is the side panel's History tab.
  await page.getByRole("tab", { name: "History" }).click();
  const history = page.getByRole("list", { name: "Bulk fixes of this import" });
  await expect(history).toContainText("Find and replace “ St” → “ Street” in address");

  await history.getByRole("button", { name: /Undo fix #\d+: Find and replace/ }).click();
  await expect(grid.getByRole("gridcell", { name: "36 Court St", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(history).toContainText("undone");
});
