import { describe, expect, it } from 'vitest';
import { extractChoice } from '../../src/scoring/extract-choice.js';

const CAPITAL = ['Huế', 'Đà Nẵng', 'Hà Nội', 'TP. Hồ Chí Minh']; // answer C
const VITAMIN = ['Còi xương', 'Quáng gà', 'Scorbut', 'Thiếu máu']; // vitamin A deficiency → B
const CENTURY = ['Thế kỷ XVIII', 'Thế kỷ XIX', 'Thế kỷ XX', 'Thế kỷ XXI'];
const LAW = ['Luật', 'Luật An ninh mạng', 'Nghị định', 'Thông tư'];
const TRUE_FALSE = ['Đúng', 'Sai'];
const META = ['Hà Nội', 'Huế', 'Cả A và B đều đúng', 'Không có đáp án nào đúng'];

describe('extractChoice: explicit answers', () => {
  it.each([
    ['Đáp án: B', 'B'],
    ['Đáp án là A, không phải B.', 'A'],
    ['Tôi không chắc chắn, nhưng có lẽ là D.', 'D'],
    ['Chắc là C rồi.', 'C'],
    ['Đáp án A không phải, B mới đúng.', 'B'],
    ['Đáp án đúng là B.', 'B'],
    ['Câu trả lời: (D)', 'D'],
    ['Tôi chọn phương án A vì …', 'A'],
    ['Tôi chọn phương án A vì Huế từng là kinh đô của triều Nguyễn.', 'A'],
    ['The answer is B', 'B'],
    ['Answer: b', 'B'],
    ['đáp án: c', 'C'],
    ['Đáp án: c. Hà Nội', 'C'],
    ['Chọn B', 'B'],
    ['=> D', 'D'],
    ['Kết luận: A', 'A'],
    ['*Đáp án*: **D**', 'D'],
    ['_Đáp án_: _B_', 'B'],
    ['### Đáp án\n\n**B. Đà Nẵng**', 'B'],
    ['Dạ, đáp án là B ạ.', 'B'],
    ['Dap an dung la C', 'C'],
    ['Cau tra loi: d', 'D'],
    ['Vậy C.', 'C'],
    ['Phương án C chính xác.', 'C'],
    ['C là đáp án đúng.', 'C'],
    ['Theo tôi, đáp án hợp lý nhất là D', 'D'],
    ['I think the correct option is B because Da Nang is on the coast.', 'B'],
    ['Đáp án không phải là A mà là D.', 'D'],
    ['Tôi không chắc lắm, nhưng tôi nghĩ đáp án đúng là B.', 'B'],
  ])('%j → %s', (output, expected) => {
    expect(extractChoice(output, CAPITAL)).toBe(expected);
  });
});

describe('extractChoice: bare letters', () => {
  it.each([
    ['B', 'B'],
    ['B.', 'B'],
    ['(B)', 'B'],
    ['[B]', 'B'],
    ['b', 'B'],
    ['B) Đà Nẵng', 'B'],
    ['**C. Hà Nội**', 'C'],
    ['C. Hà Nội\n\nGiải thích: Hà Nội là thủ đô của nước Cộng hoà xã hội chủ nghĩa Việt Nam.', 'C'],
    ['Hà Nội là thủ đô từ năm 1976, Huế chỉ là cố đô.\n\nC', 'C'],
    // "Cũng có thể" that names no other letter is not a hedge.
    ['Đáp án: B. Cũng có thể là B nếu hiểu theo nghĩa rộng.', 'B'],
    ['Đáp án: B (cũng có thể hiểu là cố đô).', 'B'],
  ])('%j → %s', (output, expected) => {
    expect(extractChoice(output, CAPITAL)).toBe(expected);
  });
});

describe('extractChoice: the final answer, not the first capital letter', () => {
  it.each([
    ['Câu hỏi này kiểm tra kiến thức địa lý. Đáp án: C', CAPITAL, 'C'],
    ['Anh nghĩ đáp án là D.', CAPITAL, 'D'],
    ['Dạ, em chọn C.', CAPITAL, 'C'],
    ['Thiếu vitamin A gây bệnh quáng gà.', VITAMIN, 'B'],
    ['Nhà Nguyễn được thành lập năm 1802, đầu thế kỷ XIX. Đáp án: B', CENTURY, 'B'],
    ['Năm 1802 thuộc thế kỷ XIX.', CENTURY, 'B'],
    ['I. Phân tích\nHuế là cố đô.\nII. Kết luận: Hà Nội là thủ đô, chọn C', CAPITAL, 'C'],
    [
      'Phương án A sai vì Huế là cố đô, B sai vì Đà Nẵng là thành phố trực thuộc trung ương, vậy đáp án là C.',
      CAPITAL,
      'C',
    ],
    ['Đáp án A. À không, đáp án đúng là B.', CAPITAL, 'B'],
    ['Answer: A\nWait, that is wrong. The answer is C.', CAPITAL, 'C'],
    ['Nhiều người chọn A vì nhầm với cố đô. Tuy nhiên C là đáp án đúng.', CAPITAL, 'C'],
    ['Nhiều người nghĩ rằng đáp án là A, nhưng đáp án đúng là C.', CAPITAL, 'C'],
    ['Tôi cho rằng đáp án là C.', CAPITAL, 'C'],
    ['Tôi nghĩ rằng đáp án là C, dù có người cho rằng đáp án là A.', CAPITAL, 'C'],
    ['Nếu chọn A thì sai, vì Huế chỉ là cố đô. Câu trả lời chính xác là C.', CAPITAL, 'C'],
    [
      'Đáp án: C\n\nGiải thích: Hà Nội là thủ đô từ 1976. Phương án A sai vì Huế chỉ là cố đô; B và D đều sai.',
      CAPITAL,
      'C',
    ],
    [
      'Phân tích:\nA. Huế – cố đô, không phải thủ đô hiện nay.\nB. Đà Nẵng – sai.\nC. Hà Nội – đúng.\nD. TP. Hồ Chí Minh – sai.\n\nĐáp án đúng: C',
      CAPITAL,
      'C',
    ],
    ['Let me think. Hue was the imperial capital, but the current capital is Hanoi.\nFinal answer: C', CAPITAL, 'C'],
    ['Câu trả lời: B', TRUE_FALSE, 'B'],
  ])('%j → %s', (output, choices, expected) => {
    expect(extractChoice(output, choices)).toBe(expected);
  });
});

describe('extractChoice: option text', () => {
  it.each([
    ['Thủ đô của Việt Nam là Hà Nội.', CAPITAL, 'C'],
    ['Huế từng là kinh đô, nhưng thủ đô hiện nay là Hà Nội.', CAPITAL, 'C'],
    ['Thủ đô không phải là Huế mà là Hà Nội.', CAPITAL, 'C'],
    ['Thu do cua Viet Nam la Ha Noi', CAPITAL, 'C'],
    ['Văn bản quy định trực tiếp là Luật An ninh mạng.', LAW, 'B'],
    ['Huế hoặc Hà Nội.', CAPITAL, null],
    ['Có thể là Huế, cũng có thể là Hà Nội.', CAPITAL, null],
  ])('%j → %s', (output, choices, expected) => {
    expect(extractChoice(output, choices)).toBe(expected);
  });
});

describe('extractChoice: options whose text names letters or says none is right', () => {
  it.each([
    ['Đáp án: C. Cả A và B đều đúng', 'C'],
    ['Đáp án: D. Không có đáp án nào đúng', 'D'],
    ['Cả A và B đều đúng.', 'C'],
    ['Đáp án: A. Hà Nội', 'A'],
  ])('%j → %s', (output, expected) => {
    expect(extractChoice(output, META)).toBe(expected);
  });

  const sets = [CAPITAL, VITAMIN, CENTURY, LAW, TRUE_FALSE, META].map((choices) => ({ choices }));
  it.each(sets)('reads the gold format "Đáp án: X. text" for $choices', ({ choices }) => {
    expect(choices.length).toBeGreaterThan(1);
    choices.forEach((text, i) => {
      const letter = 'ABCD'[i];
      expect(extractChoice(`Đáp án: ${letter}. ${text}`, choices)).toBe(letter);
    });
  });
});

describe('extractChoice: no answer', () => {
  it.each([
    [''],
    ['   '],
    ['Đáp án là A hoặc C.'],
    ['A và B đều đúng.'],
    ['Cả A và C đều có thể đúng tuỳ ngữ cảnh.'],
    ['Tôi không thể trả lời câu hỏi này.'],
    ['Xin lỗi, tôi không thể giúp bạn với câu hỏi này.'],
    ['Không có đáp án nào đúng trong các phương án trên.'],
    ['Tất cả các phương án đều sai.'],
    ['None of the above options is correct.'],
    ['Đáp án: E'],
    ['The answer is a bit tricky: both cities were capitals at some point.'],
    ['Tôi cần thêm thông tin để trả lời.'],
    // Hedged: a second letter offered as "could also be".
    ['Đáp án: A. Nhưng cũng có thể đáp án: B.'],
    ['Tôi nghĩ là A, nhưng cũng có thể là B.'],
    ['Dap an: A. Nhung cung co the la D.'],
    ['The answer is A, but it could also be C.'],
    // Someone else's answer, reported: not the model's own.
    ['Một số người cho rằng đáp án là B.'],
    ['Có người cho rằng cũng có thể chọn B'],
    ['Nhieu nguoi nghi rang dap an la D.'],
    ['Some people think the answer is B.'],
  ])('%j → null', (output) => {
    expect(extractChoice(output, CAPITAL)).toBeNull();
  });

  it('only accepts letters of existing options', () => {
    expect(extractChoice('Đáp án: C', TRUE_FALSE)).toBeNull();
    expect(extractChoice('Đáp án: C', [])).toBeNull();
  });
});
