import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError, located } from "../input-error.js";
import { ProviderError, type Provider, type ProviderFactory } from "./types.js";

const Line = z.strictObject({
  id: z.union([z.string(), z.number()], { error: "needs the item's id (a string or number)" }).transform(String),
  suite: z.string().optional(),
  output: z.string(),
  model: z.string().optional(),
});

/** A line of a vieval results.jsonl: replayed by its suite, item and repeat; one that ended in an error has no answer. */
const ResultLine = z.looseObject({
  run: z.string(),
  model: z.string(),
  suite: z.string(),
  itemId: z.string(),
  repeat: z.number().int().min(0),
  output: z.string(),
  error: z.string().nullable(),
});

/**
 * `replay:<file.jsonl>`: scores answers produced elsewhere, one `{"id","suite"?,"output"}` a line, or a results.jsonl
 * vieval wrote (one model's answers).
 */
export const replay: ProviderFactory = (file) => {
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch {
    throw new InputError(`${file}: cannot read replay file`);
  }
  const bySuiteItem = new Map<string, string>();
  const byItem = new Map<string, string>();
  const models = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new InputError(located(file, i + 1, undefined, `invalid JSON: ${(e as Error).message}`));
    }
    const asResult = typeof json === "object" && json !== null && "itemId" in json && "run" in json;
    const parsed = (asResult ? ResultLine : Line).safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(located(file, i + 1, issue.path.join(".") || undefined, issue.message));
    }
    if ("itemId" in parsed.data) {
      const r = parsed.data;
      models.add(r.model);
      if (!r.error) bySuiteItem.set(`${r.suite}\u0000${r.itemId}${r.repeat ? `\u0000${r.repeat}` : ""}`, r.output.normalize("NFC"));
      return;
    }
    const { id, suite, output } = parsed.data;
    const text = output.normalize("NFC");
    if (suite) bySuiteItem.set(`${suite}\u0000${id}`, text);
    else byItem.set(id, text);
  });
  if (models.size > 1) {
    throw new InputError(`${file}: holds the answers of ${models.size} models (${[...models].join(", ")}): replay one model's lines at a time`);
  }
  const provider: Provider = {
    spec: `replay:${file}`,
    kind: "replay",
    model: file,
    cacheable: false,
    async generate({ context }) {
      const key = `${context.suiteId}\u0000${context.itemId}`;
      const output = (context.repeat ? bySuiteItem.get(`${key}\u0000${context.repeat}`) : undefined) ?? bySuiteItem.get(key) ?? byItem.get(context.itemId);
      if (output === undefined) throw new ProviderError("client", `no recorded output for ${context.suiteId}/${context.itemId}`);
      return { output };
    },
  };
  return provider;
};
