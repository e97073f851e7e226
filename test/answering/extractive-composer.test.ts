import { describe, expect, it } from 'vitest';
import { ANSWER_TEXTS } from '../../src/answering/answer-texts.ts';
import { COMPOSITION, createExtractiveComposer } from '../../src/answering/extractive-composer.ts';
import { ExtractiveAnswerer } from '../../src/answering/extractive-answerer.ts';
import type { Answer } from '../../src/answering/types.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import {
  DECREE,
  DECREE_CITE,
  DOSSIER_ITEMS,
  ORGANISATIONS_CITE,
  decree,
  organisationsLaw,
} from '../fixtures/answering-extractive/documents.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import {
  CURRENT_CITE,
  CURRENT_LAW,
  KNOWLEDGE_DIR,
  OLD_CITE,
  OLD_LAW,
  PLAN,
  PLAN_CITE,
  fixtureDocuments,
} from '../fixtures/knowledge/documents.ts';

/**
 * The offline answer as a user reads it, built the way the app builds it (lexical retrieval, then the
 * composer) over fictional texts: a current law, the law it superseded, a provincial plan and a decree.
 */
const index = KnowledgeIndex.build([...fixtureDocuments(), decree()], loadLexicon(KNOWLEDGE_DIR));
const retriever = new HybridRetriever(index, undefined, captureLogger().logger);
const answerer = (nationalTextsLoaded = true) =>
  new ExtractiveAnswerer(retriever, createExtractiveComposer({ nationalTextsLoaded }));
const ask = (question: string, nationalTextsLoaded = true): Promise<Answer> => answerer(nationalTextsLoaded).answer(question);

const CURRENT_STATUS = 'còn hiệu lực (văn bản giả lập cho kiểm thử)';
const OLD_STATUS = 'hết hiệu lực từ 01/01/2025, thay bằng Luật Hợp tác xã mẫu 2024 (giả lập)';

const lines = (answer: Answer) => answer.answer.split('\n');
const firstLine = (answer: Answer) => lines(answer)[0]!;
const bullets = (answer: Answer) => lines(answer).filter((l) => l.startsWith('• ')).map((l) => l.slice(2));
const basisLine = (answer: Answer) => {
  const found = lines(answer).filter((l) => l.startsWith(`**${ANSWER_TEXTS.basis}:**`));
  expect(found, answer.answer).toHaveLength(1);
  return found[0]!;
};
const seeAlsoLine = (answer: Answer) => lines(answer).find((l) => l.startsWith(`${ANSWER_TEXTS.seeAlso}: `));

describe('extractive answer: the fact asked for comes first', () => {
  it.each([
    'Hợp tác xã cần ít nhất bao nhiêu thành viên?',
    'hop tac xa can it nhat bao nhieu thanh vien',
    'HTX phải có tối thiểu mấy thành viên',
    'thanh lap htx can may nguoi',
  ])('"%s" → the minimum number of members, 05, on the first line', async (question) => {
    const answer = await ask(question);
    expect(answer.abstained).toBe(false);
    expect(answer.mode).toBe('extractive');
    expect(firstLine(answer)).toContain('ít nhất 05 thành viên');
    expect(firstLine(answer)).not.toContain('07');
    expect(answer.citations[0]).toMatchObject({ docId: CURRENT_LAW, citation: `Điều 3 ${CURRENT_CITE}`, status: 'in_force' });
    expect(answer.query).toBe(question);
  });

  it('"… ở đâu?" → the place, on the first line', async () => {
    const answer = await ask('Đăng ký hợp tác xã ở đâu?');
    expect(answer.abstained).toBe(false);
    expect(firstLine(answer)).toContain('nộp tại cơ quan đăng ký kinh doanh cấp tỉnh');
    expect(basisLine(answer)).toContain(`Khoản 1 Điều 10 ${CURRENT_CITE}`);
  });

  it('answers a question typed with and without accents the same way', async () => {
    const accented = await ask('Nhiệm kỳ của hội đồng quản trị tối đa mấy năm?');
    const plain = await ask('nhiem ky cua hoi dong quan tri toi da may nam');
    expect(firstLine(accented)).toContain('không quá 05 năm');
    // The answer and its basis are the same; "Xem thêm" may differ, since unaccented words are
    // ambiguous ("may" is also "máy") and so match more passages.
    expect(firstLine(plain)).toBe(firstLine(accented));
    expect(basisLine(plain)).toBe(basisLine(accented));
  });
});

describe('extractive answer: a count asked of one organisation', () => {
  const definitions = KnowledgeIndex.build([organisationsLaw()], loadLexicon(KNOWLEDGE_DIR));
  const askDefinitions = (question: string) =>
    new ExtractiveAnswerer(
      new HybridRetriever(definitions, undefined, captureLogger().logger),
      createExtractiveComposer({ nationalTextsLoaded: true }),
    ).answer(question);

  it.each([
    ['Hợp tác xã cần ít nhất bao nhiêu thành viên?', 'Hợp tác xã là tổ chức', 'ít nhất 05 thành viên', 'Khoản 1 Điều 2'],
    ['htx can it nhat may thanh vien', 'Hợp tác xã là tổ chức', 'ít nhất 05 thành viên', 'Khoản 1 Điều 2'],
    ['Tổ hợp tác cần ít nhất mấy thành viên?', 'Tổ hợp tác là nhóm', 'ít nhất 02 thành viên', 'Khoản 7 Điều 2'],
    ['Liên hiệp hợp tác xã cần ít nhất mấy hợp tác xã?', 'Liên hiệp hợp tác xã là tổ chức', 'ít nhất 03 hợp tác xã', 'Khoản 2 Điều 2'],
  ])('"%s" → its own minimum, not another organisation’s nor a meeting’s', async (question, subject, minimum, where) => {
    const answer = await askDefinitions(question);
    expect(firstLine(answer).startsWith(subject), answer.answer).toBe(true);
    expect(firstLine(answer)).toContain(minimum);
    expect(basisLine(answer)).toContain(`${where} ${ORGANISATIONS_CITE}`);
    expect(answer.answer).not.toContain('100 thành viên');
  });
});

describe('extractive answer: the "Căn cứ" line', () => {
  it('cites down to the khoản, with the status note of the document', async () => {
    const answer = await ask('Nhiệm kỳ của hội đồng quản trị tối đa mấy năm?');
    expect(basisLine(answer)).toBe(`**Căn cứ:** Khoản 2 Điều 8 ${CURRENT_CITE}, về Hội đồng quản trị — ${CURRENT_STATUS}`);
    expect(answer.citations[0]).toEqual({
      docId: CURRENT_LAW,
      citation: `Khoản 2 Điều 8 ${CURRENT_CITE}`,
      status: 'in_force',
      statusNote: CURRENT_STATUS,
    });
  });

  it('cites the điểm when the answering line is a điểm', async () => {
    const answer = await ask('thành viên được chia thu nhập theo tỷ lệ vốn góp thế nào');
    expect(firstLine(answer)).toContain('Theo tỷ lệ vốn góp của thành viên');
    expect(basisLine(answer)).toBe(`**Căn cứ:** Điểm b khoản 2 Điều 5 ${CURRENT_CITE}, về quyền của thành viên — ${CURRENT_STATUS}`);
  });

  it('cites the article alone when the article has no khoản', async () => {
    const answer = await ask('Hợp tác xã cần ít nhất bao nhiêu thành viên?');
    expect(basisLine(answer)).toBe(`**Căn cứ:** Điều 3 ${CURRENT_CITE}, về số thành viên tối thiểu — ${CURRENT_STATUS}`);
  });

  // The khoản alone does not say which matter it settles: the article's title follows, a body's
  // name ("Hội đồng quản trị") in its own capitals, any other title read on in lower case.
  it('names what the article quoted is about, from its heading', async () => {
    expect(basisLine(await ask('Nhiệm kỳ của hội đồng quản trị tối đa mấy năm?'))).toContain(', về Hội đồng quản trị — ');
    expect(basisLine(await ask('thành viên được chia thu nhập theo tỷ lệ vốn góp thế nào'))).toContain(', về quyền của thành viên — ');
  });

  it('puts the source after the answer, never before it', async () => {
    const answer = await ask('vốn điều lệ là gì');
    expect(lines(answer).indexOf(basisLine(answer))).toBeGreaterThan(0);
  });
});

describe('extractive answer: cautions', () => {
  it('warns that a superseded law no longer applies, and says so in the status of the source', async () => {
    const answer = await ask('theo luật cũ hợp tác xã cần ít nhất mấy thành viên');
    expect(answer.abstained).toBe(false);
    expect(firstLine(answer)).toContain('ít nhất 07 thành viên');
    expect(answer.answer).toContain(`⚠️ Văn bản này ${OLD_STATUS}: chỉ để tham khảo, không còn áp dụng.`);
    expect(basisLine(answer)).toBe(`**Căn cứ:** Điều 2 ${OLD_CITE}, về số thành viên tối thiểu — ${OLD_STATUS}`);
    expect(answer.citations[0]).toMatchObject({ docId: OLD_LAW, status: 'superseded' });
    // The caution stands before the source, where a reader still is.
    expect(answer.answer.indexOf('⚠️')).toBeLessThan(answer.answer.indexOf('**Căn cứ:**'));
  });

  it('gives no caution for a law in force', async () => {
    const answer = await ask('Hợp tác xã cần ít nhất bao nhiêu thành viên?');
    expect(answer.answer).not.toContain('⚠️');
    expect(answer.answer).not.toContain('📍');
  });

  it('says a local plan applies only in its locality', async () => {
    const answer = await ask('ở Ngọc Sơn hỗ trợ thành lập hợp tác xã thế nào');
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('được hỗ trợ tư vấn, tập huấn và chi phí thành lập ban đầu');
    expect(answer.answer).toContain('📍 Đây là văn bản của địa phương, chỉ áp dụng tại tỉnh Ngọc Sơn.');
    expect(basisLine(answer)).toContain(`Mục III.2 ${PLAN_CITE}`);
    expect(answer.citations[0]).toMatchObject({ docId: PLAN, status: 'in_force' });
  });
});

describe('extractive answer: length', () => {
  const question = 'sổ sách kế toán của hợp tác xã phải lưu giữ bao lâu';

  it('trims a long article to the sentences that answer, and points to the rest', async () => {
    const answer = await ask(question);
    expect(answer.passages[0]!.passage.docId).toBe(DECREE);
    const article = index.passages.filter((p) => p.docId === DECREE && p.article === 3);
    expect(article.reduce((n, p) => n + p.text.length, 0)).toBeGreaterThan(1_500);

    expect(answer.answer.length).toBeLessThanOrEqual(1_300);
    expect(firstLine(answer)).toContain('lưu giữ ít nhất 10 năm');
    // The khoản is longer than an answer line may be: cut to its answering sentences.
    expect(firstLine(answer).length).toBeLessThanOrEqual(COMPOSITION.maxDirectChars + 10);
    expect(firstLine(answer)).toContain(' … ');
    expect(basisLine(answer)).toContain(`Khoản 1 Điều 3 ${DECREE_CITE}`);
    expect(seeAlsoLine(answer)).toContain(`Điều 3 ${DECREE_CITE}`);
  });

  it('keeps every answer of the fixtures within the limit', async () => {
    for (const q of [question, 'quy định về sổ sách kế toán của hợp tác xã', 'quyền của thành viên hợp tác xã', 'kế toán viên của hợp tác xã']) {
      const answer = await ask(q);
      expect(answer.answer.length, q).toBeLessThanOrEqual(1_300);
    }
  });
});

describe('extractive answer: what kind of question', () => {
  it.each([
    ['vốn điều lệ là gì', 'Vốn điều lệ là tổng số vốn', 'Khoản 3 Điều 2'],
    ['thanh vien lien ket la gi', 'Thành viên liên kết là người dùng dịch vụ', 'Khoản 2 Điều 2'],
    ['Hợp tác xã là gì?', 'Hợp tác xã là tổ chức do các thành viên tự nguyện', 'Khoản 1 Điều 2'],
  ])('"%s" answers with the defining line alone', async (question, definition, where) => {
    const answer = await ask(question);
    expect(firstLine(answer).startsWith(definition), answer.answer).toBe(true);
    // A definition answers on its own: the neighbouring definitions would only be noise.
    expect(bullets(answer)).toEqual([]);
    expect(basisLine(answer)).toContain(`${where} ${CURRENT_CITE}`);
  });

  it('brings the điểm under a lead-in ending with ":" as "• " lines, in order', async () => {
    const answer = await ask('thành viên được chia thu nhập theo những cách nào');
    expect(firstLine(answer)).toBe('Được chia phần thu nhập còn lại sau khi hợp tác xã hoàn thành nghĩa vụ tài chính, theo các cách sau:');
    expect(lines(answer).slice(1, 4)).toEqual([
      '• Theo mức độ sử dụng dịch vụ của từng thành viên trong năm tài chính;',
      '• Theo tỷ lệ vốn góp của thành viên, nhưng không vượt quá mức do đại hội thành viên quyết định;',
      '• Theo công sức lao động đóng góp nếu thành viên làm việc cho hợp tác xã.',
    ]);
    expect(basisLine(answer)).toContain(`Khoản 2 Điều 5 ${CURRENT_CITE}`);
  });

  it('never lists part of the điểm of a lead-in without saying there is more', async () => {
    const answer = await ask('hồ sơ đăng ký thành lập hợp tác xã gồm những gì');
    expect(firstLine(answer)).toBe('Hồ sơ đăng ký thành lập hợp tác xã gồm các giấy tờ sau đây:');
    expect(basisLine(answer)).toContain(`Khoản 1 Điều 2 ${DECREE_CITE}`);
    const listed = bullets(answer);
    expect(listed).toEqual(DOSSIER_ITEMS.slice(0, listed.length));
    // A dossier missing one paper is sent back: a partial list must say where the rest is.
    if (listed.length < DOSSIER_ITEMS.length) expect(seeAlsoLine(answer) ?? '', answer.answer).toContain(`Điều 2 ${DECREE_CITE}`);
  });

  it('writes the answer without the numbering of the text', async () => {
    const answer = await ask('Nhiệm kỳ của hội đồng quản trị tối đa mấy năm?');
    expect(firstLine(answer)).toMatch(/^Nhiệm kỳ/);
    for (const line of bullets(answer)) expect(line).not.toMatch(/^(\d+\.|[a-zđ]\))\s/);
  });
});

describe('extractive answer: abstention', () => {
  it.each([
    'Ngày mai Hà Nội có mưa không?',
    'Cách nấu phở bò cho ngon?',
    'Tối nay đội tuyển Việt Nam đá với ai?',
    'Thuế thu nhập cá nhân tính thế nào?',
    'Đăng ký kết hôn cần giấy tờ gì?',
    'mua ve may bay di Da Nang',
  ])('declines "%s", says where to ask instead and what the bot is for', async (question) => {
    const answer = await ask(question);
    expect(answer.abstained).toBe(true);
    expect(answer.mode).toBe('extractive');
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain(ANSWER_TEXTS.notFound);
    expect(answer.answer).toContain('Cơ quan đăng ký hợp tác xã');
    expect(answer.answer).toContain('Liên minh Hợp tác xã');
    expect(answer.answer).toContain(ANSWER_TEXTS.offTopicHint);
    expect(answer.answer).not.toContain('**Căn cứ:**');
    expect(answer.answer).not.toContain(ANSWER_TEXTS.nationalTextsMissing);
  });

  it('declines an in-domain question the texts do not cover, without the off-topic hint', async () => {
    const answer = await ask('thuế giá trị gia tăng của hợp tác xã là bao nhiêu');
    expect(answer.abstained).toBe(true);
    expect(answer.answer).toContain('Cơ quan đăng ký hợp tác xã');
    expect(answer.answer).toContain('Liên minh Hợp tác xã');
    expect(answer.answer).not.toContain(ANSWER_TEXTS.offTopicHint);
  });

  it('declines an empty question or a greeting', async () => {
    for (const question of ['', '   ', 'xin chào', 'là gì']) {
      const answer = await ask(question);
      expect(answer.abstained, JSON.stringify(question)).toBe(true);
      expect(answer.citations).toEqual([]);
    }
  });

  it('says the national texts are not loaded when they are not, and only then', async () => {
    const missing = await ask('Ngày mai Hà Nội có mưa không?', false);
    expect(missing.abstained).toBe(true);
    expect(missing.answer).toContain(ANSWER_TEXTS.nationalTextsMissing);
    expect(missing.answer).toContain('chưa được nạp');
    const loaded = await ask('Ngày mai Hà Nội có mưa không?', true);
    expect(loaded.answer).not.toContain('chưa được nạp');
  });
});

describe('extractive answer: "Xem thêm"', () => {
  it('offers other close passages by their citation, never the one already cited', async () => {
    const answer = await ask('quyền của thành viên hợp tác xã');
    const seeAlso = seeAlsoLine(answer);
    expect(seeAlso).toBeDefined();
    const cited = answer.citations.map((c) => c.citation);
    expect(new Set(cited).size).toBe(cited.length);
    for (const citation of cited.slice(1)) expect(seeAlso).toContain(citation);
  });

  it('carries a citation for every passage it names, with its document and status', async () => {
    const answer = await ask('theo luật cũ hợp tác xã cần ít nhất mấy thành viên');
    for (const citation of answer.citations) {
      expect(index.metaById.has(citation.docId)).toBe(true);
      expect(citation.statusNote).toBeTruthy();
    }
  });
});
