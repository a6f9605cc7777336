import { describe, expect, it } from "vitest";
import { scorerFor } from "../../src/scoring/registry.js";
import type { Item, Suite } from "../../src/suites/schema.js";

const suite = { id: "s", task: "open-ended" } as Suite;
const scorer = scorerFor(suite);
const item: Item = { id: "x", question: "?", must_include: [["bị cấm kết hôn", "cấm kết hôn"], ["Điều 5"]] };

describe("must-include", () => {
  it("counts an element stated, not one denied", () => {
    expect(scorer.score("Người đang có vợ bị cấm kết hôn với người khác (Điều 5).", item, suite)).toMatchObject({ score: 1, pass: true });
    expect(scorer.score("Người này không bị cấm kết hôn, theo Điều 5.", item, suite)).toMatchObject({ score: 0.5, pass: false });
    expect(scorer.score("Không, họ không bị cấm kết hôn; nhưng người đang có vợ thì bị cấm kết hôn (Điều 5).", item, suite)).toMatchObject({ score: 1 });
  });

  it("keeps elements that are themselves negations", () => {
    const neg: Item = { id: "y", question: "?", must_include: [["không được từ chối"]] };
    expect(scorer.score("Bệnh viện không được từ chối cấp cứu người bệnh.", neg, suite)).toMatchObject({ score: 1, pass: true });
  });
});
