import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TEXTS } from '../../src/answering/answer-texts.ts';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { importFromPaths } from '../../src/knowledge/import-service.ts';
import { loadQuestionBank } from '../../src/knowledge/question-bank.ts';
import { questionBankReport } from '../../src/knowledge/question-bank-report.ts';
import { loadRuleBook } from '../../src/knowledge/rule-book.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * The question bank and the rules against the imported national texts: every entry's target
 * exists and its basis phrase stands in the khoản it cites; every article in force is covered; the
 * answers built on them read right. Skipped, like test/corpus/answers, without the source texts.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const configured = process.env.KNOWLEDGE_SOURCES;
const SOURCES = configured ? (isAbsolute(configured) ? configured : resolve(REPO, configured)) : resolve(REPO, '../shared/knowledge-sources');
const LAW_2023 = 'Luật Hợp tác xã 2023 (17/2023/QH15)';

describe.skipIf(!existsSync(SOURCES))('question bank and rules on the national texts', () => {
  let dataDir: string;
  let app: App;
  let location: { knowledgeDir: string; dataDir: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'htx-bank-'));
    const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: join(REPO, 'knowledge'), PROMPTS_DIR: join(REPO, 'prompts'), LOG_LEVEL: 'silent' });
    importFromPaths(config, [SOURCES]);
    location = { knowledgeDir: config.knowledgeDir, dataDir };
    app = await createApp(config, createLogger('silent'));
  });
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('resolves every entry (target found, basis phrase in the cited khoản) and covers every article and khoản in force', () => {
    const report = questionBankReport(location);
    expect(report.text).not.toMatch(/unresolved|unreadable|GAPS/);
    expect(report.complete, report.text).toBe(true);
  });

  it('gives a lead sentence resting on a phrase of its khoản to at least 150 of the most asked questions', () => {
    const { entries } = loadQuestionBank(join(REPO, 'knowledge', 'questions'));
    expect(entries.filter((e) => e.lead && e.basis).length).toBeGreaterThanOrEqual(150);
    expect(app.index.bankEntries().length).toBe(entries.length);
  });

  it('finds every rule of knowledge/rules.yaml in the khoản it cites', () => {
    const rules = loadRuleBook(join(REPO, 'knowledge', 'rules.yaml'));
    expect(app.index.useRules(rules).unresolved).toEqual([]);
  });

  it.each([
    ['Tôi muốn lập hợp tác xã với 4 người có được không?', /^Chưa được\. .*ít nhất 05 thành viên chính thức; nhóm bạn mới có 4/, `Khoản 7 Điều 4 ${LAW_2023}`],
    ['lap htx voi 6 nguoi duoc khong', /^Được\. .*6 thành viên là đủ/, `Khoản 7 Điều 4 ${LAW_2023}`],
    ['con tôi 16 tuổi có làm thành viên chính thức htx được không', /^Chưa được\. .*từ đủ 18 tuổi/, `Điểm a khoản 1 Điều 30 ${LAW_2023}`],
    ['một xã viên góp 35% vốn điều lệ htx có được không', /^Không được\. .*tối đa 30% vốn điều lệ/, `Khoản 1 Điều 74 ${LAW_2023}`],
  ])('decides "%s" by the rule, quoting its khoản', async (question, lead, citation) => {
    const answer = await app.answerer.answer(question);
    expect(answer.abstained).toBe(false);
    expect(answer.answer.split('\n')[0], answer.answer).toMatch(lead);
    expect(answer.citations[0]!.citation).toBe(citation);
  });

  it('asks a follow-up again about its new subject: the liên hiệp’s own limit, not the previous answer', async () => {
    const first = await app.answerer.answer('vốn góp tối đa của một thành viên hợp tác xã là bao nhiêu');
    const history = [{ role: 'user' as const, text: first.query }, { role: 'bot' as const, text: first.answer }];
    const followUp = await app.answerer.answer('còn liên hiệp thì sao', history);
    expect(followUp.answer).toContain('40%');
    expect(followUp.answer).not.toBe(first.answer);
    expect(followUp.answer).toContain(ANSWER_TEXTS.understoodAs('vốn góp tối đa của một thành viên liên hiệp hợp tác xã là bao nhiêu'));
  });

  it.each([
    'Theo Nghị định 113/2024/NĐ-CP thành viên hợp tác xã đi học được hỗ trợ bao nhiêu phần trăm học phí?',
    'Thông tư 71/2024/TT-BTC quy định tài khoản kế toán của hợp tác xã thế nào?',
  ])('declines "%s": the document is not held', async (question) => {
    const answer = await app.answerer.answer(question);
    expect(answer.abstained, answer.answer).toBe(true);
    expect(answer.answer).toMatch(/mình chưa có (nghi dinh|thong tu) \d+\/2024/);
  });
});
