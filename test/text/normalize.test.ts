import { describe, expect, it } from 'vitest';
import { foldToneMarks, normalizeText, stripDiacritics, tokenF1, tokenize } from '../../src/text/normalize.js';

describe('foldToneMarks', () => {
  // [new style (canonical), old style]
  it.each([
    ['hoà', 'hòa'],
    ['thuỷ', 'thủy'],
    ['khoẻ', 'khỏe'],
    ['quý', 'qúy'],
    ['Hoá', 'Hóa'],
    ['tuỳ', 'tùy'],
    ['loè', 'lòe'],
    ['oà', 'òa'],
    ['oạ', 'ọa'],
    ['uỵ', 'ụy'],
    ['HOÀ BÌNH', 'HÒA BÌNH'],
    ['Thuỷ Lợi', 'Thủy Lợi'],
    ['giá', 'gía'],
    ['người', 'ngừơi'],
    ['hoàn', 'hòan'],
    ['ngoài', 'ngòai'],
    ['khuỷu', 'khủyu'],
    ['quà', 'qùa'],
  ])('%s and %s fold to the same canonical form', (canonical, other) => {
    expect(foldToneMarks(other)).toBe(canonical.normalize('NFC'));
    expect(foldToneMarks(canonical)).toBe(canonical.normalize('NFC'));
  });

  it.each(['mùa', 'mưa', 'tiếng Việt', 'Nguyễn', 'gì', 'thuở', 'chuyện', 'kéo', 'café', 'hello world'])(
    'leaves correctly placed or foreign %s unchanged',
    (word) => {
      expect(foldToneMarks(word)).toBe(word.normalize('NFC'));
    },
  );

  it('returns NFC for decomposed input', () => {
    const nfd = 'Hà Nội'.normalize('NFD');
    expect(foldToneMarks(nfd)).toBe('Hà Nội'.normalize('NFC'));
    expect(foldToneMarks('ho\u0300a')).toBe('hoà'); // NFD old style
  });

  it('does not touch vowel-quality marks', () => {
    expect(stripDiacritics(foldToneMarks('ăn ân ơn ưu'))).toBe('an an on uu');
    expect(foldToneMarks('ăn ân ơn ưu')).toBe('ăn ân ơn ưu');
  });
});

describe('stripDiacritics', () => {
  it.each([
    ['Hà Nội', 'Ha Noi'],
    ['Đường Hồ Chí Minh', 'Duong Ho Chi Minh'],
    ['đặc điểm', 'dac diem'],
    ['Tiếng Việt có dấu', 'Tieng Viet co dau'],
    ['plain ascii', 'plain ascii'],
  ])('%s → %s', (input, expected) => {
    expect(stripDiacritics(input)).toBe(expected);
  });
});

describe('normalizeText', () => {
  it.each([
    ['  Hà   Nội  ', 'hà nội'],
    ['HÒA BÌNH', 'hoà bình'],
    ['“Hà Nội” — thủ đô…', 'hà nội thủ đô'],
    ['«Truyện Kiều», Nguyễn Du', 'truyện kiều nguyễn du'],
    ['Hà\u00a0Nội', 'hà nội'],
    ['Hà\u202fNội\u3000Việt Nam', 'hà nội việt nam'],
    ['Hà Nội\u200b!', 'hà nội'],
    ['thủ\u200bđô', 'thủđô'],
    ['A–B—C', 'a b c'],
    ['giá: 100$ + 5%', 'giá 100 5'],
    ['东京、大阪，京都：日本', '东京 大阪 京都 日本'],
    ['‘quote’ (paren) [bracket]', 'quote paren bracket'],
    ['Tab\tand\nnewline', 'tab and newline'],
    ['', ''],
    ['  ...  ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('compares old and new tone placement as equal', () => {
    expect(normalizeText('Thủy lợi Hòa Bình')).toBe(normalizeText('thuỷ lợi hoà bình'));
  });

  it('is diacritics-blind on request only', () => {
    expect(normalizeText('Hà Nội', { diacritics: false })).toBe('ha noi');
    expect(normalizeText('ha noi', { diacritics: false })).toBe(normalizeText('Hà Nội', { diacritics: false }));
    expect(normalizeText('Hà Nội')).not.toBe(normalizeText('ha noi'));
    expect(normalizeText('Đà Nẵng', { diacritics: true })).toBe('đà nẵng');
  });
});

describe('tokenize', () => {
  it('splits normalised text on spaces', () => {
    expect(tokenize('Thành phố  Hà Nội!')).toEqual(['thành', 'phố', 'hà', 'nội']);
    expect(tokenize('Hà Nội', { diacritics: false })).toEqual(['ha', 'noi']);
  });
  it('gives [] for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' … ')).toEqual([]);
  });
});

describe('tokenF1', () => {
  it.each([
    ['thành phố Hà Nội', 'Hà Nội', 0.6667],
    ['Hà Nội', 'Hà Nội', 1],
    ['Hà Nội.', 'hà  nội', 1],
    ['Hòa Bình', 'Hoà Bình', 1],
    ['Huế', 'Hà Nội', 0],
    ['a a b', 'a b b', 0.6667],
    ['năm 1945', 'ngày 2 tháng 9 năm 1945', 0.5],
    ['', '', 1],
    ['', 'Hà Nội', 0],
    ['Hà Nội', '', 0],
  ])('F1(%j, %j) = %d', (pred, ref, expected) => {
    expect(tokenF1(pred, ref)).toBeCloseTo(expected, 4);
  });

  it('is diacritics-blind on request', () => {
    expect(tokenF1('ha noi', 'Hà Nội')).toBe(0);
    expect(tokenF1('ha noi', 'Hà Nội', { diacritics: false })).toBe(1);
  });
});
