import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runWorkerValidation, type WorkerMessage } from "./worker-protocol.ts";
import { parseOrgConfig } from "../../org/org-config-schema.ts";

const root = path.join(import.meta.dirname, "..", "..", "..");
const parsed = parseOrgConfig(JSON.parse(readFileSync(path.join(root, "prisma", "seed", "demo-organization.json"), "utf8")));
if (!parsed.ok) throw new Error("demo organization invalid");
const config = parsed.config;

// A browser File: Blob#stream() gives the same ReadableStream<Uint8Array> a Web Worker reads.
const asFile = (name: string, bytes: Uint8Array) => {
  const blob = new Blob([new Uint8Array(bytes)]);
  return { name, size: blob.size, stream: () => blob.stream() };
};

describe("the engine on a browser ReadableStream (the Web Worker path)", () => {
  it("validates the e2e fixture exactly as the CLI does", async () => {
    const bytes = readFileSync(path.join(root, "e2e", "fixtures", "springfield-potholes.csv"));
    const messages: WorkerMessage[] = [];
    await runWorkerValidation({ files: [asFile("springfield-potholes.csv", bytes)], config }, (message) => messages.push(message));
    const done = messages.find((message) => message.type === "done");
    expect(done?.type).toBe("done");
    if (done?.type !== "done") return;
    expect(done.report.summary).toMatchObject({ files: 1, rows: 12, validRows: 4, errors: 8 });
    expect(done.report.summary.byCode).toEqual({ coordinates_swapped: 2, missing_offset: 1, invalid_yes_no: 1, line_break_not_allowed: 1, outside_boundary: 1, invalid_email: 1, required: 1 });
    expect(done.problems.map((problem) => [problem.row, problem.code])).toContainEqual([3, "coordinates_swapped"]);
  });

  it("reports a Windows-1252 file as converted, in small chunks", async () => {
    const text = "lat,lng,address,request_type,summary,description,created_at\r\n42.1015,-72.5898,Caf\xe9 St,Pothole,S,D,2023-01-01T00:00:00Z\r\n";
    const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
    const messages: WorkerMessage[] = [];
    await runWorkerValidation({ files: [asFile("latin.csv", bytes)], config }, (message) => messages.push(message));
    const done = messages.find((message) => message.type === "done");
    expect(done?.type === "done" && done.report.summary.byCode.encoding_converted).toBe(1);
  });

  it("answers a failure with a message instead of throwing", async () => {
    const messages: WorkerMessage[] = [];
    const broken = { name: "broken.csv", size: 10, stream: () => new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new Error("disk gone")) }) };
    await runWorkerValidation({ files: [broken], config }, (message) => messages.push(message));
    expect(messages.at(-1)).toEqual({ type: "failed", message: expect.stringContaining("disk gone") });
  });
});
