// Distinct, colour-blind-friendly hues (Okabe–Ito) for agency boundaries.
const palette = ["#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

export function agencyColor(index: number): string {
  return palette[index % palette.length]!;
}
