import type { RuleFinding } from "../engine/problem.ts";

/**
 * `suspect_location` (contract §3): many rows on one exact point, a geocoder's fallback such as
 * the city centre. It needs counts over the whole file, so it is a summary finding: rows are
 * added while streaming (12 bytes each, about 36 per distinct point) and the
 * findings come at the end, one per affected row. It reads plain lat/lng text, so it works on
 * a conversion's output and on canonical files alike.
 */

export const SUSPECT_MIN_ROWS = 5;
export const SUSPECT_MIN_SHARE = 0.02;

export type SuspectRow = { row: number; line: number; finding: RuleFinding };

export class SuspectLocationCounter {
  // Distinct points in an open-addressing table keyed by the two coordinates' exact doubles:
  // no string or Map entry per point (a Map of a million "lat,lng" keys cost ~100 MB).
  private slots = new Int32Array(4096).fill(-1);
  private coords = new Float64Array(2048);
  private counts = new Int32Array(1024);
  private points = 0;
  private rows = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private pointOf = new Int32Array(1024);
  private size = 0;

  /** A row's coordinates; blank or non-numeric ones are not a point and are ignored. */
  add(row: number, line: number, lat: string, lng: string): void {
    if (lat === "" || lng === "") return;
    const y = Number(lat);
    const x = Number(lng);
    if (!Number.isFinite(y) || !Number.isFinite(x)) return;
    const id = this.pointId(y + 0, x + 0); // + 0 makes -0 and 0 one point
    this.counts[id]!++;
    if (this.size === this.rows.length) {
      this.rows = grown(this.rows, this.size * 2);
      this.lines = grown(this.lines, this.size * 2);
      this.pointOf = grown(this.pointOf, this.size * 2);
    }
    this.rows[this.size] = row;
    this.lines[this.size] = line;
    this.pointOf[this.size] = id;
    this.size++;
  }

  /**
   * One finding per row on a suspect point, in row order, made as they are read (a file whose
   * rows all sit on a few points would otherwise hold a million findings). Rows on one point
   * share its value and message. `column` names the coordinate column(s).
   */
  *finish(totalRows: number, column = "lat,lng"): Generator<SuspectRow> {
    const suspect = new Map<number, { value: string; message: string }>();
    for (let id = 0; id < this.points; id++) {
      const count = this.counts[id]!;
      if (count < SUSPECT_MIN_ROWS || count < SUSPECT_MIN_SHARE * totalRows) continue;
      const value = `${this.coords[2 * id]},${this.coords[2 * id + 1]}`;
      const share = Math.round((count / totalRows) * 1000) / 10;
      suspect.set(id, { value, message: `${count} rows (${share} % of the file) share the exact point ${value}: probably a geocoder's fallback such as the city centre. The row is kept; check its location.` });
    }
    if (suspect.size === 0) return;
    for (let i = 0; i < this.size; i++) {
      const point = suspect.get(this.pointOf[i]!);
      if (point) yield { row: this.rows[i]!, line: this.lines[i]!, finding: { code: "suspect_location", column, value: point.value, message: point.message } };
    }
  }

  /** Whether any point is suspect, without making the findings. */
  any(totalRows: number): boolean {
    for (let id = 0; id < this.points; id++) if (this.counts[id]! >= SUSPECT_MIN_ROWS && this.counts[id]! >= SUSPECT_MIN_SHARE * totalRows) return true;
    return false;
  }

  private pointId(y: number, x: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(y, x) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id === -1) break;
      if (this.coords[2 * id] === y && this.coords[2 * id + 1] === x) return id;
    }
    const id = this.points++;
    if (id === this.counts.length) {
      this.counts = grown(this.counts, id * 2);
      const coords = new Float64Array(id * 4);
      coords.set(this.coords);
      this.coords = coords;
    }
    this.coords[2 * id] = y;
    this.coords[2 * id + 1] = x;
    this.place(id);
    if (this.points * 2 > this.slots.length) this.rehash();
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = hash(this.coords[2 * id]!, this.coords[2 * id + 1]!) & mask;
    while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
    this.slots[slot] = id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let id = 0; id < this.points; id++) this.place(id);
  }
}

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

function hash(y: number, x: number): number {
  bits[0] = y;
  let h = Math.imul(words[0]! ^ (words[1]! >>> 7), 0x9e3779b1);
  bits[0] = x;
  h = Math.imul(h ^ words[0]! ^ (words[1]! << 3), 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

function grown(from: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}
