type Ring = [number, number][];

/** A closed, star-shaped, jagged ring around (cx, cy), like a real city limit. */
export function wobblyRing(cx: number, cy: number, radius: number, vertices: number, random: () => number): Ring {
  const ring: Ring = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    const r = radius * (1 + 0.25 * Math.sin(7 * angle) + 0.1 * Math.sin(31 * angle) + 0.05 * (random() - 0.5));
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}
