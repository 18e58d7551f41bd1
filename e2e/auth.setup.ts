import { expect, test as setup } from "@playwright/test";
import { accounts, stateFile, type AccountName } from "./accounts";

// Signs each account in once, through the sign-in form, and keeps its cookies for the specs.
// No spec may sign out with a shared state: signing out ends the session on the server.

for (const name of Object.keys(accounts) as AccountName[]) {
  setup(`sign in as ${name}`, async ({ page }) => {
    const account = accounts[name];
    await page.goto("/sign-in", { waitUntil: "networkidle" }); // hydrated: the form runs as an action
    await page.getByLabel("E-mail").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/imports$/);
    await page.context().storageState({ path: stateFile(name) });
  });
}
