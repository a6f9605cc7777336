import { InputError } from "../input-error.js";
import { csv, jsonl } from "./generic.js";
import { seaHelmMmlu, seaHelmSafety } from "./sea-helm.js";
import type { Importer } from "./types.js";
import { vmlu } from "./vmlu.js";

/** Every format `vieval import` reads: a new one is one file and one line here. */
export const IMPORTERS: Importer[] = [seaHelmMmlu, seaHelmSafety, vmlu, jsonl, csv];

export function importerFor(format: string): Importer {
  const importer = IMPORTERS.find((i) => i.format === format);
  if (!importer) throw new InputError(`import: unknown format "${format}" (known: ${IMPORTERS.map((i) => i.format).join(", ")})`);
  return importer;
}
