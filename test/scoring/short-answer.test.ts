import { describe, expect, it } from "vitest";
import { scorerFor } from "../../src/scoring/registry.js";
import type { Item, Suite } from "../../src/suites/schema.js";

const suite = { id: "s", task: "short-answer" } as Suite;
const scorer = scorerFor(suite);
const item = (answer: string[]): Item => ({ id: "x", question: "?", answer });
const score = (output: string, answer: string[]) => scorer.score(output, item(answer), suite);

describe("short answer", () => {
  it.each([
    ["2/9/1945", ["2/9/1945"]],
    ["Ngày 2/9/1945.", ["2/9/1945"]],
    ["Tác giả là **Nguyễn Trãi**, không phải Lê Lợi.", ["Nguyễn Trãi"]],
    ["Tiền điện: 500.000 + 410.000 = 910.000 đồng", ["910.000"]],
    ["Bước 1: 910.000 đồng. Bước 2: trừ 60.000. Đáp số: 850.000 đồng.", ["850.000"]],
    ["nguyen trai", ["Nguyễn Trãi", "nguyen trai"]],
  ])("%s passes for %s", (output, answer) => {
    expect(score(output, answer)).toMatchObject({ score: 1, pass: true });
  });

  it.each([
    ["9/2/1945", ["2/9/1945"]], // same tokens, other order: a different date
    ["Không phải 910.000 đồng mà là 850.000 đồng.", ["910.000"]],
    ["Không phải Nguyễn Trãi.", ["Nguyễn Trãi"]],
    ["Bước 1: 910.000 đồng. Bước 2: trừ 60.000. Đáp số: 850.000 đồng.", ["910.000"]], // an intermediate figure
  ])("%s fails for %s, scoring below 1", (output, answer) => {
    const r = score(output, answer);
    expect(r.pass).toBe(false);
    expect(r.score).toBeLessThan(1);
  });
});
