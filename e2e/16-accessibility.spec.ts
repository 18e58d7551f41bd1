import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test, type Axe } from "./fixtures";
import { signedOut, stateFile } from "./accounts";

// axe on every page of the app (issue #14): each fails on a serious or critical violation. The
// pages are reached as their users reach them: staff pages as the admin, the portal as a customer
// invited for the purpose, the sign-in and invite pages signed out.

const potholes = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");
const clean = path.join(import.meta.dirname, "fixtures", "springfield-clean.csv");
const boston = path.join(import.meta.dirname, "..", "lib", "profiles", "testing", "real", "boston311-100.csv");

test.describe.configure({ mode: "serial" });
test.use({ storageState: stateFile("admin") });

/** Opens a page, waits until it has painted its main content, and runs axe on it. */
async function audit(page: Page, axe: Axe, url: string, ready: (page: Page) => Promise<void>) {
  await page.goto(url);
  await ready(page);
  await axe();
}

const heading = (text: string | RegExp) => async (page: Page) => expect(page.getByRole("heading", { level: 1 })).toContainText(text, { timeout: 60_000 });

async function uploadAs(page: Page, start: string, file: string, organization?: string) {
  await page.goto(start);
  if (organization) await page.getByLabel("Organization").selectOption({ label: organization });
  await page.getByLabel("CSV files").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and validate" }).click();
}

test("staff pages: imports, a new import, match columns, a review, results", async ({ page, axe }) => {
  test.setTimeout(240_000);
  await audit(page, axe, "/imports", heading("Imports"));
  await audit(page, axe, "/imports/new", heading("New import"));

  await uploadAs(page, "/imports/new", boston, "Real Files Test City");
  await expect(page).toHaveURL(/\/imports\/\d+\/columns$/, { timeout: 30_000 });
  await heading("Match columns")(page);
  await expect(page.getByRole("table", { name: "Preview of the converted rows" })).toBeVisible();
  await axe();

  await uploadAs(page, "/imports/new", potholes, "City of Springfield");
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 30_000 });
  await heading("Ready to import")(page);
  await expect(page.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell").first()).toBeVisible();
  await axe();
  for (const tab of ["Map", "Charts", "History", "Fixes"]) {
    await page.getByRole("tab", { name: tab }).click();
    await axe();
  }

  // A file of its own (other bytes than the clean fixture), so the other specs' imports of it are not skipped as already imported.
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "a11y-clean.csv", mimeType: "text/csv", buffer: Buffer.from(`${await readFile(clean, "utf8")}\n\n`) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await heading("Ready to import")(page);
  await page.getByRole("button", { name: "Queue import" }).click();
  await heading("Completed")(page);
  await expect(page.getByRole("region", { name: "Import progress" })).toBeVisible();
  await axe();
  await audit(page, axe, "/imports", heading("Imports"));
});

test("organization and settings pages", async ({ page, axe }) => {
  test.setTimeout(120_000);
  await audit(page, axe, "/organizations", heading("Organizations"));
  await audit(page, axe, "/organizations/new", heading("New organization"));
  await audit(page, axe, "/organizations/springfield", heading("City of Springfield"));
  const boundary = await page.locator('a[href*="/agencies/"][href$="/boundary"]').first().getAttribute("href");
  const requestType = await page.locator('a[href*="/request-types/"]:not([href$="/new"])').first().getAttribute("href");
  await audit(page, axe, "/organizations/springfield/edit", heading("Organization settings"));
  await audit(page, axe, boundary!, heading("Boundary of"));
  await audit(page, axe, requestType!, heading(/\w/));
  await audit(page, axe, "/organizations/springfield/request-types/new", heading(/request type/i));
});

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("the sign-in page and an invite link that does not work", async ({ page, axe }) => {
    await audit(page, axe, "/sign-in", heading(/Sign in/));
    await audit(page, axe, "/portal/invite/not-a-real-token-at-all-000000", async (p) => expect(p.getByText("This link is not valid.")).toBeVisible());
  });
});

test("the customer portal: the invite, home, a new upload, match columns, a review", async ({ page, axe, browser }) => {
  test.setTimeout(240_000);
  // The admin invites a contact of the demo organization.
  await page.goto("/organizations/springfield", { waitUntil: "networkidle" });
  const section = page.getByRole("region", { name: "Customer portal" });
  await section.getByLabel("Contact's e-mail").fill("a11y@springfield.example");
  await section.getByRole("button", { name: "Create invite link" }).click();
  const link = await section.getByLabel(/Invite link for/).inputValue();

  const context = await browser.newContext({ storageState: signedOut });
  const customer = await context.newPage();
  try {
    await customer.goto(link, { waitUntil: "networkidle" });
    await expect(customer.getByLabel("Choose a password")).toBeVisible();
    await axe(customer);
    await customer.getByLabel(/Your name/).fill("Ally Access");
    await customer.getByLabel("Choose a password").fill("accessible portal password");
    await customer.getByRole("button", { name: "Set password and open the portal" }).click();
    await expect(customer).toHaveURL(/\/portal$/);
    await axe(customer);

    await uploadAs(customer, "/portal/imports/new", boston);
    await expect(customer).toHaveURL(/\/portal\/imports\/\d+\/columns$|\/portal\/imports\/\d+$/, { timeout: 30_000 });
    await axe(customer);

    await customer.goto("/portal/imports/new");
    await heading("Upload files")(customer);
    await axe(customer);
    await uploadAs(customer, "/portal/imports/new", potholes);
    await expect(customer).toHaveURL(/\/portal\/imports\/\d+$/, { timeout: 30_000 });
    await expect(customer.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell").first()).toBeVisible({ timeout: 60_000 });
    await axe(customer);
  } finally {
    await context.close();
  }
});
