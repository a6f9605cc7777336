import { parseString } from "fast-csv";
import { located } from "../input-error.js";

/** One raw record with the line it starts on. */
export interface RawRecord {
  line: number;
  value: unknown;
}

export interface ReadOutcome {
  records: RawRecord[];
  problems: string[];
}

export function readJsonl(file: string, text: string): ReadOutcome {
  const records: RawRecord[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      records.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (e) {
      problems.push(located(file, i + 1, undefined, `invalid JSON: ${(e as Error).message}`));
    }
  });
  return { records, problems };
}

/**
 * The line each CSV record starts on, honouring quoted fields that hold newlines (a quote opens a field
 * only at its start, as RFC 4180 has it); the line of a quote left open, if any; and the first line where a
 * quoted field goes on after its closing quote (`"say "hi" now"`: a quote inside is written `""`).
 */
function recordStartLines(text: string): { starts: number[]; unclosedAt?: number; strayQuoteAt?: number } {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let atStart = true;
  let fieldStart = true;
  let closed = false;
  let strayQuoteAt: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (atStart && ch !== "\n" && ch !== "\r") {
      starts.push(line);
      atStart = false;
    }
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else {
          inQuotes = false;
          closed = true;
        }
      } else if (ch === "\n") line++;
      continue;
    }
    if (closed) {
      // Spaces may follow a closing quote (the parser drops them); anything else but the field's end may not.
      if (ch === " " || ch === "\t") continue;
      if (ch !== "," && ch !== "\n" && ch !== "\r") strayQuoteAt ??= line;
      closed = false;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      quoteLine = line;
    } else if (ch === ",") {
      fieldStart = true;
      continue;
    } else if (ch === "\n") {
      line++;
      atStart = true;
      fieldStart = true;
      continue;
    }
    if (ch !== "\r") fieldStart = false;
  }
  return inQuotes ? { starts, unclosedAt: quoteLine, strayQuoteAt } : { starts, strayQuoteAt };
}

/**
 * CSV with a header row. By default a suite's columns: `A`, `B`, `C`… become `choices`; `a|b` lists and
 * `k=v;k=v` tags are split. `toValue` keeps the rows as they are for importers.
 */
export async function readCsv(
  file: string,
  text: string,
  toValue: (row: Record<string, string>) => unknown = csvRowToItem,
): Promise<ReadOutcome> {
  const problems: string[] = [];
  const { starts, unclosedAt, strayQuoteAt } = recordStartLines(text);
  if (strayQuoteAt !== undefined && (unclosedAt === undefined || strayQuoteAt <= unclosedAt)) {
    return { records: [], problems: [located(file, strayQuoteAt, undefined, 'a quoted field goes on after its closing quote (inside quotes, write a quote as "")')] };
  }
  if (unclosedAt !== undefined) return { records: [], problems: [located(file, unclosedAt, undefined, "a quoted field is never closed")] };
  const records: RawRecord[] = [];
  let index = 0; // records seen so far, valid or not; starts[0] is the header
  try {
    await new Promise<void>((resolve, reject) => {
      parseString(text, { headers: true, ignoreEmpty: true, trim: false, strictColumnHandling: true })
        .on("error", reject)
        .on("data", (row: Record<string, string>) => {
          index++;
          records.push({ line: starts[index] ?? 0, value: toValue(row) });
        })
        .on("data-invalid", () => {
          index++;
          problems.push(located(file, starts[index], undefined, "wrong number of columns"));
        })
        .on("end", () => resolve());
    });
  } catch (e) {
    const line = starts[index + 1];
    return { records, problems: [...problems, located(file, line, undefined, `invalid CSV: ${(e as Error).message.split("\n")[0]}`)] };
  }
  return { records, problems };
}

function csvRowToItem(row: Record<string, string>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const choices: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(row)) {
    const key = rawKey.trim();
    const value = rawValue ?? "";
    if (value.trim() === "") continue;
    if (/^[A-Z]$/.test(key)) {
      choices[key.charCodeAt(0) - 65] = value;
    } else if (key === "tags") {
      item.tags = Object.fromEntries(
        value.split(";").filter((kv) => kv.trim()).map((kv) => {
          const [k, ...v] = kv.split("=");
          return [k.trim(), v.join("=").trim()];
        }),
      );
    } else if (key === "must_include") {
      item.must_include = value.split(";").map((el) => splitAlternatives(el));
    } else if (key === "answer" && value.includes("|")) {
      item.answer = splitAlternatives(value);
    } else {
      item[key] = value;
    }
  }
  if (choices.length > 0) item.choices = Array.from(choices, (c) => c ?? "");
  return item;
}

function splitAlternatives(value: string): string | string[] {
  const parts = value.split("|").map((s) => s.trim()).filter(Boolean);
  return parts.length === 1 ? parts[0] : parts;
}
