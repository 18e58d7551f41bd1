import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectTabsOnOneRow } from "./side-panel";

// The review is a workspace: the grid right under a compact header, the rest in a side panel.

const fixture = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");
const file = "springfield-potholes.csv";

async function upload(page: Page) {
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(fixture);
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  await expect(grid.getByRole("gridcell", { name: "Pothole by City Hall", exact: true })).toBeVisible();
  return grid;
}

const box = async (locator: Locator) => (await locator.boundingBox())!;
/** What is painted at the middle of an element's box: that element (or inside it) unless something covers it. */
const uncovered = (locator: Locator, dx = 0.5) =>
  locator.evaluate((element, fraction) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width * fraction, rect.top + rect.height / 2);
    return hit !== null && (hit === element || element.contains(hit));
  }, dx);

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`at ${size.width}×${size.height} the grid's first row is on screen without scrolling`, async ({ page, axe }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    const grid = await upload(page);
    const firstRow = grid.locator('[role="row"][aria-rowindex="2"]');
    const row = await box(firstRow);
    expect(row.y).toBeGreaterThan(0);
    expect(row.y + row.height).toBeLessThanOrEqual(size.height);
    // Nothing scrolled to get there, and the page itself has nothing to scroll: the grid scrolls.
    expect(await page.evaluate(() => ({ y: window.scrollY, overflow: document.documentElement.scrollHeight - window.innerHeight }))).toEqual({ y: 0, overflow: 0 });
    // The counts, the status and the primary action are in the header, above the grid.
    const queue = await box(page.getByRole("button", { name: "Queue import" }));
    expect(queue.y + queue.height).toBeLessThan(row.y);
    await expect(page.getByRole("region", { name: "Import summary" })).toBeInViewport();
    await expect(page.getByRole("complementary", { name: "Side panel" })).toBeInViewport();
    await expectTabsOnOneRow(page);
    await axe();
    await page.screenshot({ path: testInfo.outputPath(`review-${size.width}x${size.height}.png`) });
  });
}

test("the Row and Status columns stay put while the grid scrolls sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const grid = await upload(page);
  const firstRow = grid.locator('[role="row"][aria-rowindex="2"]');
  const rowCell = firstRow.getByRole("gridcell").nth(0);
  const statusCell = firstRow.getByRole("gridcell").nth(1);
  const dataCell = firstRow.getByRole("gridcell", { name: "Pothole by City Hall", exact: true });
  await expect(rowCell).toHaveText("1");
  await expect(statusCell).toHaveText("OK");
  const before = { row: await box(rowCell), status: await box(statusCell), data: await box(dataCell) };

  await grid.locator("..").evaluate((scroller) => scroller.scrollTo({ left: scroller.scrollWidth }));
  await expect.poll(async () => (await box(dataCell)).x).toBeLessThan(before.data.x - 200);
  expect((await box(rowCell)).x).toBe(before.row.x);
  expect((await box(statusCell)).x).toBe(before.status.x);
  // Frozen, and drawn above the columns scrolling under them.
  await expect(rowCell).toBeInViewport();
  expect(await uncovered(rowCell)).toBe(true);
  expect(await uncovered(statusCell)).toBe(true);
  await expect(grid.getByRole("columnheader", { name: "Row" })).toBeInViewport();
});

test("the cell editor overlays its cell; long text opens wide; Escape gives the focus back to the cell", async ({ page, axe }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const grid = await upload(page);

  // A short value: the editor lies over the cell, wider than it, and nothing clips it.
  const yes = grid.locator('[role="row"][aria-rowindex="2"]').getByRole("gridcell", { name: "Yes", exact: true });
  await yes.click();
  await page.keyboard.press("Enter");
  const short = page.getByRole("textbox", { name: "Edit auto_assignment of row 1" });
  await expect(short).toBeFocused();
  expect((await box(short)).width).toBeGreaterThan((await box(yes)).width);
  expect(await uncovered(short, 0.95)).toBe(true);
  await page.keyboard.press("Escape");
  await expect(short).toHaveCount(0);
  await expect(yes).toBeFocused();

  // A long value (two lines): a wide textarea over the grid.
  const description = grid.locator('[role="row"][aria-rowindex="2"]').getByRole("gridcell", { name: /^Deep hole in the right lane/ });
  await description.click();
  await page.keyboard.press("Enter");
  const long = page.getByRole("textbox", { name: "Edit description of row 1" });
  await expect(long).toBeFocused();
  await expect(long).toHaveValue("Deep hole in the right lane.\nReported twice.");
  expect(await long.evaluate((element) => element.tagName)).toBe("TEXTAREA");
  const editor = await box(long);
  expect(editor.width).toBeGreaterThan((await box(description)).width * 2);
  expect(await uncovered(long, 0.9)).toBe(true);
  await axe();
  await page.screenshot({ path: testInfo.outputPath("long-text-editor.png") });
  await page.keyboard.press("Escape");
  await expect(long).toHaveCount(0);
  await expect(description).toBeFocused();

  // Enter saves (Shift+Enter is a new line), and the focus comes back to the cell.
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("Cones placed.");
  await page.keyboard.press("Enter");
  await expect(long).toHaveCount(0);
  await expect(description).toBeFocused();
  await expect(description).toHaveAttribute("title", "Deep hole in the right lane.\nReported twice.\nCones placed.");
});

test("the side panel: tabs by keyboard, the map beside the grid, collapsed and remembered", async ({ page, axe }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const grid = await upload(page);
  const panel = page.getByRole("complementary", { name: "Side panel" });
  await expect(panel.getByRole("tab", { name: "Fixes" })).toHaveAttribute("aria-selected", "true");

  // From the grid, Tab reaches the panel's tabs; the arrow keys move between them.
  await grid.getByRole("gridcell", { name: "Pothole by City Hall", exact: true }).click();
  for (let i = 0; i < 30 && !(await panel.getByRole("tab", { name: "Fixes" }).evaluate((tab) => tab === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(panel.getByRole("tab", { name: "Fixes" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(panel.getByRole("tab", { name: "Map" })).toBeFocused();
  await expect(panel.getByRole("tab", { name: "Map" })).toHaveAttribute("aria-selected", "true");
  const map = page.getByRole("region", { name: "Map of the import's rows" });
  await expect(map).toBeVisible();

  // Wide screen: the map and the grid side by side, and the row selected in the grid stands out on the map.
  const mapBox = await box(map);
  const gridBox = await box(grid.locator(".."));
  expect(mapBox.x).toBeGreaterThanOrEqual(gridBox.x + gridBox.width);
  expect(mapBox.width).toBeGreaterThan(600);
  await grid.locator('[role="row"][aria-rowindex="12"]').getByRole("gridcell").nth(2).click();
  await expect(map.locator(`.leaflet-marker-icon[title="${file} row 11 · Pothole"] [data-selected="true"]`)).toBeVisible();
  // And a marker opens its row.
  await map.locator(`.leaflet-marker-icon[title="${file} row 2 · Pothole"]`).click();
  await expect(page.getByRole("region", { name: "Row details" })).toContainText(`${file} row 2`);
  await expect(grid.locator('[role="row"][aria-rowindex="3"] [role="gridcell"][aria-selected="true"]')).toBeFocused();
  await axe();
  await page.screenshot({ path: testInfo.outputPath("side-panel-map-1920x1080.png") });

  await panel.getByRole("tab", { name: "Map" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(panel.getByRole("tab", { name: "Charts" })).toHaveAttribute("aria-selected", "true");
  await expect(panel.getByRole("region", { name: "Problem charts" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("side-panel-charts-1920x1080.png") });
  await page.keyboard.press("ArrowRight");
  await expect(panel.getByRole("tab", { name: "History" })).toHaveAttribute("aria-selected", "true");
  await expect(panel.getByRole("heading", { name: "Fix history" })).toBeVisible();

  // Collapsed, the grid takes the width; the choice outlasts a reload.
  await page.getByRole("button", { name: "Hide side panel" }).click();
  await expect(panel).toBeHidden();
  await expect.poll(async () => (await box(grid.locator(".."))).width).toBeGreaterThan(gridBox.width + 300);
  await page.reload();
  await expect(grid.getByRole("gridcell", { name: "Pothole by City Hall", exact: true })).toBeVisible();
  await expect(panel).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("side-panel-collapsed-1920x1080.png") });
  await page.getByRole("button", { name: "Open Charts" }).click();
  await expect(panel.getByRole("tab", { name: "Charts" })).toHaveAttribute("aria-selected", "true");
  await expect(panel).toBeVisible();
});

test("columns resize by dragging their header's edge, or with Alt+Left/Right on a cell; the focus stays in the grid", async ({ page, axe }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const grid = await upload(page);
  const header = grid.getByRole("columnheader", { name: "address", exact: true });
  const width = async () => Math.round((await box(header)).width);
  const start = await width();

  // The keyboard: the cell keeps the focus, and its column grows and shrinks.
  const column = await header.evaluate((element) => [...element.parentElement!.children].indexOf(element));
  await grid.locator('[role="row"][aria-rowindex="2"] [role="gridcell"]').nth(column).click();
  const activeCell = grid.locator('[role="row"][aria-rowindex="2"] [role="gridcell"][aria-selected="true"]');
  await expect(activeCell).toHaveAttribute("aria-colindex", String(column + 1));
  await page.keyboard.press("Alt+ArrowRight");
  await page.keyboard.press("Alt+ArrowRight");
  await expect.poll(width).toBe(start + 32);
  await expect(activeCell).toBeFocused();
  expect(Math.round((await box(activeCell)).width)).toBe(start + 32);
  await page.keyboard.press("Alt+Shift+ArrowLeft");
  await expect.poll(width).toBe(start + 32 - 64);
  await expect(activeCell).toBeFocused();
  await expect(page).toHaveURL(/\/imports\/\d+$/); // Alt+Left did not go back a page

  // The mouse: drag the header's right edge.
  const edge = header.locator("[data-column-resizer]");
  const from = await box(edge);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 100, from.y + from.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(width).toBe(start + 32 - 64 + 100);
  await axe();
  await page.screenshot({ path: testInfo.outputPath("column-resized.png") });
  // A double click gives it its first width back.
  await edge.dblclick();
  await expect.poll(width).toBe(start);
});
