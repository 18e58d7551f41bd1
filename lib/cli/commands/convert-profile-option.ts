import { readFile, stat } from "node:fs/promises";
import { builtinProfile, builtinProfiles } from "../../profiles/builtin-profiles.ts";
import type { ProfileChoice } from "../../profiles/convert-csv.ts";
import type { CompiledProfile } from "../../profiles/compile-profile.ts";
import { parseSourceProfile, type SourceProfile } from "../../profiles/profile-schema.ts";
import { UsageError } from "../cli-errors.ts";

/**
 * `--profile auto|NAME|FILE`, shared by convert, validate and error-report: a built-in name, a
 * profile JSON file (checked whole against the schema, every problem listed, exit 2), or auto.
 */
export async function resolveProfileOption(value: string | undefined): Promise<SourceProfile | "auto"> {
  if (value === undefined || value === "auto") return "auto";
  const builtin = builtinProfile(value);
  if (builtin) return builtin;
  const isFile = await stat(value).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new UsageError(`--profile ${value}: not a built-in profile (${["auto", ...builtinProfiles().map((p) => p.name)].join(", ")}) nor a profile file`);
  }
  return loadProfileFile(value);
}

export async function loadProfileFile(file: string): Promise<SourceProfile> {
  let json: unknown;
  try {
    json = JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseSourceProfile(json);
  if (!parsed.ok) {
    const lines = parsed.problems.map((problem) => `  ${problem.path || "(top level)"}: ${problem.message}`);
    throw new UsageError(`${file} is not a valid source profile (${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
  }
  return parsed.profile;
}

/** For stderr: which profile a file was read with, why, and what feeds each canonical column. */
export function describeChoice(file: string, choice: ProfileChoice, compiled: CompiledProfile | null): string {
  const lines: string[] = [];
  switch (choice.how) {
    case "canonical":
      return `${file}: canonical format (no profile needed): passed through unchanged.\n`;
    case "given":
      lines.push(`${file}: profile "${choice.profile.name}" (as given).`);
      break;
    case "detected": {
      const d = choice.detection;
      lines.push(`${file}: profile "${choice.profile.name}" (auto-detected: ${d.matched.length} of ${choice.profile.identifyingHeaders.length} identifying headers matched).`);
      lines.push(`  matched: ${d.matched.join(", ") || "none"}`);
      lines.push(`  not in the file: ${d.missing.join(", ") || "none"}`);
      lines.push(`  not known to the profile (kept in the internal comment): ${d.unknown.join(", ") || "none"}`);
      for (const note of choice.notes) lines.push(`  note: ${note}`);
      break;
    }
    case "inferred":
      lines.push(`${file}: no built-in profile matches; a profile was inferred from the file (review it: --save-profile).`);
      for (const match of choice.inference.matches) lines.push(`  ${match.column} ← ${match.source}  (confidence ${match.confidence}: ${match.reason})`);
      for (const note of choice.inference.notes) lines.push(`  note: ${note}`);
      break;
  }
  if (compiled) {
    const width = Math.max(...compiled.feeds.map((feed) => feed.column.length));
    for (const feed of compiled.feeds) {
      const missing = feed.missing.length ? `  [not in the file: ${feed.missing.join(", ")}]` : "";
      lines.push(`  ${feed.column.padEnd(width)} ← ${feed.from}${missing}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
