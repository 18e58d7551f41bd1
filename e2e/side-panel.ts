import { expect, type Page } from "@playwright/test";

/** The side panel's tabs sit on one row, inside the panel (they wrapped at 1280 px). */
export async function expectTabsOnOneRow(page: Page, count?: number) {
  const panel = page.getByRole("complementary", { name: "Side panel" });
  const tabs = panel.getByRole("tablist", { name: "Side panel" }).getByRole("tab");
  if (count !== undefined) await expect(tabs).toHaveCount(count);
  const boxes = await tabs.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect()).map((rect) => ({ top: Math.round(rect.top), right: rect.right })));
  const panelBox = (await panel.boundingBox())!;
  expect(new Set(boxes.map((tab) => tab.top)).size, "tab rows").toBe(1);
  for (const tab of boxes) expect(tab.right).toBeLessThanOrEqual(panelBox.x + panelBox.width);
}

