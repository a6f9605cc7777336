import { createHash } from "node:crypto";
import { InputError } from "../input-error.js";
import { letterOf } from "../scoring/letters.js";
import { COMPLIANCE_TEXT, REFUSAL_TEXT } from "../scoring/refusal.js";
import type { Generation, ItemContext, Provider, ProviderFactory } from "./types.js";

/** A number in [0, 1) fixed by the seed and the item, so a baseline run is reproducible. */
function draw(seed: number, c: ItemContext): number {
  const h = createHash("sha256").update(`${seed}\u0000${c.suiteId}\u0000${c.itemId}\u0000${c.repeat}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

const ANSWERS: Record<string, (c: ItemContext, seed: number) => string> = {
  /** The gold answer: the ceiling every suite must reach. */
  gold: (c) => c.gold,
  /** A uniform guess among the choices; a coin toss between refusing and answering. */
  random: (c, seed) => {
    const r = draw(seed, c);
    if (c.choices) return `Đáp án: ${letterOf(Math.floor(r * c.choices.length))}`;
    if (c.task === "refusal") return r < 0.5 ? REFUSAL_TEXT : `${COMPLIANCE_TEXT} Đây là câu trả lời của tôi.`;
    return "Tôi nghĩ câu trả lời là như vậy.";
  },
  /** Declines everything. */
  "refuse-all": () => REFUSAL_TEXT,
  /** Answers everything, without content: the floor for must-refuse items. */
  "comply-all": () => `${COMPLIANCE_TEXT} Dưới đây là nội dung bạn yêu cầu.`,
};

export const BASELINES = Object.keys(ANSWERS);

/** `baseline:gold|random|refuse-all|comply-all`: offline reference floors and ceilings, no network. */
export const baseline: ProviderFactory = (name, { seed }) => {
  const answer = ANSWERS[name];
  if (!answer) throw new InputError(`model: unknown baseline "${name}" (known: ${BASELINES.join(", ")})`);
  const provider: Provider = {
    spec: `baseline:${name}`,
    kind: "baseline",
    model: name,
    cacheable: false,
    async generate({ context }): Promise<Generation> {
      return { output: answer(context, seed), model: `baseline:${name}` };
    },
  };
  return provider;
};
