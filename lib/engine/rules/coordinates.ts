import { quote, type RuleFinding } from "../problem.ts";
import type { AgencyArea } from "./request-type.ts";
import { decimalValue, isDecimalNumber } from "./number.ts";

/**
 * Coordinate rules, one problem per pair, the first that applies in this order (contract §2):
 * `required`, `invalid_number`, `coordinates_swapped`, `out_of_range`, `outside_boundary`.
 * `column` is `lat` or `lng` when one value is at fault and `lat,lng` when both are, and always
 * `lat,lng` for `coordinates_swapped` and `outside_boundary`; `value` follows `column` (the pair
 * is written `lat,lng` with the trimmed values).
 *
 * `area` is the boundary of the row's request type's agency; null when there is none (no
 * boundary, or an unknown request type): then only the ranges are checked, and
 * `coordinates_swapped` is never tested (contract §2: only when the row's agency has a boundary),
 * so `95,42.05` is `out_of_range` on lat.
 */
export function checkCoordinates(lat: string, lng: string, area: AgencyArea | null): RuleFinding | null {
  const blankLat = lat === "";
  const blankLng = lng === "";
  if (blankLat || blankLng) {
    return pairFinding("required", blankLat, blankLng, lat, lng, (column) =>
      column === "lat,lng"
        ? "lat and lng are required, but this row leaves them blank. A row without a location needs a fallback point, e.g. City Hall."
        : `${column} is required, but this row leaves it blank.`,
    );
  }

  // NaN when not a decimal number, else exactly Number(value).
  const latNum = decimalValue(lat);
  const lngNum = decimalValue(lng);
  const badLat = Number.isNaN(latNum);
  const badLng = Number.isNaN(lngNum);
  if (badLat || badLng) {
    return pairFinding("invalid_number", badLat, badLng, lat, lng, (column, value) =>
      column === "lat,lng"
        ? `lat ${quote(lat)} and lng ${quote(lng)} are not decimal degrees (e.g. 42.1015 and -72.5898).`
        : `${column} ${quote(value)} is not a decimal number of degrees (e.g. ${column === "lat" ? "42.1015" : "-72.5898"}).`,
    );
  }

  if (fits(latNum, lngNum, area)) return null;
  const pair = `${lat},${lng}`;

  if (area !== null && fits(lngNum, latNum, area)) {
    return {
      code: "coordinates_swapped",
      column: "lat,lng",
      value: pair,
      message: `lat and lng look swapped: the point is inside the ${area.agency} boundary when swapped. Swap the two values.`,
      hint: "lat and lng look swapped",
    };
  }

  const latOut = !inRange(latNum, 90);
  const lngOut = !inRange(lngNum, 180);
  if (latOut || lngOut) {
    return pairFinding("out_of_range", latOut, lngOut, lat, lng, (column) =>
      column === "lat,lng"
        ? `lat ${quote(lat)} and lng ${quote(lng)} are out of range: lat must be between -90 and 90, lng between -180 and 180.`
        : column === "lat"
          ? `lat ${quote(lat)} is out of range: a latitude is between -90 and 90.`
          : `lng ${quote(lng)} is out of range: a longitude is between -180 and 180.`,
    );
  }

  const agency = area?.agency ?? "agency";
  return {
    code: "outside_boundary",
    column: "lat,lng",
    value: pair,
    message: `The point is outside the ${agency} boundary.`,
  };
}

function inRange(value: number, limit: number): boolean {
  return value >= -limit && value <= limit;
}

/**
 * Whether `checkCoordinates` accepts a pair whose values read as these numbers (NaN: not a decimal
 * number): the per-row fast path, which reads the numbers from the values' bytes.
 */
export function acceptedCoordinates(lat: number, lng: number, area: AgencyArea | null): boolean {
  return fits(lat, lng, area);
}

function fits(lat: number, lng: number, area: AgencyArea | null): boolean {
  return inRange(lat, 90) && inRange(lng, 180) && (area === null || area.contains(lng, lat));
}

type PairColumn = "lat" | "lng" | "lat,lng";

/** A finding about lat or lng, or about both as `lat,lng` (with the pair as its value). */
function pairFinding(
  code: "required" | "invalid_number" | "out_of_range",
  latAtFault: boolean,
  lngAtFault: boolean,
  lat: string,
  lng: string,
  message: (column: PairColumn, value: string) => string,
): RuleFinding {
  const column: PairColumn = latAtFault && lngAtFault ? "lat,lng" : latAtFault ? "lat" : "lng";
  const value = column === "lat,lng" ? `${lat},${lng}` : column === "lat" ? lat : lng;
  return { code, column, value, message: message(column, value) };
}

/**
 * When the header has only one of `lat`/`lng` (a `missing_column` blocks the file), the present
 * one is still checked on its own: `required`, `invalid_number`, `out_of_range`.
 */
export function checkSingleCoordinate(column: "lat" | "lng", value: string): RuleFinding | null {
  if (value === "") {
    return { code: "required", column, value, message: `${column} is required, but this row leaves it blank.` };
  }
  if (!isDecimalNumber(value)) {
    return { code: "invalid_number", column, value, message: `${column} ${quote(value)} is not a decimal number of degrees.` };
  }
  const limit = column === "lat" ? 90 : 180;
  if (inRange(Number(value), limit)) return null;
  return {
    code: "out_of_range",
    column,
    value,
    message: `${column} ${quote(value)} is out of range: it must be between -${limit} and ${limit}.`,
  };
}
