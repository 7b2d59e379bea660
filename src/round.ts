/** Percent with one decimal, the precision reported and gated on. */
export function roundPercent(value: number): number {
  return Math.round(value * 10) / 10;
}
