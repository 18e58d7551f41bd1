import { detach, type Problem } from "../problem.ts";
import { DEFERRED_TEXT, withText, type TextContext } from "../deferred-text.ts";
import { isStandardProblem } from "./json-report.ts";
import { clearArray } from "../../utils/clear-array.ts";

// Problems packed to cross to another thread (the JSON report's writer, JsonReportThread's worker,
// from the thread that validates or from a block's: SegmentValidator's "packed" results):
// ProblemPacker on one side, ProblemUnpacker and its PackedReader on the other.

/**
 * Problems packed for a worker. The structured clone costs a tag and a copy for every value it
 * sends, and most of a problem repeats (severity, code, file, column): a problem of the usual
 * shape goes as numbers in `ints` (the repeated strings as their number in the packer's `names`,
 * each name sent once, with the batch it first appears in) and its own strings (value, message,
 * hint) joined into one string, cut again by their lengths (a string each cost the clone ~180 ns,
 * a cons string a flattened copy first); any other problem goes as itself, in `others`.
 */
export type PackedProblems = {
  /**
   * Per problem, INTS_PER_PROBLEM numbers: severity, code, file, row, line, column, and the
   * lengths of its value, message and hint in `texts` (NULL for a null line, column or value, or
   * no hint); or OTHER and its place in `others`.
   */
  ints: Int32Array;
  count: number;
  /** Value, message and hint of each problem of the usual shape, one after the other. */
  texts: string;
  others: Problem[];
  /** Names first used in this batch, numbered on from the names sent before. */
  names: string[];
  /** What the texts of deferred problems (message length DEFERRED) are made with. */
  context: TextContext | null;
};

/**
 * What a batch holds at most: BATCH_PROBLEMS problems, or BATCH_TEXT_CHARS characters of their
 * texts, whichever comes first (`ProblemPacker.full`). The texts stay out of V8's large-object
 * space, which only a full GC frees (batches of 4096 usual problems, ~1 MB of texts, cost ~1 s
 * more and ~40 MB more memory on the every-row-error file). A usual problem brings ~250
 * characters (256 fill the budget); a deferred one only its value (~20), so a file of them sends
 * a quarter as many messages, each a wake-up of the writer (~20 µs of the sending thread).
 */
export const BATCH_PROBLEMS = 1024;
export const BATCH_TEXT_CHARS = 64 * 1024;
/**
 * Texts joined at least every so many strings: sparse problems can wait in a batch through many
 * collections, and what they keep should be their text, not the chunk slices they were cut from
 * (~30 MB of promoted garbage on the bench's 1%-error file when nothing was joined until the
 * batch was taken); a join for each row's problems cost the every-row-error file ~0.1 s.
 */
const JOIN_STRINGS = 64;

const INTS_PER_PROBLEM = 9;
const OTHER = -1;
const NULL = -1;
/** A message length that says the problem's text is deferred (lib/engine/deferred-text.ts): the unpacker makes it. */
const DEFERRED = -2;

/** Packs problems into batches, numbering the repeated strings once per run. */
export class ProblemPacker {
  private readonly numbers = new Map<string, number>();
  /**
   * The last name looked up for each of severity, code, file and column, and its number: a file
   * with a fault on every row brings the same four a million times, and `===` on the same string
   * is a pointer comparison where the map hashed (~80 ms on the every-row-error file).
   */
  private readonly lastNames: (string | null)[] = [null, null, null, null];
  private readonly lastNumbers = new Int32Array(4);
  private textChars = 0;
  private ints = new Int32Array(1024 * INTS_PER_PROBLEM);
  private count = 0;
  /** The texts joined every JOIN_STRINGS strings or so (flat copies: the problems' own strings can die young). */
  private texts: string[] = [];
  private readonly added: string[] = [];
  private others: Problem[] = [];
  private names: string[] = [];
  /** Set when the problems may come with their text deferred (ProblemSink's `acceptDeferredTexts`). */
  textContext: TextContext | null = null;

  get size(): number {
    return this.count;
  }

  /** Whether the batch is as big as it gets (BATCH_PROBLEMS, BATCH_TEXT_CHARS): `take` it. */
  get full(): boolean {
    return this.count >= BATCH_PROBLEMS || this.textChars >= BATCH_TEXT_CHARS;
  }

  add(problems: readonly Problem[]): void {
    const added = this.added;
    for (let i = 0; i < problems.length; i++) {
      const p = problems[i]!;
      if (this.count * INTS_PER_PROBLEM === this.ints.length) {
        const grown = new Int32Array(this.ints.length * 2);
        grown.set(this.ints);
        this.ints = grown;
      }
      const at = this.count++ * INTS_PER_PROBLEM;
      const { row, line } = p;
      // Rows and lines as 32-bit numbers (a row past 2^31 goes as itself).
      if (!isStandardProblem(p) || (row | 0) !== row || row < 0 || (line !== null && ((line | 0) !== line || line < 0))) {
        this.ints[at] = OTHER;
        this.ints[at + 1] = this.others.length;
        this.others.push(ownedAsItIs(this.textContext ? withText(p, this.textContext) : p));
        continue;
      }
      this.ints[at] = this.numberAt(0, p.severity);
      this.ints[at + 1] = this.numberAt(1, p.code);
      this.ints[at + 2] = this.numberAt(2, p.file);
      this.ints[at + 3] = row;
      this.ints[at + 4] = line === null ? NULL : line;
      this.ints[at + 5] = p.column === null ? NULL : this.numberAt(3, p.column);
      const { value, message, hint } = p;
      this.ints[at + 6] = value === null ? NULL : value.length;
      if (message === DEFERRED_TEXT) {
        // Only the value goes: the writer makes the text (the bulk of a deferred problem's bytes).
        this.ints[at + 7] = DEFERRED;
        this.ints[at + 8] = NULL;
        added.push(value ?? "");
        this.textChars += value === null ? 0 : value.length;
        continue;
      }
      this.ints[at + 7] = message.length;
      this.ints[at + 8] = hint === undefined ? NULL : hint.length;
      added.push(value ?? "", message, hint ?? "");
      this.textChars += (value === null ? 0 : value.length) + message.length + (hint === undefined ? 0 : hint.length);
    }
    if (added.length >= JOIN_STRINGS) this.joinAdded();
  }

  /** The texts added since the last join, as one flat string. */
  private joinAdded(): void {
    if (this.added.length === 0) return;
    this.texts.push(this.added.join(""));
    clearArray(this.added);
  }

  /** The batch so far, and a new one started. */
  take(): PackedProblems {
    this.joinAdded();
    const batch: PackedProblems = {
      ints: this.ints.slice(0, this.count * INTS_PER_PROBLEM),
      count: this.count,
      texts: this.texts.join(""),
      others: this.others,
      names: this.names,
      context: this.textContext,
    };
    this.count = 0;
    this.textChars = 0;
    this.texts = [];
    this.others = [];
    this.names = [];
    return batch;
  }

  /** `number`, remembering the last name of field `field`. */
  private numberAt(field: number, name: string): number {
    if (name === this.lastNames[field]) return this.lastNumbers[field]!;
    const n = this.number(name);
    this.lastNames[field] = name;
    this.lastNumbers[field] = n;
    return n;
  }

  private number(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.numbers.size;
      this.numbers.set(name, n);
      this.names.push(name);
    }
    return n;
  }
}

/**
 * A copy of a problem of another shape, its keys in the same order, that owns its strings: a
 * row's problems are transient (slices of the chunk read), and a batch may wait until the end.
 */
function ownedAsItIs(problem: Problem): Problem {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(problem)) copy[key] = typeof value === "string" ? detach(value) : value;
  return copy as Problem;
}

/**
 * The problems of packed batches, in order (the names sent so far kept between batches). A
 * segment's batches (SegmentValidator's "packed" results) number their names on their own: each
 * segment is read with an unpacker of its own.
 */
export class ProblemUnpacker {
  private readonly names: string[] = [];

  /** A reader of the batch's problems (its names taken in). Batches are read in the order packed. */
  reader(batch: PackedProblems): PackedReader {
    for (const name of batch.names) this.names.push(name);
    return new PackedReader(batch, this.names);
  }

  unpack(batch: PackedProblems): Problem[] {
    const reader = this.reader(batch);
    const problems: Problem[] = [];
    while (reader.next()) problems.push(reader.problem());
    return problems;
  }
}

/**
 * A packed batch's problems, one at a time: the parts of a deferred one (JsonReportStream writes a
 * missing offset from them and a template, its value read where it lies in `texts`: no string
 * sliced, no Problem made), or the Problem itself, made only when asked for.
 */
export class PackedReader {
  private index = -1;
  private at = 0;
  /** Where the current problem's strings start in `texts`, and where the next one's do. */
  private textAt = 0;
  private nextText = 0;

  constructor(
    private readonly batch: PackedProblems,
    private readonly names: readonly string[],
  ) {}

  /** Problems moved to so far (`next` calls that gave true). */
  get read(): number {
    return Math.min(this.index + 1, this.batch.count);
  }

  /** Moves to the next problem; false past the last. */
  next(): boolean {
    if (++this.index >= this.batch.count) return false;
    const ints = this.batch.ints;
    const at = (this.at = this.index * INTS_PER_PROBLEM);
    this.textAt = this.nextText;
    if (ints[at] !== OTHER) for (let k = 6; k <= 8; k++) if (ints[at + k]! > 0) this.nextText += ints[at + k]!;
    return true;
  }

  /**
   * The current problem is deferred, and has a value (`valueLength` long at `valueAt` in `texts`),
   * a line and a column.
   */
  get deferred(): boolean {
    const { ints } = this.batch;
    const at = this.at;
    return ints[at] !== OTHER && ints[at + 7] === DEFERRED && ints[at + 6] !== NULL && ints[at + 4] !== NULL && ints[at + 5] !== NULL;
  }

  get texts(): string {
    return this.batch.texts;
  }

  get code(): string {
    return this.names[this.batch.ints[this.at + 1]!]!;
  }

  get file(): string {
    return this.names[this.batch.ints[this.at + 2]!]!;
  }

  get row(): number {
    return this.batch.ints[this.at + 3]!;
  }

  /** The line, when `deferred` (as `column`). */
  get line(): number {
    return this.batch.ints[this.at + 4]!;
  }

  get column(): string {
    return this.names[this.batch.ints[this.at + 5]!]!;
  }

  get valueAt(): number {
    return this.textAt;
  }

  get valueLength(): number {
    return this.batch.ints[this.at + 6]!;
  }

  /** The current problem, made whole. */
  problem(): Problem {
    const { ints, texts, others } = this.batch;
    const at = this.at;
    if (ints[at] === OTHER) return others[ints[at + 1]!]!;
    const names = this.names;
    let from = this.textAt;
    const text = (length: number): string | null => {
      if (length === NULL) return null;
      from += length;
      return texts.slice(from - length, from);
    };
    // The keys in the type's order, as makeProblem makes them: problemText's fast path.
    const line = ints[at + 4]!;
    const column = ints[at + 5]!;
    // A deferred problem came with its value only: its text is made by the stream that writes it.
    const deferred = ints[at + 7] === DEFERRED;
    const problem: Problem = {
      severity: names[ints[at]!] as Problem["severity"],
      code: names[ints[at + 1]!] as Problem["code"],
      file: names[ints[at + 2]!]!,
      row: ints[at + 3]!,
      line: line === NULL ? null : line,
      column: column === NULL ? null : names[column]!,
      value: text(ints[at + 6]!),
      message: deferred ? DEFERRED_TEXT : text(ints[at + 7]!)!,
    };
    const hint = deferred ? null : text(ints[at + 8]!);
    if (hint !== null) problem.hint = hint;
    return problem;
  }
}
