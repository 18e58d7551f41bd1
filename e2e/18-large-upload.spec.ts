import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { generateCanonicalCsv } from "../bench/generate-canonical";

// A file past 10 MB arrives whole. Through Next's proxy a request body is cloned into a buffer
// capped at 10 MB (proxyClientMaxBodySize); bench:ui's 288 MB upload was stored as its first
// 10 MB, silently (36,360 rows of a million). At this size the cut did not happen in this app (the
// bench is where it shows), so this spec guards the route end to end past 10 MB; the upload
// routes are now out of the proxy's matcher, and saveUpload refuses a body shorter than its
// Content-Length (lib/uploads/upload-storage.test.ts).

test("a 12 MB file is uploaded and validated whole", async ({ page }) => {
  test.setTimeout(180_000);
  const file = path.join(await mkdtemp(path.join(tmpdir(), "large-upload-")), "forty-thousand.csv");
  await generateCanonicalCsv(file, 46_000, { plain: true, seed: 18 });
  expect((await stat(file)).size).toBeGreaterThan(11 * 1024 * 1024);

  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 150_000 });
  const summary = page.getByRole("region", { name: "Import summary" });
  await expect(summary.getByText("Rows", { exact: true }).locator("..")).toContainText("46,000");
  await expect(summary.getByText("Valid rows", { exact: true }).locator("..")).toContainText("46,000");
});
