import type { Estimate } from "../stats/bootstrap.js";

import { pct } from "../stats/percent.js";

export { pct };

/** `72.4 [68.1–76.5]` in percent. */
export const withCI = (e: Estimate | undefined): string =>
  e && Number.isFinite(e.score) ? `${pct(e.score)} [${pct(e.ci95[0])}–${pct(e.ci95[1])}]` : "–";
