import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

// Issue #15: a CSM uploads a boundary with a fault, sees it named (and on the map) before anything
// is saved, fixes it and saves; the organization page then shows it. The demo organization's
// boundary is put back at the end, since the other specs validate against it.

const demo = JSON.parse(readFileSync(path.join(process.cwd(), "prisma", "seed", "demo-organization.json"), "utf8")) as { agencies: { name: string; boundary?: unknown }[] };
const agency = "Code Enforcement";
const original = demo.agencies.find((candidate) => candidate.name === agency)!.boundary;
const square = [[-72.6, 42.1], [-72.58, 42.1], [-72.58, 42.12], [-72.6, 42.12], [-72.6, 42.1]];
const bowtie = [[-72.6, 42.1], [-72.58, 42.12], [-72.58, 42.1], [-72.6, 42.12], [-72.6, 42.1]];
const feature = (ring: number[][]) => JSON.stringify({ type: "Feature", properties: { name: agency }, geometry: { type: "Polygon", coordinates: [ring] } });

test("a boundary with a fault is named and not saved; the fixed one is saved and shown", async ({ page, axe }, testInfo) => {
  await page.goto("/organizations/springfield");
  await page.getByRole("link", { name: `Edit the boundary of ${agency}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Boundary of ${agency}` })).toBeVisible();

  await page.getByLabel("GeoJSON file").setInputFiles({ name: "code-enforcement.geojson", mimeType: "application/geo+json", buffer: Buffer.from(feature(bowtie)) });
  const faults = page.getByRole("list", { name: "Boundary faults" });
  await expect(faults).toContainText("self_intersection");
  await expect(faults).toContainText("crosses itself at -72.59, 42.11");
  await expect(page.getByText("1 fault to fix before saving")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save boundary" })).toBeDisabled();
  await expect(page.getByRole("region", { name: `Map of the boundary of ${agency}` }).locator("path.leaflet-interactive").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("boundary-fault.png"), fullPage: true });

  await page.getByLabel("Or paste GeoJSON").fill(feature(square));
  await expect(page.getByText(/^Ready to save: 3\.\d km²$/)).toBeVisible();
  const put = page.waitForRequest((request) => request.method() === "PUT" && request.url().endsWith("/boundary"));
  await page.getByRole("button", { name: "Save boundary" }).click();
  const boundaryUrl = (await put).url();
  await expect(page.getByRole("status")).toContainText(`Saved the boundary of ${agency} (3.`);
  // The saved boundary is now the current one on the map, and the form is empty for the next.
  await expect(page.getByText("New boundary")).toHaveCount(0);
  await expect(page.getByLabel("Or paste GeoJSON")).toHaveValue("");
  await page.screenshot({ path: testInfo.outputPath("boundary-saved.png"), fullPage: true });

  // The server checks again: a faulty body sent straight to it is refused with the same fault.
  const refused = await page.request.put(boundaryUrl, { data: feature(bowtie), headers: { "content-type": "application/geo+json" } });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { faults: { code: string }[] }).faults.map((fault) => fault.code)).toEqual(["self_intersection"]);

  // Put the demo boundary back for the other specs.
  await page.getByLabel("Or paste GeoJSON").fill(JSON.stringify(original));
  await page.getByRole("button", { name: "Save boundary" }).click();
  await expect(page.getByRole("status")).toContainText("Saved the boundary");
  await page.goto("/organizations/springfield");
  // The Agencies card's line (the Settings history names the agency too).
  await expect(page.locator("#agencies").getByRole("listitem").filter({ hasText: agency })).toContainText("one area");
});

test("a boundary drawn on the map is checked like an upload, saved, and its corners edited", async ({ page, axe }, testInfo) => {
  await page.goto("/organizations/springfield");
  await page.getByRole("link", { name: `Edit the boundary of ${agency}` }).click();
  const map = page.getByRole("region", { name: `Map of the boundary of ${agency}` }).locator(".leaflet-container");
  const at = (x: number, y: number) => ({ position: { x, y } });
  const corners = page.locator(".leaflet-marker-icon.marker-icon:not(.marker-icon-middle)");
  const text = page.getByLabel("Or paste GeoJSON");
  const drag = async (corner: number, dx: number, dy: number) => {
    const from = (await corners.nth(corner).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + dx, from.y + from.height / 2 + dy, { steps: 8 });
    await page.mouse.up();
  };

  // A bow tie, clicked corner by corner: the same check as an upload names its fault.
  await page.getByRole("button", { name: "Draw a boundary" }).click();
  await expect(page.getByText("click the first corner (or press Enter) to close the shape")).toBeVisible();
  for (const [x, y] of [[150, 100], [450, 350], [450, 100], [150, 350]] as const) await map.click(at(x, y));
  await map.click(at(150, 100));
  await expect(page.getByRole("button", { name: "Draw a boundary" })).toBeVisible();
  const faults = page.getByRole("list", { name: "Boundary faults" });
  await expect(faults).toContainText("self_intersection");
  await expect(page.getByText("1 fault to fix before saving")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save boundary" })).toBeDisabled();
  await expect(text).toHaveValue(/^\{"type":"Polygon","coordinates":\[\[\[-72\.\d+,42\.\d+\]/);
  await expect(map.locator("path.leaflet-interactive")).toHaveCount(3); // current, new, the fault's point
  await page.screenshot({ path: testInfo.outputPath("boundary-drawn-fault.png"), fullPage: true });

  // Its second corner dragged above the first edge: no crossing left, so it can be saved.
  await page.getByRole("button", { name: "Edit the corners" }).click();
  await expect(corners).toHaveCount(4);
  await drag(1, -150, -300);
  await expect(page.getByText(/^Ready to save: [\d,.]+ k?m²$/)).toBeVisible();
  await expect(faults).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("boundary-edit-corners.png"), fullPage: true });
  await page.getByRole("button", { name: "Done editing" }).click();
  await expect(corners).toHaveCount(0);
  await page.getByRole("button", { name: "Save boundary" }).click();
  const saved = page.getByRole("status").filter({ hasText: `Saved the boundary of ${agency}` });
  await expect(saved).toBeVisible();
  // "(3.1 km²)" or "(450,000 m²)", in m².
  const area = async () => {
    const [, amount, unit] = /\(([\d,.]+) (k?m)²\)/.exec((await saved.textContent())!)!;
    return Number(amount!.replaceAll(",", "")) * (unit === "km" ? 1e6 : 1);
  };
  const drawnText = (await saved.textContent())!;
  const drawnArea = await area();
  await expect(text).toHaveValue("");

  // The saved boundary's corners, edited in place: a corner pulled outwards makes it larger.
  await page.getByRole("button", { name: "Edit the corners" }).click();
  await expect(corners).toHaveCount(4);
  await expect(text).not.toHaveValue("");
  await drag(0, -60, -60);
  await expect(page.getByText(/^Ready to save: [\d,.]+ k?m²$/)).toBeVisible();
  await page.getByRole("button", { name: "Save boundary" }).click();
  await expect(saved).not.toHaveText(drawnText);
  expect(await area()).toBeGreaterThan(drawnArea);
  await expect(corners).toHaveCount(0);

  // Put the demo boundary back for the other specs.
  await text.fill(JSON.stringify(original));
  await page.getByRole("button", { name: "Save boundary" }).click();
  await expect(page.getByRole("status")).toContainText("Saved the boundary");
  await expect(text).toHaveValue("");
});

test("the settings file downloads, a changed one shows its changes before it is applied, a bad one names its problems", async ({ page }, testInfo) => {
  await page.goto("/organizations/springfield");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the settings file" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("springfield.json");
  const config = JSON.parse(readFileSync(await download.path(), "utf8")) as { organization: { slug: string; timezone: string }; agencies: { name: string }[] };
  expect(config.organization.slug).toBe("springfield");

  const upload = page.getByLabel("Upload a settings file");
  await upload.setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ ...config, organization: { ...config.organization, timezone: "Mars/Olympus" } })) });
  const refused = page.getByRole("alert").filter({ hasText: "nothing was changed" });
  await expect(refused).toContainText("The file has 1 problem");
  await expect(refused).toContainText("organization.timezone");

  // An agency without request types changes nothing the other specs validate against.
  const changed = { ...config, agencies: [...config.agencies, { name: "Graffiti Removal" }] };
  await upload.setInputFiles({ name: "springfield-new.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(changed)) });
  const preview = page.getByRole("list", { name: "Changes the file would make" });
  await expect(preview).toHaveText("created agency Graffiti Removal");
  await expect(page.getByRole("listitem").filter({ hasText: /^Graffiti Removal/ })).toHaveCount(0); // not applied yet
  await page.screenshot({ path: testInfo.outputPath("settings-file-preview.png"), fullPage: true });
  await page.getByRole("button", { name: "Apply 1 change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Applied springfield-new.json: 1 change." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit the boundary of Graffiti Removal" })).toBeVisible();
});
