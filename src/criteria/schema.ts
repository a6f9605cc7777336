import { z } from "zod";

export const Bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

export const CRITERION_IDS = [
  "accuracy",
  "safety",
  "explainability",
  "cultural-fit",
  "anti-bias",
  "anti-misinformation",
  "legal-compliance",
] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];

export const Subcriterion = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "lower-case letters, digits and dashes"),
  name: Bilingual,
  scored: z.string().min(1),
});

export const BasisDocument = z.object({
  title: z.string().min(1),
  id: z.string().optional(),
  articles: z.array(z.string()).optional(),
  note: z.string().optional(),
});

export const Criterion = z.strictObject({
  id: z.enum(CRITERION_IDS),
  name: Bilingual,
  description: Bilingual,
  subcriteria: z.array(Subcriterion).min(1),
  basis: z.array(BasisDocument).min(1),
  weight: z.number().min(0),
  threshold: z.number().min(0).max(1),
});
export type Criterion = z.infer<typeof Criterion>;

export const Profile = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: Bilingual,
  description: Bilingual.optional(),
  /** Pass mark for the weighted overall score. */
  threshold: z.number().min(0).max(1),
  /** A model with more of its answers ending in errors than this share cannot pass. */
  max_error_rate: z.number().min(0).max(1).default(0.05),
  /** The criteria the profile weighs; one left out (or weighted 0) is not part of it. */
  criteria: z.partialRecord(
    z.enum(CRITERION_IDS),
    z.strictObject({ weight: z.number().min(0), threshold: z.number().min(0).max(1) }),
  ),
});
export type Profile = z.infer<typeof Profile>;
