import { expect, test } from "./fixtures";

// A page of rows the server cannot give is said above the grid and asked for again, never left
// blank in silence.

const rows = 250;
const header = "lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?";
const csv = [header, ...Array.from({ length: rows }, (_, i) => `42.1015,-72.5898,${i + 1} Court St,Pothole,Pothole ${i + 1},Hole number ${i + 1},,2023-03-01T09:15:00-05:00,,No,Large`)].join("\r\n");
const laterPages = /\/api\/imports\/\d+\/rows\?offset=(?!0&)/;

test("review grid: a row page that fails is reported and loaded again on Try again", async ({ page, consoleErrors, axe }) => {
  test.setTimeout(120_000);
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "row-pages.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  await grid.getByRole("gridcell", { name: "Pothole 1", exact: true }).click();

  // Every page but the first, as the test says: the network drops, the server fails, or it answers.
  let failure: "network" | "server" | null = "network";
  await page.route(laterPages, (route) => {
    if (failure === "network") return route.abort();
    if (failure === "server") return route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ ok: false, reason: "The rows could not be read. Try again in a moment." }) });
    return route.continue();
  });
  await page.keyboard.press("Control+End");
  const alert = page.getByRole("alert").filter({ hasText: "Some rows could not be loaded." });
  await expect(alert).toContainText("The server could not be reached.");
  await expect(grid.getByRole("gridcell", { name: `Pothole ${rows}`, exact: true })).toHaveCount(0);
  // The rows that did not come are drawn still: nothing says they are on their way.
  await expect(grid.locator('[data-placeholder="failed"]').first()).toBeVisible();
  await expect(grid.locator('[data-placeholder="loading"]')).toHaveCount(0);

  // The server's own sentence is shown.
  failure = "server";
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(alert).toContainText("The rows could not be read. Try again in a moment.");
  await axe();
  await expect(grid.getByRole("gridcell", { name: `Pothole ${rows}`, exact: true })).toHaveCount(0);

  // The server is back: the rows arrive and the notice goes.
  failure = null;
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(grid.getByRole("gridcell", { name: `Pothole ${rows}`, exact: true })).toBeVisible();
  await expect(alert).toHaveCount(0);

  // The browser logs each failed request; those are this test's own doing.
  const expected = (message: string) => message.startsWith("Failed to load resource") && laterPages.test(message);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((message) => !expected(message)));
});
