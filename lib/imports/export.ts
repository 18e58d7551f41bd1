import "server-only";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { getDb, type Db } from "../db/client.ts";
import { fixedColumns, questionColumn } from "../engine/format.ts";
import { wrenchbotEmail } from "../org/org-config-schema.ts";
import { formatInstant } from "../time/zoned.ts";
import { defaultAcknowledgeMessage } from "../jobs/row-plan.ts";
import { csvLine } from "../engine/write/csv-writer.ts";

/**
 * Export (contract §4): an organization's issues (or one import's) back in the canonical format,
 * so that importing the file into an organization with the same configuration gives the same
 * issues. Decisions (docs/import-executor.md, "Export"):
 * - reporter_email is blank for the generic user (configured or Wrenchbot); acknowledge_message
 *   is blank when none was given or it is the default; auto_assignment is Yes or No;
 * - timestamps carry the organization zone's offset at that instant, to the millisecond;
 * - comment columns follow one sequence of public/internal columns that fits every issue's
 *   comments in order (public_comment_N and internal_comment_N numbered in that sequence), so the
 *   order of each issue's comments survives the round trip;
 * - `Q:` columns are the questions of the exported request types. Two request types asking the
 *   same question text cannot share a file (`ambiguous_question`), so the export is then split:
 *   OUT.csv holds the first group of request types without a shared text, OUT-2.csv the next…
 */

export type ExportedFile = { path: string; issues: number; requestTypes: string[] };
export type ExportResult = { ok: true; files: ExportedFile[] } | { ok: false; reason: string };

const pageSize = 1000;

/** Decimal degrees without exponent notation (the format's number rule has none). */
export function formatCoordinate(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

/** A shortest-enough sequence of "P"/"I" columns in which every issue's comment kinds appear in order. */
export function commentColumnSequence(sequences: Iterable<string>): string[] {
  const columns: string[] = [];
  for (const sequence of [...sequences].sort((a, b) => b.length - a.length || b.localeCompare(a))) {
    let at = 0;
    for (const kind of sequence) {
      while (at < columns.length && columns[at] !== kind) at++;
      if (at === columns.length) columns.push(kind);
      at++;
    }
  }
  return columns;
}

/** Places one issue's comment kinds into the columns, in order (greedy, as the sequence was built). */
export function placeComments(columns: readonly string[], kinds: readonly string[]): number[] {
  const places: number[] = [];
  let at = 0;
  for (const kind of kinds) {
    while (at < columns.length && columns[at] !== kind) at++;
    places.push(at);
    at++;
  }
  return places;
}

/** Splits request types into groups in which no question text is asked twice. */
export function groupByQuestionTexts<T extends { questions: { text: string }[] }>(types: readonly T[]): T[][] {
  const groups: { types: T[]; texts: Set<string> }[] = [];
  for (const type of types) {
    const texts = type.questions.map((q) => q.text);
    let group = groups.find((g) => texts.every((text) => !g.texts.has(text)));
    if (!group) {
      group = { types: [], texts: new Set() };
      groups.push(group);
    }
    group.types.push(type);
    for (const text of texts) group.texts.add(text);
  }
  return groups.map((g) => g.types);
}

function numberedPath(outputPath: string, index: number): string {
  if (index === 0) return outputPath;
  const ext = path.extname(outputPath);
  return `${outputPath.slice(0, outputPath.length - ext.length)}-${index + 1}${ext}`;
}

/**
 * `formulaSafe`: neutralise cells that a spreadsheet would run as formulas (contract §6's rule), for
 * a copy a person opens. Off by default: the export's promise is the round trip of contract §4, and
 * the import reads a canonical file's cells as they are, so a neutralised `'=…` would come back
 * with its apostrophe.
 */
export async function exportIssues(input: { organizationSlug: string; importJobId?: number; outputPath: string; formulaSafe?: boolean }, db: Db = getDb()): Promise<ExportResult> {
  const organization = await db.organization.findUnique({
    where: { slug: input.organizationSlug },
    select: {
      id: true,
      slug: true,
      timezone: true,
      genericUserId: true,
      requestTypes: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: { id: true, title: true, questions: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, text: true } } },
      },
    },
  });
  if (!organization) return { ok: false, reason: `There is no organization with slug "${input.organizationSlug}".` };
  if (input.importJobId !== undefined) {
    const job = await db.importJob.findUnique({ where: { id: input.importJobId }, select: { organizationId: true } });
    if (!job || job.organizationId !== organization.id) return { ok: false, reason: `Import #${input.importJobId} is not an import of ${organization.slug}.` };
  }
  const wrenchbot = await db.user.findUnique({ where: { email: wrenchbotEmail(organization.slug) }, select: { id: true } });
  const genericIds = new Set([organization.genericUserId, wrenchbot?.id].filter((id): id is number => typeof id === "number"));
  const scope = { organizationId: organization.id, ...(input.importJobId !== undefined ? { importJobId: input.importJobId } : {}) };

  const present = new Set((await db.issue.groupBy({ by: ["requestTypeId"], where: scope })).map((group) => group.requestTypeId));
  const types = organization.requestTypes.filter((type) => present.has(type.id));
  const groups = types.length ? groupByQuestionTexts(types) : [[]];
  const files: ExportedFile[] = [];
  for (const [index, group] of groups.entries()) {
    const outputPath = numberedPath(input.outputPath, index);
    const issues = await writeGroup(db, { ...scope, timeZone: organization.timezone, genericIds, types: group, outputPath, formulaSafe: input.formulaSafe ?? false });
    files.push({ path: outputPath, issues, requestTypes: group.map((type) => type.title) });
  }
  return { ok: true, files };
}

type ExportGroup = {
  organizationId: number;
  importJobId?: number;
  timeZone: string;
  genericIds: ReadonlySet<number>;
  types: { id: number; title: string; questions: { id: number; text: string }[] }[];
  outputPath: string;
  formulaSafe: boolean;
};

/** The group's header: the fixed columns, as many comment columns as its issues need, its questions. */
type ExportLayout = { header: string[]; commentKinds: string[]; questionIndex: Map<number, number> };

async function writeGroup(db: Db, input: ExportGroup): Promise<number> {
  const layout = await exportLayout(db, input);
  const titles = new Map(input.types.map((type) => [type.id, type.title]));
  const out = createWriteStream(input.outputPath);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let count = 0;
  try {
    await write(csvLine(layout.header, { formulaSafe: input.formulaSafe }));
    for await (const issue of issuesOf(db, input)) {
      await write(csvLine(issueFields(issue, layout, titles, input), { formulaSafe: input.formulaSafe }));
      count++;
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  return count;
}

async function exportLayout(db: Db, input: ExportGroup): Promise<ExportLayout> {
  const sequences = await db.$queryRawUnsafe<{ seq: string }[]>(
    `SELECT DISTINCT seq FROM (
       SELECT string_agg(CASE c.visibility WHEN 'public' THEN 'P' ELSE 'I' END, '' ORDER BY c.position, c.id) AS seq
       FROM "Comment" c JOIN "Issue" i ON i.id = c."issueId"
       WHERE i."organizationId" = $1 AND ($2::int IS NULL OR i."importJobId" = $2) AND i."requestTypeId" = ANY($3::int[])
       GROUP BY c."issueId") AS s`,
    input.organizationId,
    input.importJobId ?? null,
    input.types.map((type) => type.id),
  );
  const commentKinds = commentColumnSequence(sequences.map((row) => row.seq));
  const counters = { P: 0, I: 0 };
  const commentHeader = commentKinds.map((kind) => (kind === "P" ? `public_comment_${++counters.P}` : `internal_comment_${++counters.I}`));
  const questionIndex = new Map<number, number>();
  const questionHeader: string[] = [];
  for (const type of input.types) {
    for (const question of type.questions) {
      questionIndex.set(question.id, fixedColumns.length + commentHeader.length + questionHeader.length);
      questionHeader.push(questionColumn(question.text));
    }
  }
  return { header: [...fixedColumns, ...commentHeader, ...questionHeader], commentKinds, questionIndex };
}

/** The group's issues in id order, a page at a time. */
async function* issuesOf(db: Db, input: ExportGroup) {
  let after = 0;
  for (;;) {
    const issues = await db.issue.findMany({
      where: { organizationId: input.organizationId, ...(input.importJobId !== undefined ? { importJobId: input.importJobId } : {}), requestTypeId: { in: input.types.map((type) => type.id) }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: {
        id: true, requestTypeId: true, lat: true, lng: true, address: true, summary: true, description: true, reporterId: true,
        acknowledgeMessage: true, autoAssignment: true, createdAt: true, closedAt: true,
        reporter: { select: { email: true } },
        comments: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { visibility: true, body: true } },
        answers: { select: { questionId: true, value: true } },
      },
    });
    if (!issues.length) return;
    yield* issues;
    after = issues[issues.length - 1]!.id;
  }
}

type ExportedIssue = ReturnType<typeof issuesOf> extends AsyncGenerator<infer T> ? T : never;

/** One issue as a canonical row: a blank reporter for the generic user, a blank default acknowledgement. */
function issueFields(issue: ExportedIssue, layout: ExportLayout, titles: ReadonlyMap<number, string>, input: ExportGroup): string[] {
  const when = (date: Date | null) => (date ? formatInstant(date.getTime(), input.timeZone) : "");
  const ack = issue.acknowledgeMessage ?? "";
  const fields: string[] = [
    formatCoordinate(issue.lat),
    formatCoordinate(issue.lng),
    issue.address,
    titles.get(issue.requestTypeId) ?? "",
    issue.summary,
    issue.description,
    input.genericIds.has(issue.reporterId) ? "" : issue.reporter.email,
    when(issue.createdAt),
    ack === defaultAcknowledgeMessage ? "" : ack,
    when(issue.closedAt),
    issue.autoAssignment ? "Yes" : "No",
    ...layout.header.slice(fixedColumns.length).map(() => ""),
  ];
  const places = placeComments(layout.commentKinds, issue.comments.map((comment) => (comment.visibility === "public" ? "P" : "I")));
  issue.comments.forEach((comment, i) => {
    fields[fixedColumns.length + places[i]!] = comment.body;
  });
  for (const answer of issue.answers) {
    const at = layout.questionIndex.get(answer.questionId);
    if (at !== undefined) fields[at] = answer.value;
  }
  return fields;
}
