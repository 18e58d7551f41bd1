// Files run in name order on one worker: the smoke test sees the empty database first.
import { expect, test } from "./fixtures";

test("the imports page explains what to do when there are no imports", async ({ page, axe }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/imports$/);
  await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "New import" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No imports yet" })).toBeVisible();
  await axe();
  await page.screenshot({ path: testInfo.outputPath("imports.png"), fullPage: true });
});

test("the demo organization shows its agencies on a map and its request types", async ({ page, axe }, testInfo) => {
  await page.goto("/organizations");
  await page.getByRole("link", { name: "City of Springfield" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "City of Springfield" })).toBeVisible();
  const map = page.getByRole("region", { name: "Map of City of Springfield agency boundaries" });
  await expect(map).toBeVisible();
  // Boundaries are vector paths, drawn with no tiles at all.
  await expect(map.locator("path.leaflet-interactive").first()).toBeVisible();
  expect(await map.locator("path.leaflet-interactive").count()).toBeGreaterThanOrEqual(4);
  await expect(page.getByRole("cell", { name: "Pothole", exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: /Snow Plowing/ }).getByText("disabled")).toBeVisible();
  await expect(page.getByText("no boundary")).toBeVisible();
  await axe();
  await page.screenshot({ path: testInfo.outputPath("organization.png"), fullPage: true });
});
