import { describe, expect, it } from 'vitest';
import { messageParts } from '../../src/answering/question-parts.ts';

/** A message read as one question, a story around one, or several questions. */
describe('messageParts', () => {
  it('finds the question a story leads up to, by the words that end a Vietnamese question', () => {
    const story = (question: string) => messageParts(`Tôi ở Kon Tum, có 6 người muốn làm chung. ${question}`);
    expect(story('Vậy nộp hồ sơ lập hợp tác xã ở đâu')).toEqual({ kind: 'story', question: 'Vậy nộp hồ sơ lập hợp tác xã ở đâu' });
    expect(story('Vậy hợp tác xã cần mấy người')).toEqual({ kind: 'story', question: 'Vậy hợp tác xã cần mấy người' });
  });

  it('answers each of two questions in one message, and a single sentence as it is', () => {
    expect(messageParts('Hội đồng quản trị có bao nhiêu người? Nhiệm kỳ mấy năm?')).toEqual({
      kind: 'several',
      questions: ['Hội đồng quản trị có bao nhiêu người?', 'Nhiệm kỳ mấy năm?'],
    });
    expect(messageParts('hợp tác xã cần mấy thành viên')).toEqual({ kind: 'single' });
  });
});
