import { useMemo } from "react";
import { makeProblem, type Problem } from "@/lib/engine/problem";
import { createFileValidator, createRunContext } from "@/lib/engine/validate";
import { compileProfile, type CompiledProfile } from "@/lib/profiles/compile-profile";
import { createRowConverter, type ConversionFinding } from "@/lib/profiles/convert-row";
import type { SourceProfile } from "@/lib/profiles/profile-schema";
import type { OrgConfig } from "@/lib/org/org-config-schema";

export type PreviewRow = { row: number; values: Record<string, string>; problems: Problem[] };
export type Preview = { compiled: CompiledProfile | null; header: string[]; rows: PreviewRow[]; fileProblems: Problem[]; failure: string | null };

/**
 * The first rows of a file converted with the profile being edited and validated with the same
 * engine the server runs, in the browser: every change of a match shows its effect at once.
 */
export function useConvertedPreview(profile: SourceProfile, sourceHeader: readonly string[], sample: readonly (readonly string[])[], config: OrgConfig, file: string, limit = 10): Preview {
  return useMemo(() => convertPreview(profile, sourceHeader, sample, config, file, limit), [profile, sourceHeader, sample, config, file, limit]);
}

export function convertPreview(profile: SourceProfile, sourceHeader: readonly string[], sample: readonly (readonly string[])[], config: OrgConfig, file: string, limit: number): Preview {
  let compiled: CompiledProfile;
  try {
    compiled = compileProfile(profile, sourceHeader, { timeZone: profile.timeZone ?? config.organization.timezone });
  } catch (error) {
    return { compiled: null, header: [], rows: [], fileProblems: [], failure: error instanceof Error ? error.message : String(error) };
  }
  const fileProblems = compiled.fileFindings.map((finding) => makeProblem(finding, { file, row: 0, line: 1 }));
  const convert = createRowConverter(compiled);
  const validator = createFileValidator(createRunContext(config), file, compiled.header);
  const rows = sample.slice(0, limit).map((fields, index) => {
    const findings: ConversionFinding[] = [];
    const values = convert(fields, findings);
    const row = index + 1;
    const converted = new Set(findings.map((finding) => finding.canonical));
    const problems = [
      ...findings.map((finding) => makeProblem({ ...finding, column: finding.canonical }, { file, row, line: row + 1 })),
      ...validator.validateRow(values, row, row + 1).filter((problem) => !converted.has(problem.column ?? "")),
    ];
    return { row, values: Object.fromEntries(compiled.header.map((name, at) => [name, values[at] ?? ""])), problems };
  });
  return { compiled, header: compiled.header, rows, fileProblems, failure: null };
}
