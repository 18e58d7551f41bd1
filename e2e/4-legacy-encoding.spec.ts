import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import iconv from "iconv-lite";
import { expect, test } from "./fixtures";

// Excel on Windows saves "CSV" in Windows-1252. The first look (the engine in the browser's Web
// Worker) and the server must both detect it, read the accents right and say so.

const clean = path.join(import.meta.dirname, "fixtures", "springfield-clean.csv");

test("a Windows-1252 file: detected and transcoded in the browser and on the server", async ({ page, axe }, testInfo) => {
  test.setTimeout(120_000);
  const text = (await readFile(clean, "utf8")).replace("Pothole by City Hall", "Pothole by the Café São Tomé – “deep” and it’s growing");
  const file = testInfo.outputPath("springfield-windows-1252.csv");
  await writeFile(file, iconv.encode(text, "windows-1252"));

  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(file);
  const firstLook = page.getByRole("region", { name: "First look" });
  await expect(firstLook).toContainText("5 rows · 5 valid · 0 errors");
  await expect(firstLook).toContainText("encoding_converted · 1");
  await expect(firstLook).not.toContainText("could not run");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("1-first-look.png"), fullPage: true });

  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  await expect(page.getByText(/The file is not UTF-8: it was read as windows-1252/).first()).toBeVisible();
  // The dash, the curly quotes and the apostrophe are Windows-1252's own bytes (0x80–0x9F).
  await expect(page.getByRole("grid", { name: "Rows of the import" })).toContainText("Pothole by the Café São Tomé – “deep” and it’s growing");
  await page.screenshot({ path: testInfo.outputPath("2-review.png"), fullPage: true });
});
