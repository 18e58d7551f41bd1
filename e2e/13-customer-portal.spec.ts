import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { accounts, signedOut, stateFile } from "./accounts";

// The customer portal end to end (issue #13): a CSM invites a contact, the contact sets a password
// from the link, uploads, sees the problems, downloads the error report and submits for review;
// the CSM sees it submitted. Then who reaches which page: customer of A, customer of B, staff,
// nobody. The actions themselves are in app/role-matrix.integration.test.ts.

const potholes = path.join(import.meta.dirname, "fixtures", "springfield-potholes.csv");
const customer = { email: "clerk@springfield.example", name: "Cory Clerk", password: "springfield clerk password" };
const other = { email: "clerk@realfiles.example", password: "real files clerk password" };

test.describe.configure({ mode: "serial" });

let inviteLink = "";
let otherLink = "";
let importPath = "";

/** The CSM's invite form on an organization's page; answers the link shown once. */
async function createInvite(page: Page, slug: string, email: string): Promise<string> {
  await page.goto(`/organizations/${slug}`, { waitUntil: "networkidle" });
  const section = page.getByRole("region", { name: "Customer portal" });
  await section.getByLabel("Contact's e-mail").fill(email);
  await section.getByRole("button", { name: "Create invite link" }).click();
  const link = section.getByLabel(/Invite link for/);
  await expect(link).toHaveValue(/\/portal\/invite\/[A-Za-z0-9_-]{43}$/);
  return link.inputValue();
}

/** A fresh browser, signed out, that opens an invite link and sets a password. */
async function acceptInvite(browser: Browser, link: string, password: string, name?: string): Promise<Page> {
  const context = await browser.newContext({ storageState: signedOut });
  const page = await context.newPage();
  await page.goto(link, { waitUntil: "networkidle" });
  if (name) await page.getByLabel(/Your name/).fill(name);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: "Set password and open the portal" }).click();
  await expect(page).toHaveURL(/\/portal$/);
  return page;
}

test("a CSM invites a contact; the invite list shows pending, used and revoked links", async ({ page, axe }, testInfo) => {
  inviteLink = await createInvite(page, "springfield", customer.email);
  otherLink = await createInvite(page, "real-files", other.email);
  const withdrawn = await createInvite(page, "springfield", "withdrawn@springfield.example");
  const section = page.getByRole("region", { name: "Customer portal" });
  await expect(section.getByRole("row", { name: /clerk@springfield\.example/ })).toContainText("pending");
  await section.getByRole("button", { name: "Revoke the invite for withdrawn@springfield.example" }).click();
  await expect(section.getByRole("row", { name: /withdrawn@springfield\.example/ })).toContainText("revoked");
  // The revoked link says so, and offers nothing to fill in.
  const stranger = await page.context().browser()!.newContext({ storageState: signedOut });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(withdrawn);
  await expect(strangerPage.getByText("This link was withdrawn.")).toBeVisible();
  await expect(strangerPage.getByLabel("Choose a password")).toHaveCount(0);
  await strangerPage.goto("/portal/invite/not-a-real-token-at-all-000000");
  await expect(strangerPage.getByText("This link is not valid.")).toBeVisible();
  await stranger.close();
  await section.getByLabel("Contact's e-mail").fill("bob@springfield.example");
  await section.getByRole("button", { name: "Create invite link" }).click();
  await axe();
  await section.screenshot({ path: testInfo.outputPath("csm-invite-section.png") });
});

test("the contact sets a password, uploads, sees the problems, downloads the error report and submits", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  // The acceptance page, before anything is filled in.
  const preview = await browser.newContext({ storageState: signedOut });
  const previewPage = await preview.newPage();
  await previewPage.goto(inviteLink, { waitUntil: "networkidle" });
  await expect(previewPage.getByRole("heading", { level: 1 })).toHaveText("Preview your imports for City of Springfield");
  await expect(previewPage.getByLabel("E-mail")).toHaveValue(customer.email);
  await previewPage.screenshot({ path: testInfo.outputPath("invite-acceptance.png"), fullPage: true });
  await preview.close();

  const page = await acceptInvite(browser, inviteLink, customer.password, customer.name);
  await expect(page.getByTestId("portal-organization")).toHaveText("City of Springfield");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Your imports", "Upload files", "Request types"]);
  await expect(page.getByRole("list", { name: "What happens next" })).toContainText("Submit for review");

  await nav.getByRole("link", { name: "Upload files" }).click();
  await page.getByLabel("CSV files").setInputFiles(potholes);
  await expect(page.getByRole("region", { name: "First look" })).toContainText("12 rows · 4 valid · 8 errors");
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page).toHaveURL(/\/portal\/imports\/\d+$/, { timeout: 30_000 });
  importPath = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Checked", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Import summary" }).getByText("Valid rows", { exact: true }).locator("..")).toContainText("4");
  await expect(page.getByRole("grid", { name: "Rows of the import" })).toBeVisible();
  await page.getByRole("tab", { name: "Charts" }).click();
  await expect(page.getByRole("region", { name: "Problem charts" })).toBeVisible();
  // Never the way into the CRM.
  await expect(page.getByRole("button", { name: "Queue import" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Discard/ })).toHaveCount(0);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report" }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Submitted for review by Cory Clerk" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit again" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("portal-review.png") });

  await nav.getByRole("link", { name: "Your imports" }).click();
  await expect(page.getByRole("link", { name: /springfield-potholes\.csv/ })).toHaveAttribute("href", importPath);
  await page.screenshot({ path: testInfo.outputPath("portal-home.png"), fullPage: true });

  // Staff pages are not there for a customer; the link works once.
  for (const url of ["/imports", "/organizations", "/organizations/springfield", "/imports/new", importPath.replace("/portal", "")]) {
    await page.goto(url);
    await expect(page).toHaveURL(/\/portal$/);
  }
  await page.goto(inviteLink);
  await expect(page.getByText("This link was already used.")).toBeVisible();
  await page.context().close();
});

test("the CSM sees the import submitted, on the list and on its page", async ({ page }) => {
  await page.goto("/imports");
  const row = page.getByRole("row", { name: /springfield-potholes\.csv/ }).first();
  await expect(row).toContainText("Submitted for review");
  await expect(row).toContainText("by Cory Clerk");
  await page.goto(importPath.replace("/portal", ""));
  await expect(page.getByRole("status").filter({ hasText: /Submitted for review by Cory Clerk at/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Queue import" })).toBeVisible();
  // The contact's sign-in (setting the password signs them in) is on the organization's page.
  await page.goto("/organizations/springfield");
  const signIns = page.getByRole("region", { name: "Customer portal" }).getByRole("list", { name: "Recent sign-ins" });
  await expect(signIns.getByRole("listitem").filter({ hasText: "Signed in" }).filter({ hasText: customer.name }).first()).toBeVisible();
  // Staff have no portal.
  await page.goto("/portal");
  await expect(page).toHaveURL(/\/imports$/);
});

test("who reaches what: customer of another organization, admin, nobody", async ({ browser }) => {
  const otherPage = await acceptInvite(browser, otherLink, other.password);
  await expect(otherPage.getByTestId("portal-organization")).toHaveText("Real Files Test City");
  await expect(otherPage.getByRole("heading", { name: "Nothing uploaded yet" })).toBeVisible();
  const id = importPath.split("/").pop()!;
  const notFound = await otherPage.goto(importPath);
  expect(notFound?.status()).toBe(404);
  expect((await otherPage.request.get(`/api/imports/${id}/status`)).status()).toBe(404);
  expect((await otherPage.request.get(`/api/imports/${id}/error-report`)).status()).toBe(404);
  await otherPage.context().close();

  const admin = await browser.newContext({ storageState: stateFile("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/portal");
  await expect(adminPage).toHaveURL(/\/imports$/);
  await expect(adminPage.getByTestId("signed-in-as")).toHaveText(accounts.admin.name);
  await admin.close();

  const nobody = await browser.newContext({ storageState: signedOut });
  const nobodyPage = await nobody.newPage();
  await nobodyPage.goto(importPath);
  await expect(nobodyPage).toHaveURL(/\/sign-in\?next=%2Fportal%2Fimports%2F\d+$/);
  expect((await nobodyPage.request.get(`/api/imports/${id}/status`)).status()).toBe(401);
  await nobody.close();
});
