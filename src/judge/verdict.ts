import { z } from "zod";
import type { Rubric } from "./rubric.js";

export const Verdict = z.object({ score: z.number().int(), reason: z.string().trim().min(1).max(2000) });
export type Verdict = z.infer<typeof Verdict>;

const TAG = /<verdict>\s*([\s\S]*?)\s*<\/verdict>/gi;

/**
 * The judge's verdict from its final answer: the last `<verdict>{…}</verdict>` outside quoted text (markdown
 * quotes, the `<answer>` it may echo, code blocks), provided nothing but whitespace follows it, else a JSON
 * object closing the reply. Anything else (a score
 * quoted earlier, a "5/5" in passing, an object that fails the schema or the rubric's scale) gives undefined.
 */
export function readVerdict(reply: string, rubric: Rubric): Verdict | undefined {
  const trimmed = reply.trim();
  // A fenced block that closes the reply is the judge's own answer; earlier fences quote something.
  const closing = /```[\w-]*\s*([\s\S]*?)```\s*$/.exec(trimmed);
  const body = closing ? trimmed.slice(0, closing.index) : trimmed;
  const own = [
    ...body.replace(/<answer>[\s\S]*?<\/answer>/gi, " ").replace(/```[\s\S]*?```/g, " ").split("\n").filter((line) => !/^\s*>/.test(line)),
    closing?.[1] ?? "",
  ].join("\n");
  const tags = [...own.matchAll(TAG)];
  const last = tags.at(-1);
  // The verdict must close the reply: a tag followed by more prose is one the judge mentions, not gives.
  if (last && !/^[\s*_`.]*$/.test(own.slice(last.index + last[0].length))) return undefined;
  const raw = last ? last[1] : /(\{[^{}]*\})\s*$/.exec(own.trim())?.[1];
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = Verdict.safeParse(value);
  if (!parsed.success) return undefined;
  const { min, max } = rubric.scale;
  return parsed.data.score >= min && parsed.data.score <= max ? parsed.data : undefined;
}
