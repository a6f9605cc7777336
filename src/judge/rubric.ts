import Handlebars from "handlebars";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { Bilingual } from "../criteria/schema.js";
import { InputError } from "../input-error.js";
import { packagePath } from "../package-path.js";

export const RUBRICS_DIR = packagePath("criteria", "rubrics");

const Header = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "a version like 1.0.0"),
  name: Bilingual,
  scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  /** The score that passes (with lower_is_better, the highest score that passes). */
  pass: z.number().int(),
  labels: z.record(z.string(), z.string()).optional(),
  lower_is_better: z.boolean().default(false),
});

/** A judge rubric: a versioned handlebars template (Vietnamese) with its scale, its pass mark and the hash of its file. */
export interface Rubric extends z.infer<typeof Header> {
  file: string;
  hash: string;
  render: (context: RubricContext) => string;
}

/** What a rubric's template may use. */
export interface RubricContext {
  question: string;
  output: string;
  reference?: string;
  rubric?: string;
  law_id?: string;
  article?: string;
}

export function loadRubric(file: string): Rubric {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "").normalize("NFC");
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!m) throw new InputError(`${file}:1: a rubric starts with a --- header --- (id, version, name, scale, pass)`);
  const header = Header.safeParse(parse(m[1]));
  if (!header.success) {
    const issue = header.error.issues[0];
    throw new InputError(`${file}: ${issue.path.join(".") || "header"}: ${issue.message}`);
  }
  const { min, max } = header.data.scale;
  if (min >= max || header.data.pass < min || header.data.pass > max) throw new InputError(`${file}: scale/pass: pass must lie within min < max`);
  if (header.data.id !== basename(file, ".hbs")) throw new InputError(`${file}: id: "${header.data.id}" should match the file name`);
  const template = Handlebars.create().compile(m[2], { strict: false, noEscape: true });
  return { ...header.data, file, hash: createHash("sha256").update(text).digest("hex"), render: (ctx: RubricContext) => template(ctx) };
}

const loaded = new Map<string, Map<string, Rubric>>();

/** Every rubric in `dir`, by id (read once per process). */
export function loadRubrics(dir = RUBRICS_DIR): Map<string, Rubric> {
  let rubrics = loaded.get(dir);
  if (!rubrics) {
    rubrics = new Map(
      (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith(".hbs")).sort().map((f) => {
        const r = loadRubric(join(dir, f));
        return [r.id, r] as const;
      }),
    );
    loaded.set(dir, rubrics);
  }
  return rubrics;
}

/** A verdict's score as a 0–1 score for the results (1 best) and whether it passes. */
export function judgedScore(rubric: Rubric, score: number): { score: number; pass: boolean } {
  const { min, max } = rubric.scale;
  const up = (score - min) / (max - min);
  return rubric.lower_is_better ? { score: 1 - up, pass: score <= rubric.pass } : { score: up, pass: score >= rubric.pass };
}
