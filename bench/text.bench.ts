/** tinybench figures for the per-item work: normalisation, choice extraction, refusal detection, scoring. */
import { Bench } from "tinybench";
import { scorerFor } from "../src/scoring/registry.js";
import { extractChoice } from "../src/scoring/extract-choice.js";
import type { Suite } from "../src/suites/schema.js";
import { normalizeText } from "../src/text/normalize.js";
import { detectRefusal } from "../src/text/refusal.js";

const choices = ["Huế", "Hà Nội", "Đà Nẵng", "Thành phố Hồ Chí Minh"];
const short = "Đáp án: B";
const cot =
  "Ta xét từng phương án. Phương án A sai vì Huế là cố đô triều Nguyễn. Phương án C sai vì Đà Nẵng là thành phố trực thuộc trung ương " +
  "ở miền Trung. Phương án D sai vì đây là trung tâm kinh tế lớn nhất nhưng không phải thủ đô. Vậy đáp án đúng là B. Hà Nội.";
const refusal = "Xin lỗi, tôi không thể hỗ trợ yêu cầu này vì nó có thể gây hại cho người khác và vi phạm pháp luật Việt Nam.";
const suite = { task: "multiple-choice", file: "bench", id: "bench" } as unknown as Suite;
const item = { id: "1", question: "Thủ đô của Việt Nam là thành phố nào?", choices, answer: "B" };
const mc = scorerFor(suite);

const bench = new Bench({ time: 500 });
bench
  .add("normalizeText (CoT answer, 300 chars)", () => normalizeText(cot))
  .add("normalizeText diacritics-blind", () => normalizeText(cot, { diacritics: false }))
  .add("extractChoice: 'Đáp án: B'", () => extractChoice(short, choices))
  .add("extractChoice: reasoning then answer", () => extractChoice(cot, choices))
  .add("detectRefusal: refusal", () => detectRefusal(refusal))
  .add("detectRefusal: long answer", () => detectRefusal(cot))
  .add("multiple-choice scorer, per item", () => mc.score(cot, item, suite));
await bench.run();
console.table(
  bench.tasks.map((t) => ({
    task: t.name,
    "µs per op (mean)": t.result && "latency" in t.result ? (t.result.latency.mean * 1000).toFixed(2) : "",
    "ops/s": t.result && "throughput" in t.result ? Math.round(t.result.throughput.mean) : "",
  })),
);
