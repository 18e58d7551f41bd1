import { describe, expect, it } from "vitest";
import { initialBox, outliersOf } from "./map-view";

const square = { boundary: { type: "Polygon", coordinates: [[[-72.7, 42.0], [-72.4, 42.0], [-72.4, 42.2], [-72.7, 42.2], [-72.7, 42.0]]] } as never };
const point = (id: string, lat: number, lng: number) => ({ id, lat, lng, error: false, label: id });

describe("the import map's view", () => {
  it("fits the boundaries, not a swapped point far away, and lists that point", () => {
    const points = [point("a", 42.1, -72.5), point("swapped", -72.5, 42.1), point("near", 42.25, -72.5), point("sea", 0, 0)];
    // The boundaries and the point just outside them; not the swapped one, not the one at sea.
    expect(initialBox([square], points)).toEqual({ south: 42.0, west: -72.7, north: 42.25, east: -72.4 });
    expect(outliersOf([square], points).map((p) => p.id)).toEqual(["swapped", "sea"]);
  });

  it("without boundaries fits every point on earth and lists only those off it", () => {
    const points = [point("a", 42.1, -72.5), point("b", 40, -74), point("off", 95, 42.05)];
    expect(initialBox([{ boundary: null }], points)).toEqual({ south: 40, west: -74, north: 42.1, east: -72.5 });
    expect(outliersOf([{ boundary: null }], points).map((p) => p.id)).toEqual(["off"]);
  });
});
