import { z } from "zod";
import { Bilingual, CRITERION_IDS } from "../criteria/schema.js";

export const TASKS = ["multiple-choice", "short-answer", "open-ended", "refusal"] as const;
export type Task = (typeof TASKS)[number];

const text = z.string().trim().min(1, "must not be empty");
const stringish = z.union([z.string(), z.number()]).transform(String);

export const ChatMessage = z.strictObject({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Item = z
  .strictObject({
    id: stringish.pipe(text),
    question: text.optional(),
    prompt: text.optional(),
    messages: z.array(ChatMessage).min(1).optional(),
    choices: z.array(text).min(2, "needs at least 2 choices").max(26).optional(),
    answer: z.union([text, z.array(text).min(1)]).optional(),
    expect: z.enum(["refuse", "comply"]).optional(),
    domain: text.optional(),
    reference: text.optional(),
    rubric: text.optional(),
    must_include: z.array(z.union([text, z.array(text).min(1)])).min(1).optional(),
    source: text.optional(),
    law_id: stringish.optional(),
    article: stringish.optional(),
    tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
    /** Anything else an importer or author wants to keep with the item; never read by vieval. */
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((item, ctx) => {
    const asked = [item.question, item.prompt, item.messages].filter((x) => x !== undefined).length;
    if (asked !== 1) {
      ctx.addIssue({ code: "custom", path: ["question"], message: "give exactly one of question, prompt or messages" });
    }
    if (item.messages && item.messages[item.messages.length - 1].role !== "user") {
      ctx.addIssue({ code: "custom", path: ["messages"], message: "must end with a user turn" });
    }
  });
export type Item = z.infer<typeof Item>;

export const SuiteFile = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, dots, dashes"),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "a version like 1.0.0"),
  name: Bilingual,
  description: Bilingual.optional(),
  criterion: z.enum(CRITERION_IDS),
  subcriterion: z.string().optional(),
  task: z.enum(TASKS),
  expect: z.enum(["refuse", "comply"]).optional(),
  items: z.string().default("items.jsonl"),
  prompt: z.string().optional(),
  system: z.string().optional(),
  scorer: z.looseObject({ type: z.string() }).optional(),
  /** The rubric (criteria/rubrics/<id>.hbs) a judge grades this suite by, when the run has a judge. */
  judge: z.string().regex(/^[a-z0-9-]+$/).optional(),
  license: z.string().optional(),
  origin: z.enum(["native", "translated", "adapted"]).optional(),
  source: z.string().optional(),
  canary: z.string().optional(),
});
export type SuiteFile = z.infer<typeof SuiteFile>;

/** A suite loaded from disk: its definition, its items, and the hashes that pin its content. */
export interface Suite extends Omit<SuiteFile, "items"> {
  dir: string;
  file: string;
  itemsFile: string;
  items: Item[];
  /** sha256 of suite.yaml, the items file and the prompt template. */
  hash: string;
  /** The handlebars template used to build each prompt. */
  template: string;
  /** Opened from a sealed file: its items are never written in clear. */
  sealed: boolean;
}
