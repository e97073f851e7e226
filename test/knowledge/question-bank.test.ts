import { describe, expect, it } from 'vitest';
import { bankCoverage } from '../../src/knowledge/bank-coverage.ts';
import { chunkLibrary } from '../../src/knowledge/chunking/index.ts';
import { parseQuestionBank, resolveQuestionBank } from '../../src/knowledge/question-bank.ts';
import { CURRENT_LAW, PLAN, currentLaw, provincePlan } from '../fixtures/knowledge/documents.ts';

/** The bank over the fictional law and plan of the fixtures: parsing, targets, basis phrases, coverage. */
const passages = chunkLibrary([currentLaw(), provincePlan()]);
const bank = (yaml: string) => parseQuestionBank(yaml, 'test.yaml');

describe('parseQuestionBank', () => {
  it('reads entries with their document, ref, questions, lead and basis, NFC-normalised', () => {
    const [entry] = bank(`doc: ${CURRENT_LAW}\nentries:\n  - ref: "3"\n    questions: [htx cần mấy người, "Thành lập hợp tác xã cần ít nhất bao nhiêu thành viên?"]\n    lead: Cần ít nhất 05 thành viên chính thức.\n    basis: ít nhất 05 thành viên chính thức\n`);
    expect(entry).toMatchObject({ doc: CURRENT_LAW, ref: '3', lead: 'Cần ít nhất 05 thành viên chính thức.', basis: 'ít nhất 05 thành viên chính thức' });
    expect(entry!.questions).toHaveLength(2);
    expect(entry!.id).toBe(`${CURRENT_LAW}:3:0`);
  });

  it.each([
    ['no ref and no line', `doc: x\nentries:\n  - questions: [a b c]\n`, 'a ref or a line'],
    ['a malformed ref', `doc: x\nentries:\n  - ref: "Điều 3"\n    questions: [a b c]\n`, 'ref is'],
    ['a lead without basis', `doc: x\nentries:\n  - ref: "3"\n    questions: [a b c]\n    lead: Có.\n`, 'basis'],
    ['a question that YAML read as a mapping', `doc: x\nentries:\n  - ref: "3"\n    questions:\n      - thủ tục: hồ sơ\n`, 'questions.0'],
  ])('rejects %s, naming the file and the field', (_, yaml, message) => {
    expect(() => bank(yaml)).toThrow(/test\.yaml/);
    expect(() => bank(yaml)).toThrow(message);
  });
});

describe('resolveQuestionBank', () => {
  const resolve = (yaml: string) => resolveQuestionBank(bank(yaml), passages);

  it('points a khoản, a điểm and an article without khoản at the line that says it', () => {
    const { resolved, unresolved } = resolve(`doc: ${CURRENT_LAW}
entries:
  - { ref: "3", questions: [htx cần mấy người] }
  - { ref: "4.1", questions: [mấy tuổi thì vào htx được] }
  - { ref: "5.2.b", questions: [chia lãi theo vốn góp thế nào] }
`);
    expect(unresolved).toEqual([]);
    const [article, clause, point] = resolved.map((r) => r.target);
    const lineOf = (t: typeof article) => passages.find((p) => p.id === t!.passageId)!.text.split('\n').filter((l) => l.trim())[t!.lineIndex];
    expect(lineOf(article)).toContain('ít nhất 05 thành viên chính thức');
    expect(article!.unit).toBe('Điều 3');
    expect(lineOf(clause)).toMatch(/^1\. Cá nhân từ đủ 18 tuổi/);
    expect(clause!.unit).toBe('Khoản 1 Điều 4');
    expect(lineOf(point)).toMatch(/^b\) Theo tỷ lệ vốn góp/);
    expect(point!.unit).toBe('Điểm b khoản 2 Điều 5');
  });

  it('finds a line of an unnumbered plan by its verbatim phrase', () => {
    const plan = passages.filter((p) => p.docId === PLAN);
    const phrase = plan[1]!.text.split('\n').filter((l) => l.trim()).at(-1)!.slice(0, 30);
    const { resolved } = resolve(`doc: ${PLAN}\nentries:\n  - line: "${phrase}"\n    questions: [ngọc sơn hỗ trợ gì]\n`);
    expect(resolved[0]!.target.unitText).toContain(phrase);
  });

  it('reports a ref that does not exist, a basis not in the khoản, a line not in the text and a document not loaded', () => {
    const { resolved, unresolved } = resolve(`doc: ${CURRENT_LAW}
entries:
  - { ref: "99", questions: [a b c] }
  - { ref: "4.7", questions: [a b c] }
  - { ref: "3", questions: [a b c], lead: Có., basis: ít nhất 07 thành viên }
  - { ref: "4", line: "không có dòng này", questions: [a b c] }
`);
    expect(resolved).toEqual([]);
    expect(unresolved.map((u) => u.error)).toEqual([
      `Điều 99 not found in ${CURRENT_LAW}`,
      `4.7 not found in ${CURRENT_LAW}`,
      `basis "ít nhất 07 thành viên" is not in 3 of ${CURRENT_LAW}`,
      `line "không có dòng này" not found in 4 of ${CURRENT_LAW}`,
    ]);
    expect(resolveQuestionBank(bank(`doc: nd-0-2099\nentries:\n  - { ref: "1", questions: [a b c] }\n`), passages).unresolved[0]!.error).toBe('document nd-0-2099 is not loaded');
  });
});

describe('bankCoverage', () => {
  it('names the articles under three questions and the khoản no entry points into', () => {
    const { resolved } = resolveQuestionBank(bank(`doc: ${CURRENT_LAW}\nentries:\n  - { ref: "4.1", questions: [q một, q hai, q ba] }\n`), passages);
    const [coverage] = bankCoverage([currentLaw().meta], passages, resolved);
    expect(coverage!.thinArticles.map((t) => t.article)).toContain('3');
    expect(coverage!.thinArticles.map((t) => t.article)).not.toContain('4');
    expect(coverage!.uncoveredClauses).toContain('4.2');
    expect(coverage!.uncoveredClauses).not.toContain('4.1');
    expect(coverage!.questions).toBe(3);
  });
});
