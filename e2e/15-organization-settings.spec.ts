import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

// Issue #15: an organization made from nothing in the app, its default location picked on the
// map, then its settings changed; the form's rules speak before the server is asked.

test("a CSM creates an organization, picks its default location on the map, and edits it", async ({ page, axe }, testInfo) => {
  await page.goto("/organizations");
  await page.getByRole("link", { name: "New organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New organization" })).toBeVisible();

  // The schema's rules, shown at the fields.
  await page.getByLabel("Name").fill("Town of Ogdenville");
  await page.getByLabel("Slug").fill("Ogdenville");
  await page.getByLabel("Time zone").fill("Central");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("A slug is lower-case letters, digits and single hyphens.")).toBeVisible();
  await expect(page.getByText("Not an IANA time zone, e.g. America/New_York.")).toBeVisible();

  await page.getByLabel("Slug").fill("ogdenville");
  await page.getByLabel("Time zone").fill("America/Chicago");
  await page.getByLabel("Address").fill("1 Town Square");
  await page.getByRole("region", { name: "Map to pick the default location" }).locator(".leaflet-container").click({ position: { x: 200, y: 120 } });
  await expect(page.getByLabel("Latitude")).not.toHaveValue("");
  await expect(page.getByLabel("Longitude")).not.toHaveValue("");
  await expect(page.getByRole("region", { name: "Map to pick the default location" }).locator("path.leaflet-interactive")).toHaveCount(1);
  await page.waitForLoadState("networkidle");
  await axe();
  await page.screenshot({ path: testInfo.outputPath("new-organization.png"), fullPage: true });
  await page.getByRole("button", { name: "Create organization" }).click();

  await expect(page).toHaveURL(/\/organizations\/ogdenville$/);
  await expect(page.getByRole("heading", { level: 1, name: "Town of Ogdenville" })).toBeVisible();
  await expect(page.getByText("ogdenville · America/Chicago")).toBeVisible();
  await expect(page.getByText("Default location for rows without one: 1 Town Square")).toBeVisible();

  await page.getByRole("link", { name: "Edit settings" }).click();
  await expect(page.getByLabel("Slug")).toBeDisabled();
  await page.getByLabel("Name").fill("City of Ogdenville");
  await page.getByLabel("Time zone").fill("America/Denver");
  await page.getByLabel("Acknowledgement message").fill("Thanks, Ogdenville is on it.");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "City of Ogdenville" })).toBeVisible();
  await expect(page.getByText("ogdenville · America/Denver")).toBeVisible();
  await expect(page.getByText("Acknowledgement message for rows without one: “Thanks, Ogdenville is on it.”")).toBeVisible();

  // A slug already taken is the server's to refuse.
  await page.goto("/organizations/new");
  await page.getByLabel("Name").fill("Another Springfield");
  await page.getByLabel("Slug").fill("springfield");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "taken" })).toContainText("The slug `springfield` is taken by another organization.");
});

test("a CSM adds a request type with a required select question, then renames it", async ({ page }, testInfo) => {
  await page.goto("/organizations/ogdenville");
  await page.getByRole("link", { name: "Add request type" }).click();
  await page.getByLabel("Title").fill("Sinkhole");
  // Ogdenville has no agency yet: the form says so before anything is saved.
  await page.getByRole("button", { name: "Add request type" }).click();
  await expect(page.getByText("Choose the agency.")).toBeVisible();

  await page.goto("/organizations/springfield/request-types/new?title=Sinkhole");
  await expect(page.getByLabel("Title")).toHaveValue("Sinkhole");
  await page.getByLabel("Agency").selectOption({ label: "Public Works" });
  await page.getByRole("button", { name: "Add a question" }).click();
  await page.getByLabel("Question 1", { exact: true }).fill("How wide is it?");
  await page.getByLabel("Kind of answer 1").selectOption("select");
  await page.getByLabel("Required").check();
  await page.getByRole("button", { name: "Add request type" }).click();
  await expect(page.getByText("A select question needs options.")).toBeVisible();
  await page.getByLabel("Options of question 1, one per line").fill("Under a metre\nWider");
  await page.getByRole("button", { name: "Add a question" }).click();
  await page.getByLabel("Question 2", { exact: true }).fill("Is traffic blocked?");
  await page.getByLabel("Kind of answer 2").selectOption("boolean");
  await page.getByRole("button", { name: "Move question 2 up" }).click();
  await expect(page.getByLabel("Question 1", { exact: true })).toHaveValue("Is traffic blocked?");
  // The drag handle from the keyboard: Space lifts question 2, the up arrow moves it, Space drops it.
  const lift = page.getByRole("button", { name: "Drag question 2 to reorder" });
  await lift.focus();
  await page.keyboard.press("Space");
  await expect(lift).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("ArrowUp");
  await expect(page.getByText("Question 2 is over position 1.")).toBeAttached();
  await page.keyboard.press("Space");
  await expect(page.getByText("Question 2 dropped at position 1.")).toBeAttached();
  await expect(page.getByLabel("Question 1", { exact: true })).toHaveValue("How wide is it?");
  // And back with the pointer, dragging question 2's handle above question 1.
  const handle = (await page.getByRole("button", { name: "Drag question 2 to reorder" }).boundingBox())!;
  const first = (await page.getByRole("button", { name: "Drag question 1 to reorder" }).boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(first.x + first.width / 2, first.y - 10, { steps: 12 });
  // Not full-page: that resizes the window, and dnd-kit drops a drag on a resize.
  await page.screenshot({ path: testInfo.outputPath("request-type-dragging.png") });
  await page.mouse.up();
  await expect(page.getByLabel("Question 1", { exact: true })).toHaveValue("Is traffic blocked?");
  await expect(page.getByLabel("Question 2", { exact: true })).toHaveValue("How wide is it?");
  await expect(page.getByLabel("Options of question 2, one per line")).toHaveValue("Under a metre\nWider");
  await page.screenshot({ path: testInfo.outputPath("new-request-type.png"), fullPage: true });
  await page.getByRole("button", { name: "Add request type" }).click();

  await expect(page).toHaveURL(/\/organizations\/springfield$/);
  const row = page.getByRole("row", { name: /Sinkhole/ });
  await expect(row).toContainText("Q: Is traffic blocked?");
  await expect(row).toContainText("Q: How wide is it?");
  await expect(row).toContainText("Under a metre · Wider");
  await expect(row.getByText("required")).toBeVisible();

  await row.getByRole("link", { name: "Sinkhole" }).click();
  // Saved in the order they were dragged to.
  await expect(page.getByLabel("Question 1", { exact: true })).toHaveValue("Is traffic blocked?");
  await expect(page.getByLabel("Question 2", { exact: true })).toHaveValue("How wide is it?");
  await page.getByLabel("Title").fill("Sink hole");
  await expect(page.getByText('ones that map to "Sinkhole" need the new title too')).toBeVisible();
  await page.getByRole("button", { name: "Save request type" }).click();
  await expect(page.getByRole("row", { name: /Sink hole/ })).toBeVisible();
});

test("a file is validated against the new request type and its required select question", async ({ page }) => {
  const csv = [
    "lat,lng,address,request_type,summary,description,reporter_email,created_at,acknowledge_message,closed_at,auto_assignment,Q: How wide is it?,Q: Is traffic blocked?",
    "42.1015,-72.5898,36 Court St,Sink hole,Sink hole by City Hall,Road caving in,,2023-03-01T09:15:00-05:00,,,,,false",
    "42.1100,-72.5600,100 Main St,Sink hole,Sink hole on Main,Wide one,,2023-03-02T09:15:00-05:00,,,,Wider,true",
    "42.1050,-72.5850,7 Oak St,Sink hole,Sink hole on Oak,Odd size,,2023-03-03T09:15:00-05:00,,,,Huge,true",
  ].join("\r\n");
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "sink-holes.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv}\r\n`) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  const details = page.getByRole("region", { name: "Row details" });
  // The required select question left blank, and an answer that is not one of its options.
  await grid.getByRole("gridcell", { name: "36 Court St", exact: true }).click();
  await expect(details).toContainText("required");
  await expect(details).toContainText("Q: How wide is it?");
  await grid.getByRole("gridcell", { name: "7 Oak St", exact: true }).click();
  await expect(details).toContainText("invalid_answer");
  await grid.getByRole("gridcell", { name: "100 Main St", exact: true }).click();
  await expect(details).toContainText("No problems: this row will be imported.");
});

test("a problem that comes from the settings links to where it is fixed", async ({ page }, testInfo) => {
  // The clean fixture with its first row's request type one the organization does not have.
  const clean = readFileSync(path.join(import.meta.dirname, "fixtures", "springfield-clean.csv"), "utf8");
  // (Its pothole answer goes too: under another type it would be answer_for_other_type.)
  const csv = clean.replace(",36 Court St,Pothole,", ",36 Court St,Graffiti Wall,").replace(",Reporter: Ann Lee,Large,", ",Reporter: Ann Lee,,");
  expect(csv).not.toBe(clean);
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "graffiti-wall.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import", { timeout: 60_000 });
  await page.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell", { name: "Graffiti Wall", exact: true }).click();
  const details = page.getByRole("region", { name: "Row details" });
  await expect(details).toContainText("unknown_request_type");
  await details.getByRole("link", { name: 'Add the request type "Graffiti Wall"' }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New request type" })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("Graffiti Wall");

  // Saved, the form goes back to the review, which is re-checked against the new request type.
  const reviewUrl = /\/imports\/\d+$/;
  await expect(page.getByText(/Once saved, you go back to import #\d+/)).toBeVisible();
  await page.getByLabel("Agency").selectOption({ label: "Public Works" });
  await page.getByRole("button", { name: "Add request type" }).click();
  await expect(page).toHaveURL(reviewUrl);
  const notice = page.getByRole("status").filter({ hasText: "Settings changed (request type “Graffiti Wall” added)" });
  await expect(notice).toContainText("1 row no longer has errors", { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready to import");
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  await grid.getByRole("gridcell", { name: "Graffiti Wall", exact: true }).click();
  await expect(details).not.toContainText("unknown_request_type");
  await page.screenshot({ path: testInfo.outputPath("recheck-notice.png") });
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByRole("list", { name: "Bulk fixes of this import" })).toContainText("Re-checked after a settings change: request type “Graffiti Wall” added");
});

test("from the review: add a question the file has to its request type, and map an unknown request type", async ({ page }, testInfo) => {
  // The clean fixture with a question column no request type asks (the file is blocked) and a misspelt request type.
  const clean = readFileSync(path.join(import.meta.dirname, "fixtures", "springfield-clean.csv"), "utf8");
  const csv = clean.replace(/\r\n/g, ",\r\n").replace("Q: Is the graffiti offensive?,\r\n", "Q: Is the graffiti offensive?,Q: How long has it been there?\r\n").replace(",100 Main St,Pothole,", ",100 Main St,Pot Hole,");
  expect(csv).toContain("Q: How long has it been there?\r\n");
  expect(csv).toContain(",Pot Hole,");
  await page.goto("/imports/new");
  await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
  await page.getByLabel("CSV files").setInputFiles({ name: "question-and-type.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and validate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("1 file blocked", { timeout: 60_000 });

  await page.getByRole("tab", { name: "File problems" }).click();
  const wholeFile = page.getByRole("region", { name: "Whole-file problems" });
  await expect(wholeFile).toContainText("unknown_question");
  await wholeFile.getByText("Add this question to a request type…").click();
  await wholeFile.getByRole("link", { name: "Abandoned Vehicle" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Abandoned Vehicle" })).toBeVisible();
  const added = page.getByRole("textbox", { name: /^Question \d+$/ }).last();
  await expect(added).toHaveValue("How long has it been there?");
  await page.getByRole("button", { name: "Save request type" }).click();

  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.getByRole("status").filter({ hasText: "Settings changed (request type “Abandoned Vehicle” changed)" })).toContainText("question-and-type.csv is no longer blocked", { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("blocked");
  // Its tab gone with the file problems, the side panel shows the first one.
  await expect(page.getByRole("tab", { name: "Fixes" })).toHaveAttribute("aria-selected", "true");

  // The misspelt request type, mapped from its row's details: every row with it changes, undoable from History.
  await page.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell", { name: "Pot Hole", exact: true }).click();
  const details = page.getByRole("region", { name: "Row details" });
  await details.getByLabel("or map “Pot Hole” to").selectOption("Pothole");
  await details.getByRole("button", { name: "Map every row" }).click();
  // The row's problem is gone with the form that fixed it; its Changes say what was done.
  await expect(details).toContainText("No problems: this row will be imported.");
  await expect(details).toContainText("request_type “Pot Hole” → “Pothole”");
  await expect(page.getByRole("grid", { name: "Rows of the import" }).getByRole("gridcell", { name: "Pot Hole", exact: true })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("map-it-to.png") });
});
