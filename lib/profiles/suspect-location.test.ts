import { describe, expect, it } from "vitest";
import { SuspectLocationCounter } from "./suspect-location.ts";

/** Rows as [lat, lng]; returns the rows that get suspect_location. */
function suspects(points: [string, string][], totalRows = points.length): number[] {
  const counter = new SuspectLocationCounter();
  points.forEach(([lat, lng], i) => counter.add(i + 1, i + 2, lat, lng));
  const rows = [...counter.finish(totalRows)].map((s) => s.row);
  expect(counter.any(totalRows), "any() agrees with finish()").toBe(rows.length > 0);
  return rows;
}

const centre: [string, string] = ["42.3594", "-71.0587"];
const unique = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [`42.${1000 + i}`, `-71.${2000 + i}`]);

describe("suspect_location", () => {
  it.each<[string, [string, string][], number | undefined, number[]]>([
    ["5 rows on one point in a small file", [centre, centre, centre, centre, centre], undefined, [1, 2, 3, 4, 5]],
    ["4 rows are too few", [centre, centre, centre, centre, ...unique(2)], undefined, []],
    ["5 rows of 300 are under 2 %", [centre, centre, centre, centre, centre], 300, []],
    ["6 rows of 300 are 2 %", [centre, centre, centre, centre, centre, centre], 300, [1, 2, 3, 4, 5, 6]],
    ["the same number written differently is the same point", [centre, ["42.35940", "-71.05870"], centre, centre, ["+42.3594", "-71.0587"]], undefined, [1, 2, 3, 4, 5]],
    ["blank and non-numeric coordinates are no point", [["", ""], ["", ""], ["", ""], ["", ""], ["", ""], ["x", "y"]], undefined, []],
    ["only the rows on the point", [...unique(2), centre, centre, centre, centre, centre], undefined, [3, 4, 5, 6, 7]],
  ])("%s", (_, points, total, rows) => {
    expect(suspects(points, total)).toEqual(rows);
  });

  it("names the point, its count and share, on the given column", () => {
    const counter = new SuspectLocationCounter();
    for (let i = 1; i <= 5; i++) counter.add(i, i + 1, ...centre);
    const [first] = counter.finish(10, "Latitude,Longitude");
    expect(first).toMatchObject({ row: 1, line: 2, finding: { code: "suspect_location", column: "Latitude,Longitude", value: "42.3594,-71.0587" } });
    expect(first!.finding.message).toContain("5 rows (50 % of the file)");
  });

  it("grows past its first block of rows", () => {
    const counter = new SuspectLocationCounter();
    for (let i = 1; i <= 5000; i++) counter.add(i, i + 1, ...(i % 10 === 0 ? centre : [`41.${i}`, `-70.${i}`] as [string, string]));
    expect([...counter.finish(5000)]).toHaveLength(500);
  });
});
