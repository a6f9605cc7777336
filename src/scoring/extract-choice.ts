/**
 * Reads the letter of a model's FINAL multiple-choice answer from free text.
 *
 * Ordered rules, first that yields wins:
 *  1. explicit answers: an answer marker before a letter ("Đáp án đúng là B", "Tôi chọn phương án A",
 *     "Answer: b", "=> D") or a letter before a verdict ("C là đáp án đúng", "A và B đều đúng");
 *     the last one in the text wins (self-corrections), two letters in one answer give null;
 *  2. "none is correct" or a refusal: null;
 *  3. a letter heading a line ("B", "(B)", "**C. Hà Nội**", "B) …");
 *  4. the option's own text ("Thủ đô của Việt Nam là Hà Nội.").
 * Markers match with or without diacritics.
 */
import { foldToneMarks, normalizeText, stripDiacritics } from '../text/normalize.js';
import { detectRefusal } from '../text/refusal.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/**
 * A letter or digit of the scripts answers are written in (Latin with every Vietnamese letter, and the
 * combining marks of decomposed text). Cheaper than \p{L}\p{N}: under the i and u flags every \p{L} in these
 * large patterns is case-closed over all of Unicode, which made the first extraction of a run take half a second.
 */
const WORD_CHAR = String.raw`[0-9A-Za-z\u00C0-\u024F\u0300-\u036F\u1E00-\u1EFF]`;
const escapeRe = (s: string): string => s.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&');

/** Regex source matching a phrase with or without its diacritics; a space matches any whitespace. */
function loose(phrase: string): string {
  let out = '';
  for (const ch of foldToneMarks(phrase)) {
    const bare = stripDiacritics(ch);
    if (ch === ' ') out += '\\s+';
    else if (bare !== ch) out += `[${ch}${bare}]`;
    else out += escapeRe(ch);
  }
  return /\p{L}$/u.test(phrase) ? `${out}(?!${WORD_CHAR})` : out;
}
/** Alternation of phrases, longest first. */
const any = (...phrases: string[]): string =>
  `(?:${[...phrases].sort((a, b) => b.length - a.length).map(loose).join('|')})`;

/**
 * The answer-statement patterns, built on first use: they are large Unicode-aware alternations that
 * take tens of milliseconds to build, which a run would otherwise pay before its first request.
 */
function compile() {
  // Vocabulary of answer statements.
  const ANSWER_NOUN = any('đáp án', 'câu trả lời', 'lời giải', 'đáp số', 'kết luận', 'tóm lại', 'answer');
  const OPTION_NOUN = any('phương án', 'lựa chọn', 'option', 'choice');
  const CHOOSE_VERB = any('chọn', 'choose', 'select', 'pick', 'mà là', 'trả lời', 'vậy', 'vì vậy', 'do đó', 'vì thế',
    'nghĩ là', 'cho là', 'có lẽ', 'chắc là', 'hẳn là', '=>', '⇒', '→', '->');
  const QUALIFIER = any('đúng nhất', 'đúng', 'chính xác nhất', 'chính xác', 'cuối cùng', 'hợp lý nhất',
    'phù hợp nhất', 'của tôi', 'của em', 'của mình', 'có lẽ', 'có thể', 'hẳn', 'final', 'correct', 'probably', 'likely');
  const COPULA = any('chính là', 'phải là', 'nên là', 'là', 'is', 'would be', 'should be', 'will be', 'sẽ là');
  const INNER_NOUN = any('đáp án', 'phương án', 'lựa chọn', 'câu', 'ý', 'option', 'choice', 'letter');
  const VERDICT_OK = any('đúng', 'chính xác', 'gần nhất', 'hợp lý nhất', 'phù hợp nhất', 'correct', 'right', 'best',
    'the correct answer', 'the right answer');
  const VERDICT_BAD = any('sai', 'không đúng', 'không chính xác', 'chưa đúng', 'chưa chính xác', 'không phù hợp',
    'không hợp lý', 'bị loại', 'không phải', 'incorrect', 'wrong', 'not correct');
  const letter = (name: string) => String.raw`[(\[]?(?<${name}>[A-Za-z])(?!${WORD_CHAR})[)\]]?`;
  const SEP = String.raw`\s*(?:[,/&]|${any('hoặc', 'hay', 'và', 'or', 'and')})\s*(?:${INNER_NOUN}\s*)?`;
  const LETTER_LIST = `${letter('l1')}(?:${SEP}${letter('l2')})?(?:${SEP}${letter('l3')})?`;
  const POSITIVE = String.raw`\s*[.:)\-–]?\s*(?:${any('đều', 'cũng', 'mới', 'là', 'is', 'are')}\s*)*(?:${any('đáp án', 'câu trả lời', 'phương án', 'lựa chọn', 'câu')}\s*)?${VERDICT_OK}(?!\s*(?:${any('không', 'chưa', 'hay', 'or', 'là')}|\?))`;

  /** Marker, then qualifiers and copulas, then the letter(s): "Đáp án đúng là: (B)", "Tôi chọn phương án A". */
  const MARKED_ANSWER = new RegExp(
    String.raw`(?<!${WORD_CHAR})(?:(?<noun>${ANSWER_NOUN})|(?<option>${OPTION_NOUN})|(?<verb>${CHOOSE_VERB}))` +
      String.raw`(?<qual>(?:\s+${QUALIFIER})*)(?<conn>(?:\s*(?:[:：=]|${COPULA}))*)\s*(?:${INNER_NOUN}\s*)?${LETTER_LIST}`,
    'giud',
  );
  /** Letter(s), then a verdict: "C là đáp án đúng", "Phương án B chính xác", "A và B đều đúng". */
  const LETTER_VERDICT = new RegExp(
    String.raw`(?<!${WORD_CHAR})(?:(?<noun>${INNER_NOUN})\s*)?${LETTER_LIST}(?=${POSITIVE})`,
    'giud',
  );
  const POSITIVE_AFTER = new RegExp(`^${POSITIVE}`, 'iu');
  const NEGATIVE_AFTER = new RegExp(
    // "Đáp án A sai" negates A; "Đáp án là A, không phải B" contrasts A with another option.
    String.raw`^\s*[.:)\-–,]?\s*(?:${any('đều', 'cũng', 'là', 'thì', 'hoàn toàn', 'is', 'are')}\s*)*${VERDICT_BAD}` +
      String.raw`(?!\s*(?:${INNER_NOUN}\s*)?[(\[]?[A-Za-z](?!${WORD_CHAR}))`,
    'iu',
  );
  /** What may follow "Đáp án B" with no copula for it to be an answer and not a mention of option B. */
  const ANSWER_END = new RegExp(String.raw`^\s*(?:$|[.,;!?()\]\n…]|[-–—]\s|${any('vì', 'bởi vì', 'do', 'because', 'since')})`, 'iu');
  const LOWERCASE_END = new RegExp(String.raw`^[)\]]?\s*(?:$|[.,;:!?)\]\n…]|${any('vì', 'do', 'because', 'since')})`, 'iu');
  const NEGATED_BEFORE = new RegExp(
    String.raw`${any('không', 'chưa', 'nếu', 'if', 'not', 'đừng', 'never', 'chẳng', 'không phải', 'chứ không phải')}\s+(?:${any('thể', 'nên', 'được', 'phải', 'should', 'can', 'would', 'to')}\s+)?$`,
    'iu',
  );
  /**
   * People other than the one answering: "Nhiều người chọn A" is not the model choosing A. A bare "người" counts
   * only before a choosing verb: "Tôi là người cho rằng đáp án là B" is the model's own view.
   */
  const OTHERS = ['bạn', 'họ', 'anh ấy', 'chị ấy', 'cô ấy', 'ông ấy', 'thí sinh', 'học sinh', 'nhiều người', 'người ta', 'people', 'students', 'you', 'they', 'he', 'she', 'many'];
  const SOMEONE_ELSE = new RegExp(
    String.raw`${any('người', ...OTHERS)}\s+(?:${any('thường', 'hay', 'sẽ', 'dễ', 'đã', 'often', 'usually', 'might', 'may', 'would', 'will')}\s+)?$`,
    'iu',
  );
  /** An answer put in someone else's mouth: "Một số người cho rằng đáp án là B", "Có người nghĩ rằng cũng có thể chọn B". */
  const ATTRIBUTED = new RegExp(
    String.raw`(?<!${WORD_CHAR})${any(...OTHERS, 'có người', 'một số người', 'người khác', 'some people', 'some', 'others')}` +
      String.raw`\s+(?:${any('thường', 'hay', 'vẫn', 'đã', 'có thể', 'often', 'usually', 'may', 'might')}\s+)?` +
      String.raw`${any('cho rằng', 'cho là', 'nghĩ rằng', 'nghĩ là', 'tin rằng', 'tin là', 'nói rằng', 'bảo rằng', 'tưởng rằng', 'lầm tưởng', 'think', 'thinks', 'believe', 'believes', 'say', 'says', 'claim', 'claims')}` +
      String.raw`(?:\s+that)?\s*[,:]?\s*(?:${any('cũng có thể', 'có thể', 'nên', 'should', 'could')}\s+)?(?:${any('the', 'their')}\s+)?$`,
    'iu',
  );
  /** Words that make a following letter part of a name ("vitamin A", "nhóm B", "hạng C"), not an answer. */
  const NAMED_LETTER = new RegExp(
    String.raw`${any('vitamin', 'nhóm', 'loại', 'hạng', 'khối', 'lớp', 'tuýp', 'type', 'group', 'class', 'plan', 'phần', 'mục', 'điểm', 'khoản', 'viêm gan', 'hepatitis', 'bằng')}\s*$`,
    'iu',
  );
  const NONE_CORRECT = new RegExp(
    [
      String.raw`${loose('không')}(?:\s+${loose('có')})?\s+(?:${ANSWER_NOUN}|${OPTION_NOUN})(?:\s+${loose('nào')})?[^.\n]{0,30}?\s(?:${loose('là')}\s+)?(?:${any('đúng', 'chính xác', 'phù hợp')})`,
      String.raw`${any('tất cả', 'cả bốn', 'cả 4', 'cả ba', 'cả 3', 'các', 'mọi')}\s+(?:${ANSWER_NOUN}|${OPTION_NOUN})[^.\n]{0,30}?\s${loose('đều')}\s+${any('sai', 'không đúng', 'không chính xác')}`,
      String.raw`none of (?:the )?(?:above|options|answers|choices|these)`,
      String.raw`(?:all|every) (?:of the )?(?:options|choices|answers) (?:are|is) (?:wrong|incorrect)`,
    ].join('|'),
    'giu',
  );
  const NONE_CORRECT_ONCE = new RegExp(NONE_CORRECT.source, 'iu');
  /** A second answer offered as a hedge: "nhưng cũng có thể (là / đáp án:) B", "but it could also be B". */
  const HEDGED = new RegExp(
    String.raw`(?:${loose('cũng có thể')}|${any('could also be', 'might also be', 'or possibly', 'or maybe')})\s+(?:${loose('là')}\s+)?(?:(?:${ANSWER_NOUN}|${OPTION_NOUN})\s*(?:${loose('là')}\s*|:\s*)?)?[(\[*]*(?<letter>[A-Z])(?![\p{L}\p{N}])`,
    'gu',
  );
  return { MARKED_ANSWER, LETTER_VERDICT, POSITIVE_AFTER, NEGATIVE_AFTER, ANSWER_END, LOWERCASE_END, NEGATED_BEFORE, SOMEONE_ELSE, ATTRIBUTED, NAMED_LETTER, NONE_CORRECT, NONE_CORRECT_ONCE, HEDGED };
}
let compiled: ReturnType<typeof compile> | undefined;
const patterns = (): ReturnType<typeof compile> => (compiled ??= compile());

const ISOLATED_LETTER = /(?<![\p{L}\p{N}])[A-Za-z](?![\p{L}\p{N}])/u;
const LINE_ALONE = /^(?:(?:câu|cau|ý|option)\s+)?[(\[]?([A-Za-z])[)\].]?$/iu;
const LINE_HEADS = /(?<![\p{L}\p{N}])[A-Z][.:)](?=\s)/gu; // "A: Huế, B: Đà Nẵng" restates the options
const LINE_RIGHT = new RegExp(String.raw`(?:^|[\s:(–—-])(?:đúng|chính xác|correct)(?!${WORD_CHAR})`, 'iu');
const LINE_WRONG = new RegExp(String.raw`(?:^|[\s:(–—-])(?:sai|không đúng|không phải|không chính xác|incorrect|wrong)(?!${WORD_CHAR})`, 'iu');
const LINE_HEAD = /^(?:[-•>]\s*)?(?:\(([A-Z])\)|\[([A-Z])\]|([A-Z])(?:[.:)]|\s+[-–—]))(?=\s|$)/u;
const OPTION_PREFIX = /^\s*[A-Z][.)]\s+/;
const TEXT_CUE = /(?:^| )(?:là|chính là|mà là|is|đáp án|câu trả lời|answer|chọn|kết luận|tóm lại) $/;
const TEXT_CUE_BARE = /(?:^| )(?:la|chinh la|ma la|is|dap an|cau tra loi|answer|chon|ket luan|tom lai) $/;
const TEXT_NEGATED = /(?:không phải|khong phai|not)(?: là| la)? $/;

interface Candidate {
  letter: string;
  pos: number;
  ambiguous: boolean;
}

/** Option texts that would read as answers ("Cả A và B đều đúng", "Không có đáp án nào đúng") are masked
 * before rules 1–3 so that "Đáp án: D. Cả A và B đều đúng" reads as D. */
function maskOptionTexts(text: string, choices: string[]): string {
  let masks = maskCache.get(choices);
  if (!masks) {
    masks = [];
    for (const choice of choices) {
      const t = foldToneMarks(choice.normalize('NFC')).trim().replace(/[.。]+$/, '');
      if (t.length < 3 || !(ISOLATED_LETTER.test(t) || patterns().NONE_CORRECT_ONCE.test(t))) continue;
      masks.push(new RegExp(escapeRe(t).replace(/\s+/g, '\\s+'), 'giu'));
    }
    maskCache.set(choices, masks);
  }
  let out = text;
  for (const mask of masks) out = out.replace(mask, '◊');
  return out;
}
/** Masks per choice list: an item's choices are the same array for every model and repeat. */
const maskCache = new WeakMap<string[], RegExp[]>();

/** The common answer in the form the default prompt asks for ("Đáp án: B", "**Đáp án: B**"): read at once. */
const PLAIN_ANSWER = /^\s*(?:\*\*)?(?:Đáp án|Answer)\s*:\s*(?:\*\*)?\s*([A-Z])\s*(?:\*\*)?\s*\.?\s*$/u;

function clean(output: string): string {
  return foldToneMarks(output.normalize('NFC'))
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\*+|`+|~~|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, '')
    .replace(/\r\n?/g, '\n');
}

/** The letters l1..l3 of a match, upper-cased; null when l1 is not a valid answer letter. */
function readLetters(m: RegExpExecArray, text: string, valid: string, lowerOk: boolean): string[] | null {
  const letters: string[] = [];
  for (const name of ['l1', 'l2', 'l3']) {
    const ch = m.groups?.[name];
    const span = m.indices?.groups?.[name];
    if (!ch || !span) break;
    const upper = ch.toUpperCase();
    const good = valid.includes(upper) && (ch === upper || (lowerOk && patterns().LOWERCASE_END.test(text.slice(span[1], span[1] + 20))));
    if (!good) break;
    letters.push(upper);
  }
  return letters.length > 0 && m.groups?.l1?.toUpperCase() === letters[0] ? letters : null;
}

function candidate(letters: string[], pos: number): Candidate {
  return { letter: letters[0], pos, ambiguous: new Set(letters).size > 1 };
}

/** Rule 1a: "Đáp án: B", "Tôi chọn phương án A", "Phương án đúng là C", "The answer is b". */
function markedAnswers(text: string, valid: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(patterns().MARKED_ANSWER)) {
    const g = m.groups ?? {};
    const pos = m.index ?? 0;
    const after = text.slice(pos + m[0].length, pos + m[0].length + 80);
    const before = text.slice(Math.max(0, pos - 40), pos);
    const letters = readLetters(m, text, valid, true);
    if (!letters || patterns().NEGATIVE_AFTER.test(after) || patterns().NEGATED_BEFORE.test(before)) continue;
    if (g.verb && patterns().SOMEONE_ELSE.test(before)) continue; // "Nhiều người chọn A"
    if (patterns().ATTRIBUTED.test(before)) continue; // "Một số người cho rằng đáp án là A"
    const framed = (g.qual ?? '').trim() !== '' || (g.conn ?? '').trim() !== '';
    const stated = g.verb !== undefined || framed || patterns().POSITIVE_AFTER.test(after) || (g.noun !== undefined && patterns().ANSWER_END.test(after));
    if (stated) found.push(candidate(letters, pos));
  }
  return found;
}

/** Rule 1b: "C là đáp án đúng", "Phương án B chính xác", "A và B đều đúng". */
function verdictAnswers(text: string, valid: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(patterns().LETTER_VERDICT)) {
    const pos = m.index ?? 0;
    const before = text.slice(Math.max(0, pos - 40), pos);
    const hasNoun = m.groups?.noun !== undefined;
    const letters = readLetters(m, text, valid, hasNoun);
    if (!letters || patterns().NEGATED_BEFORE.test(before) || (!hasNoun && patterns().NAMED_LETTER.test(before))) continue;
    found.push(candidate(letters, pos));
  }
  return found;
}

function lastIndex(re: RegExp, text: string): number {
  let at = -1;
  for (const m of text.matchAll(re)) at = m.index ?? at;
  return at;
}

/** Rule 3: a letter heading a line. Several different letters (options listed) settle nothing unless
 * exactly one listed option is called right, or the last non-empty line is a lone letter. */
function lineAnswer(text: string, valid: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const found: { letter: string; line: number; alone: boolean; right: boolean }[] = [];
  lines.forEach((line, i) => {
    const alone = LINE_ALONE.exec(line);
    const head = alone || (line.match(LINE_HEADS)?.length ?? 0) > 1 ? null : LINE_HEAD.exec(line);
    const ch = alone ? alone[1].toUpperCase() : head ? head[1] ?? head[2] ?? head[3] : undefined;
    const right = LINE_RIGHT.test(line) && !LINE_WRONG.test(line);
    if (ch && valid.includes(ch)) found.push({ letter: ch, line: i, alone: alone !== null, right });
  });
  if (found.length === 0) return null;
  if (new Set(found.map((f) => f.letter)).size === 1) return found[0].letter;
  const last = found[found.length - 1];
  if (last.alone && last.line === lines.length - 1) return last.letter;
  const right = new Set(found.filter((f) => f.right).map((f) => f.letter));
  return right.size === 1 ? [...right][0] : null;
}

/** Rule 4: option text as a whole phrase. Index, -1 when ambiguous, undefined when no option appears. */
function textAnswer(output: string, choices: string[], diacritics: boolean): number | undefined {
  const opts = choices.map((c) => normalizeText(c.replace(OPTION_PREFIX, ''), { diacritics }));
  const text = ` ${normalizeText(output, { diacritics })} `;
  const cue = diacritics ? TEXT_CUE : TEXT_CUE_BARE;
  const at = opts.map((o) => {
    const spots: number[] = [];
    for (let p = o ? text.indexOf(` ${o} `) : -1; p >= 0; p = text.indexOf(` ${o} `, p + 1)) spots.push(p);
    return spots;
  });
  const hits = opts.map((_, i) => i).filter((i) => at[i].length > 0);
  if (hits.length === 0) return undefined;
  // Prefer the longest: drop an option whose text lies inside another matched option's text.
  const kept = hits.filter((i) => !hits.some((j) => opts[j].length > opts[i].length && ` ${opts[j]} `.includes(` ${opts[i]} `)));
  const cued = kept.filter((i) =>
    at[i].some((p) => {
      const before = text.slice(0, p + 1);
      return cue.test(before) && !TEXT_NEGATED.test(before.replace(cue, ' '));
    }),
  );
  if (cued.length > 0) return cued.length === 1 ? cued[0] : -1;
  return kept.length === 1 ? kept[0] : -1;
}

/**
 * The letter ("A", "B", …) of the model's final answer among `choices`, or null when there is no
 * answer, a refusal, a "none is correct", or two different final answers.
 */
export function extractChoice(output: string, choices: string[]): string | null {
  const valid = LETTERS.slice(0, choices.length);
  if (valid === '' || !output || output.trim() === '') return null;
  const plain = PLAIN_ANSWER.exec(output);
  if (plain && valid.includes(plain[1])) return plain[1];
  const text = maskOptionTexts(clean(output), choices);
  const candidates = [...markedAnswers(text, valid), ...verdictAnswers(text, valid)].sort((a, b) => a.pos - b.pos);
  const noneAt = lastIndex(patterns().NONE_CORRECT, text);
  const final = candidates[candidates.length - 1];
  // An answer hedged with another letter gives two answers: "A, nhưng cũng có thể là B", "Đáp án: A. Nhưng cũng
  // có thể đáp án: B" (the final answer is itself the hedge).
  const hedges = [...text.matchAll(patterns().HEDGED)].filter((m) => valid.includes(m.groups!.letter));
  const hedged = (letter: string) => hedges.some((m) => m.groups!.letter !== letter);
  const isHedge = (pos: number) => hedges.some((m) => m.index <= pos && pos < m.index + m[0].length);
  if (final && final.pos > noneAt) {
    const twoAnswers = hedged(final.letter) || (isHedge(final.pos) && candidates.some((c) => c.letter !== final.letter));
    return final.ambiguous || twoAnswers ? null : final.letter;
  }
  if (noneAt >= 0 || detectRefusal(output)) return null;
  const byLine = lineAnswer(text, valid);
  if (byLine) return hedged(byLine) ? null : byLine;
  const index = textAnswer(output, choices, true) ?? textAnswer(output, choices, false);
  return index === undefined || index < 0 || hedged(LETTERS[index]) ? null : LETTERS[index];
}
