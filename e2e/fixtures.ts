import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

// Every browser test fails on a console error or an uncaught page error.
/** Runs axe on the page (the test's own unless told another, a second browser context's say). */
export type Axe = (other?: Page) => Promise<void>;

export const test = base.extend<{ consoleErrors: string[]; axe: Axe }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${message.text()} ${message.location().url}`.trim());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
  axe: async ({ page }, use) => {
    await use(async (other?: Page) => {
      const target = other ?? page;
      const results = await new AxeBuilder({ page: target }).analyze();
      const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
      // Which elements, so a failure says where to look.
      const where = (nodes: { target: unknown[] }[]) => nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", ");
      expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length}: ${where(violation.nodes)})`), `axe on ${target.url()}`).toEqual([]);
    });
  },
});

export { expect };
