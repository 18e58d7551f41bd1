import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "./fixtures";
import { expectTabsOnOneRow } from "./side-panel";
import { stateFile } from "./accounts";

// What a browser or a script reaching the port gets: security headers on every page, a foreign
// Host refused, and file names in any script kept from upload to download.

const fixture = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");

test("pages carry a nonce CSP and the hardening headers; a foreign Host is refused", async ({ page, request, playwright, baseURL }) => {
  for (const url of ["/imports", "/imports/new", "/organizations"]) {
    const response = await page.goto(url);
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  }
  // An API answer is data: a policy that lets it run nothing, and the same hardening headers.
  const api = await page.request.get("/api/imports/999999999/rows");
  expect(api.status()).toBe(404);
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  // The row pages bypass the proxy (proxy.ts): the route refuses a request without a session itself.
  const anonymous = await playwright.request.newContext({ baseURL: baseURL!, storageState: { cookies: [], origins: [] } });
  const refused = await anonymous.get("/api/imports/1/rows");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(refused.headers()["x-frame-options"]).toBe("DENY");
  await anonymous.dispose();
  // The page still runs its scripts under the policy (the fixture fails on any console error).
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  const rebinding = await request.get("/imports", { headers: { host: "attacker.example:3100" } });
  expect(rebinding.status()).toBe(421);
  const action = await request.post("/imports/new", { headers: { host: "attacker.example", origin: "http://attacker.example", "next-action": "x" }, data: "[]" });
  expect(action.status()).toBe(421);
});

test("a file name in any script round-trips from upload to the error report's download", async ({ page }) => {
  const request = page.request; // the page's cookies: signed in as the CSM
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  const name = "市民からの要望 – Łódź.csv";
  await page.getByLabel("CSV files").setInputFiles({ name, mimeType: "text/csv", buffer: await readFile(fixture) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  await expect(page.getByText(name).first()).toBeVisible();
  const id = /\/imports\/(\d+)$/.exec(page.url())![1];
  const download = await request.get(`/api/imports/${id}/error-report`);
  expect(download.status()).toBe(200);
  const disposition = download.headers()["content-disposition"]!;
  expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe("市民からの要望 – Łódź-errors.csv");

  // A name with a control character is refused, and leaves nothing behind.
  const refused = await request.put(`/api/imports/${id}/files?${new URLSearchParams({ name: "bad\u0000name.csv", kind: "data" })}`, { data: "lat,lng\n" });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).reason).toContain("control characters");

  // Ids that name no import are 404, not a database error.
  expect((await request.get("/api/imports/99999999999999/status")).status()).toBe(404);
  expect((await request.get("/imports/99999999999999")).status()).toBe(404);
});

test("an import that was never queued can be discarded, with its files", async ({ page, axe }) => {
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles(fixture);
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const id = /\/imports\/(\d+)$/.exec(page.url())![1];

  await page.goto("/imports");
  await page.getByRole("button", { name: `Discard import #${id}…` }).click();
  await axe();
  await page.getByRole("button", { name: `Discard import #${id}`, exact: true }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: new RegExp(`^#${id} `) }) });
  await expect(row).toContainText("Cancelled");
  await expect(row.getByRole("button", { name: /Discard/ })).toHaveCount(0);
});

test("a file with a whole-file error blocks the import, says which file and why, and can be taken out of it", async ({ page, axe }, testInfo) => {
  // No address column: missing_column blocks the whole file; the other file is fine.
  const header = "lat,lng,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?";
  const rows = ["42.1015,-72.5898,Pothole,Pothole by City Hall,Deep hole,,2023-03-01T09:15:00-05:00,,No,Large", "42.1020,-72.5890,Pothole,Another,Deep hole too,,2023-03-02T09:15:00-05:00,,No,Small"];
  const good = ["lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?", "42.1015,-72.5898,1 Court St,Pothole,Good one,Deep hole,,2023-03-01T09:15:00-05:00,,No,Large"];
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles([
    { name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good.join("\n")) },
    { name: "no-address.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...rows].join("\n")) },
  ]);
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("1 file blocked", { timeout: 60_000 });
  await expect(heading).not.toContainText("Ready to import");
  // Which file and why, and the ways out.
  const blocked = page.getByRole("region", { name: "Blocked files" });
  await expect(blocked).toContainText("no-address.csv is blocked: missing_column The required column address is missing");
  await expect(blocked).toContainText("upload it fixed or remove it from the import");
  await expect(page.getByRole("region", { name: "Whole-file problems" })).toContainText("missing_column");
  await expect(page.getByRole("button", { name: "Queue import" })).toBeDisabled();
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  const rowOf = (summary: string) => grid.getByRole("row").filter({ has: page.getByRole("gridcell", { name: summary, exact: true }) });
  // The blocked file's rows do not say OK; the good file's row does.
  await expect(rowOf("Pothole by City Hall").getByRole("gridcell").nth(1)).toHaveText("File blocked");
  await expect(rowOf("Good one").getByRole("gridcell").nth(1)).toHaveText("OK");
  await rowOf("Pothole by City Hall").getByRole("gridcell", { name: "Pothole by City Hall" }).click();
  await expect(page.getByRole("region", { name: "Row details" })).toContainText("none of its rows is imported");
  await expect(page.getByRole("region", { name: "Row details" })).not.toContainText("will be imported");
  // Five tabs (the file problems too) still fit the side panel on one row at 1280 px.
  await expectTabsOnOneRow(page, 5);
  await axe();
  await page.screenshot({ path: testInfo.outputPath("blocked-file.png") });

  // Take the file out: the import is ready with the other file's row.
  await blocked.getByRole("button", { name: "Remove no-address.csv from the import…" }).click();
  await blocked.getByRole("group", { name: "Confirm removing no-address.csv" }).getByRole("button", { name: "Remove no-address.csv" }).click();
  await expect(heading).toContainText("Ready to import");
  await expect(page.getByRole("region", { name: "Blocked files" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "1 row" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Queue import" })).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("blocked-file-removed.png") });
});

test("an upload interrupted midway (the browser closed) leaves a draft that keeps the files that arrived, to continue or discard", async ({ page, browser, axe }, testInfo) => {
  test.setTimeout(120_000);
  const header = "lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?";
  const row = (n: number) => `42.10${String(n % 90).padStart(2, "0")},-72.5898,${n} Court St,Pothole,Hole ${n},Deep hole ${n},,2023-03-01T09:15:00-05:00,,No,Large`;
  const first = { name: "resume-first.csv", mimeType: "text/csv", buffer: Buffer.from([header, row(1), row(2)].join("\n")) };
  const second = { name: "resume-second.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...Array.from({ length: 3000 }, (_, i) => row(i + 3))].join("\n")) };

  // Another window uploads, and is closed while the second file is on its way (held: it never arrives).
  const context = await browser.newContext({ storageState: stateFile("csm") });
  const uploader = await context.newPage();
  let secondSent: () => void = () => {};
  const sending = new Promise<void>((resolve) => (secondSent = resolve));
  await uploader.route(/\/api\/imports\/\d+\/files\?.*name=resume-second\.csv/, () => secondSent());
  await uploader.goto("/imports/new");
  await uploader.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await uploader.getByLabel("CSV files").setInputFiles([first, second]);
  await uploader.getByRole("button", { name: "Upload and validate" }).click();
  await sending; // the first file was stored before the second one started
  await context.close();

  // The draft is on the list; it says what arrived and how to go on.
  await page.goto("/imports");
  const link = page.getByRole("link", { name: /^#\d+ resume-first\.csv$/ });
  await expect(link).toBeVisible();
  const id = /#(\d+)/.exec((await link.textContent())!)![1]!;
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Draft");
  await expect(page.getByText("This import is not validated yet")).toBeVisible();
  const received = page.getByRole("region", { name: "Files received" });
  await expect(received).toContainText("resume-first.csv");
  await expect(received).not.toContainText("resume-second.csv");
  await expect(page.getByRole("button", { name: `Discard import #${id}…` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue with the files received" })).toBeEnabled();
  await axe();
  await page.screenshot({ path: testInfo.outputPath("interrupted-upload.png") });

  // Choose the missing file again: the import goes on, with both files' rows.
  await page.getByLabel("CSV files to upload").setInputFiles(second);
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  await expect(page.getByRole("status").filter({ hasText: "3,002 rows" })).toBeVisible();
});

test("a blocked file uploaded again fixed: the import is validated afresh and ready", async ({ page }) => {
  test.setTimeout(120_000);
  const header = "lat,lng,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?";
  const row = "42.1015,-72.5898,Pothole,Fixed later,Deep hole,,2023-03-01T09:15:00-05:00,,No,Large";
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "to-fix.csv", mimeType: "text/csv", buffer: Buffer.from([header, row].join("\n")) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("1 file blocked", { timeout: 60_000 });
  // The same name, now with its address column.
  const fixed = [header.replace("lng,", "lng,address,"), row.replace("-72.5898,", "-72.5898,1 Court St,")].join("\n");
  await page.getByRole("region", { name: "Blocked files" }).getByLabel("Upload to-fix.csv fixed").setInputFiles({ name: "to-fix.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Blocked files" })).toHaveCount(0);
  await expect(page.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell", { name: "1 Court St" })).toBeVisible();
});

test("a server slower to render than the progress poll still brings the page to the ready import", async ({ page }) => {
  // Every refresh of an import's page answers after 2.5 s, longer than the poll's 1 s tick: the
  // poll must not pile up refreshes that keep the page on "Validating" (seen on a loaded CI machine).
  // (Before the fix, a poll asked for a refresh every second, each one dropped for the next.)
  let reads = 0;
  await page.route(/\/imports\/\d+(\?.*)?$/, async (route) => {
    // The first is the upload's navigation to the import; the rest are the poll's refreshes.
    if (route.request().headers()["rsc"] === "1" && reads++ > 0) await new Promise((resolve) => setTimeout(resolve, 2500));
    await route.continue();
  });
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  const header = "lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at,auto_assignment,Q: What is the size of the pothole?";
  const rows = Array.from({ length: 30000 }, (_, i) => `42.1015,-72.5898,${i + 1} Court St,Pothole,Pothole ${i + 1},Hole number ${i + 1},,2023-03-01T09:15:00-05:00,,No,Large`);
  await page.getByLabel("CSV files").setInputFiles({ name: "slow-server.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...rows].join("\r\n")) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 45_000 });
  // One refresh at a time: a few reads, not one a second.
  expect(reads).toBeLessThan(6);
});
