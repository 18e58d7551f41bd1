import { expect, test } from "./fixtures";
import { accounts, signedOut } from "./accounts";

// Signed out, nothing but the sign-in page answers; signing in and out works from the keyboard-
// and screen-reader-friendly form. These sign in themselves: never sign out a shared state.

test.use({ storageState: signedOut });

const account = accounts.admin;

test("a signed-out visit goes to the sign-in page, which keeps where it was going", async ({ page, axe }, testInfo) => {
  await page.goto("/imports/new");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fimports%2Fnew$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("sign-in.png"), fullPage: true });
});

test("a wrong password shows an error; the right one lands on the page asked for; sign-out ends the session", async ({ page }, testInfo) => {
  await page.goto("/imports", { waitUntil: "networkidle" });
  await expect(page).toHaveURL(/\/sign-in/);
  // The keyboard: the e-mail field has focus, Tab reaches the password, Enter submits.
  await expect(page.getByLabel("E-mail")).toBeFocused();
  await page.keyboard.type(account.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("not the password");
  await page.keyboard.press("Enter");
  const error = page.locator("form [role=alert]");
  await expect(error).toHaveText("That e-mail address and password do not match.");
  await expect(page.getByLabel("E-mail")).toHaveValue(account.email);
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: testInfo.outputPath("sign-in-error.png"), fullPage: true });

  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/imports$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(account.name);
  await expect(page.getByText(`${account.email} · Administrator`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/organizations");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forganizations$/);
});

test("signed out, the import API and server actions answer 401", async ({ page }) => {
  const request = page.request;
  for (const path of ["/api/imports/1/status", "/api/imports/1/rows", "/api/imports/1/error-report"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(401);
    expect(await response.json()).toEqual({ ok: false, reason: "Sign in first." });
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  }
  const upload = await request.put("/api/imports/1/files?name=a.csv", { data: "lat,lng\n", maxRedirects: 0 });
  expect(upload.status()).toBe(401);
  // Out of the proxy (a file's body is not buffered), and still hardened.
  expect(upload.headers()["x-content-type-options"]).toBe("nosniff");
  expect(upload.headers()["x-frame-options"]).toBe("DENY");
  const action = await request.post("/imports/new", { headers: { "next-action": "x" }, data: "[]", maxRedirects: 0 });
  expect(action.status()).toBe(401);
  // A forged or stale cookie passes the proxy's quick look, but not the session check behind it.
  await page.context().addCookies([{ name: "better-auth.session_token", value: "forged.value", url: test.info().project.use.baseURL! }]);
  const forged = await request.get("/api/imports/1/status", { maxRedirects: 0 });
  expect(forged.status()).toBe(401);
  await page.goto("/imports");
  await expect(page).toHaveURL(/\/sign-in$/);
});
