import path from "node:path";
import { expect, test } from "./fixtures";

const fixture = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");

test("the map fits the city, lists the points far from it, and Show opens one", async ({ page, axe, consoleErrors }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(fixture);
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });

  await page.getByRole("tab", { name: "Map" }).click();
  // Two rows have lat and lng swapped: they would be in Antarctica's longitudes, far from Springfield.
  const far = page.getByRole("region", { name: "Points far from the city" });
  await expect(far).toContainText("2 points lie far from the agency boundaries");
  const map = page.getByRole("region", { name: "Map of the import's rows" });
  // The city's points are on the map as it opens (it fits the boundaries, not the outliers).
  await map.scrollIntoViewIfNeeded();
  await expect(map.locator('.leaflet-marker-icon[title="springfield-potholes.csv row 1 · Pothole"]')).toBeInViewport();
  await axe();
  await page.screenshot({ path: testInfo.outputPath("map-outliers.png"), fullPage: true });

  // A row the server cannot find is said, not ignored; Show again asks again, and opens it.
  const locate = /\/api\/imports\/\d+\/rows\?locate=/;
  await page.route(locate, (route) => route.fulfill({ status: 404, contentType: "application/json", body: JSON.stringify({ ok: false, reason: "No such row." }) }));
  const show = far.getByRole("button", { name: /^Show springfield-potholes\.csv row 3/ });
  await show.click();
  await expect(page.getByRole("alert").filter({ hasText: "The row picked on the map could not be opened. No such row." })).toBeVisible();
  await page.unroute(locate);
  await show.click();
  await expect(page.getByRole("region", { name: "Row details" })).toContainText("springfield-potholes.csv row 3");
  // The browser logs the refused request; that one is this test's own doing.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((message) => !(message.startsWith("Failed to load resource") && locate.test(message))));
});
