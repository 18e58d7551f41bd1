import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signedOut } from "./accounts";

// A portal customer's own fixing loop (issues #13 and #15): they see their organization's request
// types and questions read-only, download the error report, fix it in "a spreadsheet", upload the
// fixed file with "Upload fixes" and see the errors go down; the History tab says who did it, when.
// The CSM then sees the same history, and the organization's settings history.

const potholes = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");
const contact = { email: "fixer@springfield.example", name: "Fran Fixer", password: "springfield fixer password" };

test.describe.configure({ mode: "serial" });

let importPath = "";

const summaryValue = (page: Page, label: string) => page.getByRole("region", { name: "Import summary" }).getByText(label, { exact: true }).locator("..");

test("a customer reads the request types, fixes the error report, uploads it and sees the errors go down", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  // The CSM's invite link for the contact.
  await page.goto("/organizations/springfield", { waitUntil: "networkidle" });
  const section = page.getByRole("region", { name: "Customer portal" });
  await section.getByLabel("Contact's e-mail").fill(contact.email);
  await section.getByRole("button", { name: "Create invite link" }).click();
  const link = await section.getByLabel(/Invite link for/).inputValue();

  const context = await browser.newContext({ storageState: signedOut });
  const portal = await context.newPage();
  await portal.goto(link, { waitUntil: "networkidle" });
  await portal.getByLabel(/Your name/).fill(contact.name);
  await portal.getByLabel("Choose a password").fill(contact.password);
  await portal.getByRole("button", { name: "Set password and open the portal" }).click();
  await expect(portal).toHaveURL(/\/portal$/);

  // Request types and questions, read-only: no way to add or edit one.
  await portal.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Request types" }).click();
  const types = portal.getByRole("table", { name: "Request types of City of Springfield" });
  await expect(types.getByRole("row", { name: /Pothole/ }).first()).toContainText("Q: What is the size of the pothole?");
  await expect(portal.getByRole("main").getByRole("link")).toHaveCount(0);
  await expect(portal.getByRole("main").getByRole("button")).toHaveCount(0);
  await expect(types.getByRole("columnheader", { name: "Auto-assign" })).toHaveCount(0);
  await portal.screenshot({ path: testInfo.outputPath("portal-request-types.png"), fullPage: true });
  // The settings pages stay staff's.
  await portal.goto("/organizations/springfield/request-types/new");
  await expect(portal).toHaveURL(/\/portal$/);

  // Upload and wait for the check.
  await portal.goto("/portal/imports/new");
  await portal.getByLabel("CSV files").setInputFiles(potholes);
  await portal.getByRole("button", { name: "Upload and validate" }).click();
  await expect(portal).toHaveURL(/\/portal\/imports\/\d+$/, { timeout: 30_000 });
  importPath = new URL(portal.url()).pathname;
  await expect(portal.getByRole("heading", { level: 1 })).toContainText("Checked", { timeout: 60_000 });
  await expect(summaryValue(portal, "Errors")).toContainText("8");
  await expect(summaryValue(portal, "Valid rows")).toContainText("4");

  // The error report, fixed the way a customer would in a spreadsheet: three cells.
  const download = portal.waitForEvent("download");
  await portal.getByRole("link", { name: "Download error report" }).click();
  const report = await readFile((await (await download).path())!, "utf8");
  expect(report).toContain("import_errors");
  const fixed = report.replace(",yes,", ",Yes,").replace(",bob@,", ",bob@example.com,").replace(",2023-06-01T08:00:00,", ",2023-06-01T08:00:00-04:00,");
  expect(fixed).not.toBe(report);
  const fixedFile = testInfo.outputPath("springfield-potholes-fixed.csv");
  await writeFile(fixedFile, fixed);

  await portal.getByLabel("Upload fixes").setInputFiles(fixedFile);
  await expect(portal.getByRole("status").filter({ hasText: /^Matched 8 of 8 report rows; changed 3 cells in 3 rows\./ })).toBeVisible();
  await expect(summaryValue(portal, "Errors")).toContainText("5");
  await expect(summaryValue(portal, "Valid rows")).toContainText("7");

  // Who did what, in the organization's zone with the zone named.
  await portal.getByRole("tab", { name: "History" }).click();
  const activity = portal.getByRole("list", { name: "Import activity" });
  await expect(activity.getByRole("listitem").first()).toContainText("Uploaded a fixed error report: 3 rows changed");
  await expect(activity.getByRole("listitem").first()).toContainText(/Fran Fixer · \w{3} \d+, \d{4}, \d+:\d{2} [AP]M E[SD]T/);
  await expect(activity).toContainText("Uploaded springfield-potholes.csv");
  await portal.screenshot({ path: testInfo.outputPath("portal-history.png") });
  await context.close();
});

test("the CSM sees the customer's history on the import, and the organization's settings history", async ({ page }, testInfo) => {
  await page.goto(importPath.replace("/portal", ""));
  await page.getByRole("tab", { name: "History" }).click();
  const activity = page.getByRole("list", { name: "Import activity" });
  await expect(activity.getByRole("listitem").first()).toContainText("Fran Fixer");
  await expect(activity).toContainText("Started checking 1 file");

  await page.goto("/organizations/springfield");
  // The demo organization was made by the seed's settings file: nobody signed in did it.
  const history = page.getByRole("list", { name: "Settings history" });
  await expect(history.getByRole("listitem").last()).toContainText("Applied a settings file: created the organization");
  await expect(history.getByRole("listitem").last()).toContainText("Command line or system");
  await page.getByRole("region", { name: "Settings history" }).screenshot({ path: testInfo.outputPath("settings-history.png") });
});
