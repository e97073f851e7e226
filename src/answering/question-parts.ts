import { organisationNamed } from './carry-over.ts';

/**
 * What a message asks, sentence by sentence. People write a story and then the question ("Tôi cùng
 * 6 người nữa lập HTX … Vậy thủ tục chia HTX thế nào?"), or two questions in one message ("HĐQT có
 * bao nhiêu người? Nhiệm kỳ mấy năm?"). Each question is answered on its own; the story is context.
 */
export type MessageParts = { kind: 'single' } | { kind: 'story'; question: string } | { kind: 'several'; questions: string[] };

const SENTENCE = /[^.?!…]+[.?!…]*/gu;
// A question mark, or a question word at the end, "mấy"/"bao nhiêu" with what is counted after it
// ("cần mấy người"), a closing particle ("ạ", "vậy") allowed. Not `\b`, which knows only ASCII
// letters: it would never start the word "ở".
const QUESTION_CUE =
  /\?|(?<![\p{L}\p{N}])(?:không|chưa|gì|nào|sao|ai|ở đâu|khi nào|bao lâu|thế nào|ra sao|được không|có phải|(?:bao nhiêu|mấy)(?:\s+\p{L}+){0,2})(?:\s+(?:ạ|vậy|nhỉ|nhé|thế))?\s*[.…]*$/iu;
const MIN_WORDS = 3;
const MAX_QUESTIONS = 3;

export function messageParts(message: string): MessageParts {
  const sentences = (message.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= MIN_WORDS);
  if (sentences.length < 2) return { kind: 'single' };
  const questions = sentences.filter((s) => QUESTION_CUE.test(s));
  if (questions.length === 0) return { kind: 'single' };
  if (questions.length === 1) return { kind: 'story', question: withOrganisation(questions[0]!, message) };
  // A later question that names no organisation is about the one named earlier ("Có liên quan gì đến chi nhánh?").
  return { kind: 'several', questions: questions.slice(0, MAX_QUESTIONS).map((q) => withOrganisation(q, message)) };
}

function withOrganisation(question: string, message: string): string {
  if (organisationNamed(question)) return question;
  const named = organisationNamed(message);
  return named ? `${question.replace(/[?.…\s]+$/u, '')} của ${named}?` : question;
}
