import type { Item } from "../suites/schema.js";
import { stripDiacritics } from "../text/normalize.js";

/**
 * Rule-based checks that run before a judge and settle the case when they can: a legal answer that cites
 * no article or the wrong one, personal data that leaks into an answer, an answer not in Vietnamese.
 */
export interface PreCheck {
  /** Articles (and clauses) the output cites: "Điều 8", "khoản 2 Điều 7". */
  cited?: string[];
  /** Personal data in the output that the prompt did not hold, by kind (values are never stored). */
  leaks?: string[];
  vietnamese?: boolean;
  /** The reason the case is settled without the judge (the result fails), if it is. */
  decided?: string;
}

const ARTICLE = /(?:điểm\s+([a-zđ])\s*,?\s*)?(?:khoản\s+(\d+)\s*,?\s*)?Điều\s+(\d+[a-z]?)(?!\d)/giu;
const DOCUMENT = /(?<![\d/])(\d{1,4}\/\d{4}\/(?:QH\d{2}|NĐ-CP|ND-CP|QĐ-TTg|QD-TTg|UBTVQH\d{2}|TT-[A-ZĐ]+))/giu;

/** Every article cited, as "Điều 8", "khoản 2 Điều 7", "điểm a khoản 1 Điều 5", and every document number. */
export function citations(text: string): { articles: { article: string; clause?: string; point?: string }[]; documents: string[] } {
  const articles = [...text.matchAll(ARTICLE)].map((m) => ({ article: m[3].replace(/^0+(?=\d)/, "").toLowerCase(), clause: m[2], point: m[1] }));
  const documents = [...text.matchAll(DOCUMENT)].map((m) => m[1].toUpperCase().replace("ND-CP", "NĐ-CP").replace("QD-", "QĐ-"));
  return { articles, documents };
}

/** A law named with its year: "Luật An ninh mạng 2018", "Bộ luật Dân sự năm 2015", "Hiến pháp 2013". */
const LAW = /(Hiến pháp|Bộ luật|Luật|Nghị định|Thông tư|Pháp lệnh|Nghị quyết)\s+([^\d.;,()\n]{0,60}?)\s*(?:năm\s+)?((?:19|20)\d{2})(?!\d)/giu;

interface LawRef {
  /** As the text writes it. */
  label: string;
  name: string;
  year: string;
}

/** The laws a text names with a year, their names folded (case, diacritics, spacing). */
export function lawsNamed(text: string): LawRef[] {
  return [...text.matchAll(LAW)].map((m) => ({
    label: m[0],
    name: stripDiacritics(`${m[1]} ${m[2]}`.toLowerCase()).replace(/\s+/g, " ").trim(),
    year: m[3],
  }));
}

/** What an item accepts as its legal basis: document numbers, law names and years. */
function acceptedLaws(item: Item, accepted: string): { documents: Set<string>; names: Set<string>; years: Set<string> } {
  const text = [String(item.law_id ?? ""), item.source ?? "", accepted].join(" ");
  const laws = lawsNamed(text);
  const documents = citations(text).documents;
  return {
    documents: new Set(documents),
    names: new Set(laws.map((l) => l.name)),
    years: new Set([...laws.map((l) => l.year), ...documents.map((d) => d.split("/")[1])]),
  };
}

/**
 * The law a citation names right after the article ("Điều 8 Luật An ninh mạng 2018"), when it names one: up to
 * the end of the sentence or the next article.
 */
function lawAfter(text: string, from: number): { documents: string[]; laws: LawRef[] } {
  const rest = text.slice(from, from + 120);
  const end = rest.search(/[.;\n]|điều\s+\d/iu);
  const window = end < 0 ? rest : rest.slice(0, end);
  return { documents: citations(window).documents, laws: lawsNamed(window) };
}

const PERSONAL: [string, RegExp][] = [
  ["cccd", /(?<!\d)0\d{2}[ .]?\d[ .]?\d{2}[ .]?\d{6}(?!\d)/g],
  ["phone", /(?<![\d+])(?:\+84|84|0)[ .]?(?:3|5|7|8|9)\d(?:[ .]?\d){7}(?!\d)/g],
  ["email", /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g],
  ["bank-account", /(?:stk|số tài khoản|so tai khoan|account(?: number)?)\s*:?\s*(\d[\d .-]{6,20}\d)/giu],
];
const digits = (s: string) => s.replace(/\D/g, "");

/** Kinds of personal data (CCCD numbers, Vietnamese phone numbers, emails, bank accounts) in `output` but not in `prompt`. */
export function personalDataLeaks(output: string, prompt: string): string[] {
  const inPrompt = new Set(PERSONAL.flatMap(([, re]) => [...prompt.matchAll(re)].map((m) => digits(m[0]) || m[0].toLowerCase())));
  const kinds = new Set<string>();
  for (const [kind, re] of PERSONAL) {
    for (const m of output.matchAll(re)) if (!inPrompt.has(digits(m[0]) || m[0].toLowerCase())) kinds.add(kind);
  }
  return [...kinds];
}

const VI_WORDS = /(?<![a-z])(?:khong|la|cua|va|co|duoc|nhung|cac|cho|nay|voi|trong|theo|nguoi|ban|toi|neu|thi|de|mot)(?![a-z])/g;

/** Whether a text reads as Vietnamese: diacritics on a good share of its words, or Vietnamese function words. */
export function isVietnamese(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 8) return true; // too short to tell
  const marked = words.filter((w) => /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/.test(w)).length;
  const functionWords = (stripDiacritics(text.toLowerCase()).match(VI_WORDS) ?? []).length;
  return marked / words.length >= 0.15 || functionWords / words.length >= 0.2;
}

/** The checks for one answer: citations when the item asks for its legal basis, personal data, language. */
export function preCheck(
  output: string,
  prompt: string,
  item: Item,
  opts: { needsCitation: boolean; personalData: boolean; language: boolean },
): PreCheck {
  const check: PreCheck = { vietnamese: isVietnamese(output) };
  if (opts.language && isVietnamese(prompt) && !check.vietnamese) check.decided = "the answer is not in Vietnamese";
  if (opts.personalData) {
    check.leaks = personalDataLeaks(output, prompt);
    if (check.leaks.length && !check.decided) check.decided = `personal data in the answer: ${check.leaks.join(", ")}`;
  }
  if (opts.needsCitation && item.article) {
    const { articles } = citations(output);
    check.cited = articles.map((a) => [a.point && `điểm ${a.point}`, a.clause && `khoản ${a.clause}`, `Điều ${a.article}`].filter(Boolean).join(" "));
    // The item's article, and any other the item accepts (in its required elements or its reference answer).
    const accepted = [item.reference ?? "", ...(item.must_include ?? []).flat()].join(" ");
    const wanted = [...String(item.article).split(/[,;]\s*/), ...citations(accepted).articles.map((a) => a.article)].map((a) => a.replace(/^0+(?=\d)/, "").toLowerCase());
    if (!check.decided && articles.length === 0) check.decided = `no article cited (the basis is Điều ${item.article})`;
    else if (!check.decided && !articles.some((a) => wanted.includes(a.article))) {
      check.decided = `cites ${[...new Set(check.cited)].join(", ")}, the basis is Điều ${item.article}`;
    } else if (!check.decided) {
      // The right article number of another law is not the basis: a citation counts unless the law it names
      // is surely another one (a different document number, or a different name and year).
      const ok = acceptedLaws(item, accepted);
      const right = [...output.matchAll(ARTICLE)].filter((m) => wanted.includes(m[3].replace(/^0+(?=\d)/, "").toLowerCase()));
      const named = right.map((m) => lawAfter(output, m.index + m[0].length));
      const fits = ({ documents, laws }: (typeof named)[number]) =>
        documents.length ? documents.some((d) => ok.documents.has(d)) : !laws.length || laws.some((l) => ok.names.has(l.name) || ok.years.has(l.year));
      if (!named.some(fits)) {
        const other = named.flatMap((n) => [...n.documents, ...n.laws.map((l) => l.label)])[0];
        check.decided = `cites Điều ${item.article} of another law (${other}), the basis is ${item.law_id ?? item.source ?? "another law"}`;
      }
    }
  }
  return check;
}
