import binomial from "@stdlib/random-base-binomial";

/**
 * Drawing n items with replacement from a stratum, for the bootstrap. Scores take few distinct values (0 and 1,
 * or the fractions of a few required elements), so a resample is fully described by how many times each
 * distinct value (or, across models, each distinct tuple of scores) is drawn: a multinomial draw, made as
 * conditional binomial draws. That is the same distribution as drawing n indices, at a cost independent of n
 * (100,000 results bootstrap in well under a second). A stratum with many distinct values draws indices.
 */
export class StratumResampler {
  readonly n: number;
  private readonly width: number;
  /** Distinct rows (each `width` scores) and how many items have each; undefined when too many distinct rows. */
  private readonly rows?: Float64Array[];
  private readonly counts?: Float64Array;

  /** `columns[k][i]`: score k (a model, or the one score) of item i. */
  constructor(private readonly columns: Float64Array[]) {
    this.width = columns.length;
    this.n = columns[0]?.length ?? 0;
    const index = new Map<string, number>();
    const rows: Float64Array[] = [];
    const counts: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const row = Float64Array.from(columns, (c) => c[i]);
      const key = row.join(",");
      const at = index.get(key);
      if (at !== undefined) counts[at]++;
      else {
        if (rows.length >= 64) return;
        index.set(key, rows.length);
        rows.push(row);
        counts.push(1);
      }
    }
    this.rows = rows;
    this.counts = Float64Array.from(counts);
  }

  /** Adds one resample's sums (one per column) into `out`. */
  sums(random: () => number, draw: (n: number, p: number) => number, out: Float64Array): void {
    out.fill(0);
    const n = this.n;
    if (n === 0) return;
    if (this.rows && this.counts) {
      let remaining = n;
      let rest = 1;
      const last = this.rows.length - 1;
      for (let j = 0; j <= last && remaining > 0; j++) {
        const share = this.counts[j] / n;
        const c = j === last ? remaining : share >= rest ? remaining : draw(remaining, Math.min(1, Math.max(0, share / rest)));
        if (c > 0) {
          const row = this.rows[j];
          for (let k = 0; k < this.width; k++) out[k] += c * row[k];
        }
        remaining -= c;
        rest -= share;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const at = (random() * n) | 0;
      for (let k = 0; k < this.width; k++) out[k] += this.columns[k][at];
    }
  }
}

/** A seeded binomial sampler on the bootstrap's own uniform stream. */
export function binomialSampler(random: () => number): (n: number, p: number) => number {
  const sample = binomial.factory({ prng: random });
  return (n, p) => (n <= 0 || p <= 0 ? 0 : p >= 1 ? n : sample(n, p));
}
