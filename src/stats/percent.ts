/** A share in [0, 1] as a percentage with one decimal, or "–" when there is none. */
export const pct = (x: number): string => (Number.isFinite(x) ? (x * 100).toFixed(1) : "–");
