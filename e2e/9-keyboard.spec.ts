import { expect, test } from "./fixtures";

// The grid keeps the focus through every key it handles, also on jumps far beyond the rows on
// screen (a virtualized grid renders them a few frames later).

const rows = 1500;
const header = "lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?";
const csv = [header, ...Array.from({ length: rows }, (_, i) => `42.1015,-72.5898,${i + 1} Court St,Pothole,Pothole ${i + 1},Hole number ${i + 1},,2023-03-01T09:15:00-05:00,,No,Large`)].join("\r\n");

test("keyboard: Ctrl+End, Ctrl+Home, Page Down, Enter and Escape keep the focus in the grid", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "keyboard.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });

  const grid = page.getByRole("grid", { name: "Rows of the import" });
  await grid.getByRole("gridcell", { name: "Pothole 1", exact: true }).click();
  const focused = () => page.evaluate(() => ({ role: document.activeElement?.getAttribute("role"), text: document.activeElement?.textContent ?? "", row: document.activeElement?.closest('[role="row"]')?.getAttribute("aria-rowindex") }));

  await page.keyboard.press("Control+End");
  await expect.poll(focused).toMatchObject({ role: "gridcell", row: String(rows + 1) });
  await page.keyboard.press("Control+Home");
  await expect.poll(focused).toMatchObject({ role: "gridcell", row: "2" });
  await page.keyboard.press("PageDown");
  await expect.poll(async () => Number((await focused()).row)).toBeGreaterThan(5);
  await page.keyboard.press("PageUp");
  await expect.poll(focused).toMatchObject({ role: "gridcell", row: "2" });
  // From the Row column past the Status column (both frozen) to the first of the file's columns.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("textbox", { name: /^Edit .* of row 1$/ })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect.poll(focused).toMatchObject({ role: "gridcell", row: "2" });
});
