import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useQuestionBank } from '../../src/retrieval/bank-store.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { CURRENT_LAW, KNOWLEDGE_DIR, fixtureDocuments } from '../fixtures/knowledge/documents.ts';

/** The bank as read is saved beside the index and reused while nothing it was read from changed. */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'htx-bank-store-'));
  dirs.push(root);
  const knowledgeDir = join(root, 'knowledge');
  mkdirSync(join(knowledgeDir, 'questions'), { recursive: true });
  const write = (questions: string) =>
    writeFileSync(join(knowledgeDir, 'questions', `${CURRENT_LAW}.yaml`), `doc: ${CURRENT_LAW}\nentries:\n  - ref: "3"\n    questions: [${questions}]\n  - ref: "99"\n    questions: [không có điều này]\n`);
  return { location: { knowledgeDir, dataDir: join(root, 'data'), nationalTexts: true }, write };
}
const freshIndex = () => KnowledgeIndex.build(fixtureDocuments(), loadLexicon(KNOWLEDGE_DIR));

describe('useQuestionBank', () => {
  it('reads the bank, leaves out what does not resolve with a warning, and saves it', () => {
    const { location, write } = setUp();
    write('thành lập htx cần tối thiểu mấy người');
    const { logger, entries } = captureLogger();
    const index = freshIndex();
    useQuestionBank(index, location, logger);
    expect(index.bankEntries().map((e) => e.ref)).toEqual(['3']);
    expect(entries()).toContainEqual(expect.objectContaining({ level: 40, unresolved: 1 }));
    expect(existsSync(join(location.dataDir, 'index', 'bank.json'))).toBe(true);
  });

  it('reuses the saved bank on the next start, and reads it again when a bank file changes', () => {
    const { location, write } = setUp();
    write('thành lập htx cần tối thiểu mấy người');
    useQuestionBank(freshIndex(), location, captureLogger().logger);

    const again = captureLogger();
    const reused = freshIndex();
    useQuestionBank(reused, location, again.logger);
    expect(again.entries().some((e) => e.level === 40)).toBe(false); // nothing re-resolved, so nothing to warn about
    expect(reused.matchBank('htx cần tối thiểu mấy người thành viên')[0]?.entry.ref).toBe('3');

    write('hợp tác xã phải có ít nhất bao nhiêu xã viên');
    const changed = captureLogger();
    const reread = freshIndex();
    useQuestionBank(reread, location, changed.logger);
    expect(changed.entries()).toContainEqual(expect.objectContaining({ level: 40, unresolved: 1 }));
    expect(reread.bankEntries()[0]!.questions).toEqual(['hợp tác xã phải có ít nhất bao nhiêu xã viên']);
  });

  it('leaves out a file that does not parse, with an error line, and still starts', () => {
    const { location } = setUp();
    writeFileSync(join(location.knowledgeDir, 'questions', 'broken.yaml'), 'doc: x\nentries: [ {');
    const { logger, entries } = captureLogger();
    const index = freshIndex();
    useQuestionBank(index, location, logger);
    expect(index.bankEntries()).toEqual([]);
    expect(entries()).toContainEqual(expect.objectContaining({ level: 50 }));
  });
});
