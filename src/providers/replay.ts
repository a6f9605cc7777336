import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError, located } from "../input-error.js";
import { ProviderError, type Provider, type ProviderFactory } from "./types.js";

const Line = z.strictObject({
  id: z.union([z.string(), z.number()]).transform(String),
  suite: z.string().optional(),
  output: z.string(),
  model: z.string().optional(),
});

/** `replay:<file.jsonl>`: scores answers produced elsewhere, one `{"id","suite"?,"output"}` a line. */
export const replay: ProviderFactory = (file) => {
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch {
    throw new InputError(`${file}: cannot read replay file`);
  }
  const bySuiteItem = new Map<string, string>();
  const byItem = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new InputError(located(file, i + 1, undefined, `invalid JSON: ${(e as Error).message}`));
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(located(file, i + 1, issue.path.join(".") || undefined, issue.message));
    }
    const { id, suite, output } = parsed.data;
    const text = output.normalize("NFC");
    if (suite) bySuiteItem.set(`${suite}\u0000${id}`, text);
    else byItem.set(id, text);
  });
  const provider: Provider = {
    spec: `replay:${file}`,
    kind: "replay",
    model: file,
    cacheable: false,
    async generate({ context }) {
      const output = bySuiteItem.get(`${context.suiteId}\u0000${context.itemId}`) ?? byItem.get(context.itemId);
      if (output === undefined) throw new ProviderError("client", `no recorded output for ${context.suiteId}/${context.itemId}`);
      return { output };
    },
  };
  return provider;
};
