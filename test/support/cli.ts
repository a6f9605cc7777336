import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

export const tempDir = (prefix = "vieval-"): string => mkdtempSync(join(tmpdir(), prefix));

/** Run the CLI in this process and return its exit code. */
export const vieval = (...args: string[]): Promise<number> => main(args);

export const readJsonl = <T = Record<string, unknown>>(file: string): T[] =>
  readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

/** Items of the mini-mcq fixture by question text, so a fake server knows which item it is asked. */
export function fixtureItems(suite = "mini-mcq"): Map<string, { id: string; answer: string; question: string }> {
  const items = readJsonl<{ id: string; answer: string; question: string }>(join(__dirname, "..", "fixtures", suite, "items.jsonl"));
  return new Map(items.map((i) => [i.id, i]));
}

/** The item id a chat request asks about, found by its question text. */
export function itemAsked(body: { messages: { content: string }[] }, items: Map<string, { id: string; question: string }>): string {
  const text = body.messages[body.messages.length - 1].content;
  let best = "";
  for (const item of items.values()) if (text.startsWith(item.question + "\n") && item.question.length > (items.get(best)?.question.length ?? 0)) best = item.id;
  return best;
}
