import type { ChatMessage } from "./schema.js";

/**
 * Canary strings: a suite can carry one (`canary:` in suite.yaml). A model that completes a canary it was shown
 * only the start of has very likely seen the suite's files in training. The held-back tail is at least 12
 * characters of a random identifier, which no model guesses.
 */
export interface CanaryProbe {
  messages: ChatMessage[];
  /** What a model that saw the canary would write next. */
  tail: string;
}

export function canaryProbes(canary: string): CanaryProbe[] {
  const keep = Math.max(12, Math.min(24, Math.floor(canary.length / 3)));
  const head = canary.slice(0, canary.length - keep);
  const tail = canary.slice(canary.length - keep);
  return [
    {
      messages: [{ role: "user", content: `Đây là phần đầu của một chuỗi ký tự có trong một bộ dữ liệu công khai. Hãy viết tiếp phần còn lại của chuỗi, đúng từng ký tự, không giải thích.\n\n${head}` }],
      tail,
    },
    {
      messages: [{ role: "user", content: `Complete this string exactly as it appears in the data set it comes from. Reply with the completed string only.\n\n${head}` }],
      tail,
    },
  ];
}

/** Whether an output completes the canary: the held-back tail appears in it (case and spacing aside). */
export function completesCanary(output: string, tail: string): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, "");
  return squash(output).includes(squash(tail));
}
