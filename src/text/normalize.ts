/**
 * Vietnamese text normalisation: tone-mark placement folding, diacritic stripping,
 * comparison-ready normalisation, tokenisation and SQuAD-style token F1.
 *
 * Everything here runs on every scored item, so regexes are compiled once and
 * plain-ASCII input takes fast paths.
 */

export interface NormalizeOptions {
  /** When false, diacritics are stripped too (diacritics-blind comparison). Default true. */
  diacritics?: boolean;
}

// The five Vietnamese tone marks (combining): grave, acute, tilde, hook above, dot below.
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/;
const TONE_ALL = /[\u0300\u0301\u0303\u0309\u0323]/g;
// Vowel-quality marks: circumflex, breve, horn. Never moved or removed by folding.
const QUALITY = /[\u0302\u0306\u031B]/;
const COMBINING = /\p{M}/u;
const COMBINING_ALL = /\p{M}+/gu;
const WORD = /[\p{L}\p{M}]+/gu;
const ASCII = /^[\x00-\x7F]*$/;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const PUNCT_OR_SYMBOL = /[\p{P}\p{S}]+/gu;
const WHITESPACE = /\s+/g; // JS \s covers NBSP, U+2000–U+200A, U+202F, U+3000…
const VOWELS = 'aeiouy';
// Open two-vowel clusters whose tone goes on the second vowel (new style): hoà, khoẻ, thuỷ.
const SECOND_VOWEL_PAIRS = new Set(['oa', 'oe', 'uy']);

interface Unit {
  base: string;
  lower: string;
  marks: string;
}

/**
 * Re-place the single tone mark of one NFD word on the vowel the "new style" rule picks.
 * Words that do not look like one Vietnamese syllable (two vowel runs, two tone marks…)
 * are returned unchanged.
 */
function placeTone(word: string): string {
  const units: Unit[] = [];
  for (const ch of word) {
    if (COMBINING.test(ch) && units.length > 0) units[units.length - 1].marks += ch;
    else units.push({ base: ch, lower: ch.toLowerCase(), marks: '' });
  }
  let tone = '';
  let tones = 0;
  for (const u of units) {
    for (const m of u.marks) {
      if (TONE.test(m)) {
        tone = m;
        tones++;
      }
    }
  }
  if (tones !== 1) return word;

  let first = -1;
  let last = -1;
  for (let i = 0; i < units.length; i++) {
    if (units[i].lower.length !== 1 || !VOWELS.includes(units[i].lower)) continue;
    if (first < 0) first = i;
    else if (last !== i - 1) return word; // a second vowel run: not one syllable
    last = i;
  }
  if (first < 0) return word;

  // "qu" and "gi" (before another vowel) belong to the initial consonant.
  let start = first;
  const initial = units
    .slice(0, first)
    .map((u) => u.lower)
    .join('');
  if (last > start) {
    if (initial === 'q' && units[start].lower === 'u') start++;
    else if (initial === 'g' && units[start].lower === 'i' && !QUALITY.test(units[start].marks)) start++;
  }

  let target = -1;
  for (let i = start; i <= last; i++) if (QUALITY.test(units[i].marks)) target = i; // ươ → ơ
  const size = last - start + 1;
  if (target < 0) {
    if (last < units.length - 1) target = last; // closed syllable: hoàn, thuyết
    else if (size === 1) target = start;
    else if (size === 3) target = start + 1; // ngoài, khuỷu, ngoẻo
    else if (size === 2) target = SECOND_VOWEL_PAIRS.has(units[start].lower + units[last].lower) ? last : start;
    else return word;
  }
  let out = '';
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    out += u.base + u.marks.replace(TONE_ALL, '') + (i === target ? tone : '');
  }
  return out;
}

/**
 * NFC, with old-style and new-style tone-mark placement folded to the new style:
 * `hòa` → `hoà`, `thủy` → `thuỷ`, `qúy` → `quý`. Vowel-quality marks are left alone.
 */
export function foldToneMarks(s: string): string {
  if (ASCII.test(s)) return s;
  const d = s.normalize('NFD');
  if (!TONE.test(d)) return d.normalize('NFC');
  return d.replace(WORD, foldWord).normalize('NFC');
}

/** Vietnamese has a few thousand syllables: each is placed once and remembered. */
const placed = new Map<string, string>();
function foldWord(w: string): string {
  if (!TONE.test(w)) return w;
  let out = placed.get(w);
  if (out === undefined) {
    if (placed.size > 100_000) placed.clear();
    out = placeTone(w);
    placed.set(w, out);
  }
  return out;
}

/** Remove every combining mark, and map đ → d, Đ → D. */
export function stripDiacritics(s: string): string {
  if (ASCII.test(s)) return s;
  return s.normalize('NFD').replace(COMBINING_ALL, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/**
 * Comparison form: NFC, tone marks folded, lower case, punctuation and symbols turned into
 * spaces, zero-width characters removed, whitespace collapsed and trimmed.
 * With `{ diacritics: false }` diacritics are stripped as well.
 */
export function normalizeText(s: string, opts?: NormalizeOptions): string {
  let t = ASCII.test(s) ? s : foldToneMarks(s.replace(ZERO_WIDTH, ''));
  t = t.toLowerCase().replace(PUNCT_OR_SYMBOL, ' ').replace(WHITESPACE, ' ').trim();
  return opts?.diacritics === false ? stripDiacritics(t) : t;
}

/** Normalised tokens (split on spaces); an empty text gives []. */
export function tokenize(s: string, opts?: NormalizeOptions): string[] {
  const t = normalizeText(s, opts);
  return t === '' ? [] : t.split(' ');
}

/** SQuAD-style token F1 over normalised tokens (multiset overlap). Two empty texts score 1. */
export function tokenF1(prediction: string, reference: string, opts?: NormalizeOptions): number {
  const pred = tokenize(prediction, opts);
  const ref = tokenize(reference, opts);
  if (pred.length === 0 || ref.length === 0) return pred.length === ref.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / pred.length;
  const recall = common / ref.length;
  return (2 * precision * recall) / (precision + recall);
}
