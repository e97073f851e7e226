import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFlowEngine } from '../../src/flows/flow-engine.ts';
import { loadFlowLibrary } from '../../src/flows/flow-definition.ts';
import { numberInWords, vndInWords } from '../../src/flows/number-in-words.ts';
import { addressParts } from '../../src/flows/papers/address-parts.ts';
import { formHasLabel, formSection, resolveLabel } from '../../src/flows/papers/form-labels.ts';
import { formLabels, loadFlowPapers } from '../../src/flows/papers/paper-definition.ts';
import { listItems } from '../../src/flows/read-answer.ts';
import { readsAsQuestion } from '../../src/flows/reads-as-question.ts';
import { findCatalogEntry, loadCatalog } from '../../src/knowledge/catalog.ts';
import { parseTextFile } from '../../src/knowledge/importers/text-file.ts';
import { docxText } from './docx-text.ts';
import { FLOWS_DIR, KNOWLEDGE_DIR, PAPERS, TODAY, finalOutput, stateOf, testEngine, walk } from './engine-harness.ts';

const LAW = 'Luật Hợp tác xã 2023 (17/2023/QH15)';
const GOOD_COOP = ['Hợp tác xã', 'Không, lập mới', '7', 'Cá nhân', '35', 'Không có', 'Nông nghiệp', 'Kon Tum', '500 triệu', '100 triệu'];

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** An engine that writes papers into a folder of its own, reading the forms from `circular` when given. */
function papersEngine(circular?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'htx-papers-'));
  made.push(dir);
  const engine = createFlowEngine({
    flowsDir: FLOWS_DIR,
    catalog: loadCatalog(KNOWLEDGE_DIR),
    now: () => TODAY,
    papersDir: dir,
    documentText: (id) => (id === 'tt-09-2024' ? circular : undefined),
  });
  return { engine, dir };
}

/** The Word file a finished founding guide hands over, as text. */
async function papersAfter(engine: ReturnType<typeof papersEngine>['engine'], answers: string[]) {
  const done = await finalOutput(engine, 'thanh-lap', answers);
  const [file] = done.replies[done.replies.length - 1]?.files ?? [];
  if (!file) throw new Error('no papers handed over');
  return { file, text: docxText(readFileSync(file.path)) };
}

describe('amounts in words, as the forms write them "bằng chữ"', () => {
  it.each([
    [0, 'không'],
    [5, 'năm'],
    [15, 'mười lăm'],
    [21, 'hai mươi mốt'],
    [105, 'một trăm linh năm'],
    [1_005, 'một nghìn không trăm linh năm'],
    [500_000_000, 'năm trăm triệu'],
    [1_500_000_000, 'một tỷ năm trăm triệu'],
    [1_000_050_000, 'một tỷ không trăm năm mươi nghìn'],
    [2_025_000_000, 'hai tỷ không trăm hai mươi lăm triệu'],
  ])('%d → %s', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('says đồng, with a capital first letter', () => {
    expect(vndInWords(500_000_000)).toBe('Năm trăm triệu đồng');
  });
});

describe('an address typed in one line, in the lines of the form', () => {
  it('puts each part where its first word says', () => {
    expect(addressParts('Số 12 đường Lê Lợi, thôn 3, xã Ea Tu, tỉnh Đắk Lắk')).toEqual({
      street: 'Số 12 đường Lê Lợi',
      hamlet: 'thôn 3',
      commune: 'xã Ea Tu',
      district: '',
    });
    expect(addressParts('ấp Phú Hòa, Thị trấn Mỹ Xuyên, huyện Mỹ Xuyên')).toMatchObject({ hamlet: 'ấp Phú Hòa', commune: 'Thị trấn Mỹ Xuyên', district: 'huyện Mỹ Xuyên' });
    expect(addressParts('thôn 3, xã A, xã B').street).toBe('xã B');
  });
});

describe('what reads as a question, not an answer', () => {
  it.each(['hộ nghèo có được ưu tiên vay vốn không?', 'doanh nghiệp có được làm thành viên không', 'vốn góp tối đa là bao nhiêu', 'cho hỏi thủ tục', 'tên htx đặt thế nào'])(
    '"%s" is a question',
    (text) => expect(readsAsQuestion(text)).toBe(true),
  );
  it.each(['không', 'không có', 'có, nhưng chưa đăng ký', 'Hợp tác xã Thành Công', 'thôn 3, xã Ea Tu', '7 người', 'tôi chưa'])('"%s" is an answer', (text) =>
    expect(readsAsQuestion(text)).toBe(false),
  );
});

describe('the papers\' questions', () => {
  const engine = testEngine();

  it('spells out the start a name must have, and keeps a name typed in full', async () => {
    const name = async (form: string[], typed: string) => {
      const outputs = await walk(engine, 'thanh-lap', [...form, typed]);
      return stateOf(outputs[outputs.length - 1] as never).answers.name;
    };
    expect(await name(GOOD_COOP, 'HTX Thành Công')).toBe('Hợp tác xã Thành Công');
    expect(await name(GOOD_COOP, 'Thành Công')).toBe('Hợp tác xã Thành Công');
    expect(await name(GOOD_COOP, 'hợp tác xã Thành Công')).toBe('Hợp tác xã Thành Công');
    // A name may hold words that elsewhere would ask for the policy finder.
    expect(await name(GOOD_COOP, 'HTX Dịch vụ hỗ trợ nông nghiệp')).toBe('Hợp tác xã Dịch vụ hỗ trợ nông nghiệp');
    const union = ['Liên hiệp hợp tác xã', '4', 'Không có', 'Khác', 'Cần Thơ', '2 tỷ', '35%'];
    expect(await name(union, 'LHHTX Mekong')).toBe('Liên hiệp hợp tác xã Mekong');
    expect(await name(['Tổ hợp tác', '3', 'Cá nhân', 'Không có', 'Khác', 'Huế'], 'Rau sạch')).toBe('Rau sạch');
  });

  it('takes lists apart, and lets the members\' names be skipped', async () => {
    expect(listItems('1. trồng lúa; nuôi cá\n- bán gạo, ')).toEqual(['trồng lúa', 'nuôi cá', 'bán gạo']);
    const skipped = stateOf(await finalOutput(engine, 'thanh-lap', [...GOOD_COOP, ...PAPERS]));
    expect(skipped.answers).toMatchObject({ name: 'Hợp tác xã Thành Công', address: 'thôn 3, xã Ea Tu', 'business-lines': 'trồng cà phê; sơ chế cà phê', 'member-names': '' });
  });

  it('answers a question asked instead of a name, and asks for the name again', async () => {
    const outputs = await walk(engine, 'thanh-lap', [...GOOD_COOP, 'tên htx có được trùng không?']);
    const last = outputs[outputs.length - 1];
    expect(last?.unanswered?.question).toBe(true);
    expect(last?.unanswered?.reask.text).toContain('Hợp tác xã dự kiến tên là gì?');
    expect(stateOf(last as never).stepId).toBe('name');
  });
});

describe('the papers, without the circular imported', () => {
  it('are written with the short labels, the answers, the checklist and the notice', async () => {
    const { engine, dir } = papersEngine();
    const { file, text } = await papersAfter(engine, [...GOOD_COOP, ...PAPERS]);
    expect(file.path.startsWith(dir)).toBe(true);
    expect(text).toContain('Tên hợp tác xã viết bằng tiếng Việt: HỢP TÁC XÃ THÀNH CÔNG');
    expect(text).toContain('Vốn điều lệ (bằng chữ; VNĐ): Năm trăm triệu đồng');
    expect(text).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(text).toContain('Cơ quan đăng ký có thể yêu cầu dùng mẫu mới hơn');
    // Blank where the user must still write.
    expect(text).toContain('Tôi là: …………');
    // Older papers are cleared as new ones are written; a fresh one lives in a folder of its own.
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

/** The circular as the bot imports it, from KNOWLEDGE_SOURCES (by default ../shared/knowledge-sources). */
const sourcesDir = resolve(process.env.KNOWLEDGE_SOURCES ?? resolve(import.meta.dirname, '../../../shared/knowledge-sources'));
function importedCircular(): string | undefined {
  if (!existsSync(sourcesDir)) return undefined;
  const catalog = loadCatalog(KNOWLEDGE_DIR);
  for (const name of readdirSync(sourcesDir).filter((f) => f.endsWith('.txt'))) {
    const imported = parseTextFile(readFileSync(join(sourcesDir, name), 'utf8'), name);
    if (findCatalogEntry(catalog, imported.number)?.id === 'tt-09-2024') return imported.text;
  }
  return undefined;
}
const circular = importedCircular();

describe.skipIf(circular === undefined)(
  circular === undefined
    ? `the papers follow the forms as imported — SKIPPED: Thông tư 09/2024/TT-BKHĐT not found in ${sourcesDir}; set KNOWLEDGE_SOURCES`
    : 'the papers follow the forms as imported (Thông tư 09/2024/TT-BKHĐT)',
  () => {
    const text = circular ?? '';
    const papers = loadFlowPapers(FLOWS_DIR, loadFlowLibrary(FLOWS_DIR).flows);
    const forms = [...papers.values()].flatMap((set) => set.forms);

    it.each(forms.map((form) => [form.id, form] as const))('every label of Mẫu %s is a label of that form', (id, form) => {
      const section = formSection(text, id);
      expect(section, `Mẫu ${id} in the import`).toBeDefined();
      for (const label of formLabels(form)) expect(formHasLabel(section!, label), `Mẫu ${id}: "${label}"`).toBe(true);
    });

    it('reads a form\'s full label from the short one, at the place the form has it', () => {
      const form = formSection(text, 'II-1');
      expect(resolveLabel(form, 'Tên hợp tác xã viết bằng tiếng Việt').text).toBe('Tên hợp tác xã viết bằng tiếng Việt (ghi bằng chữ in hoa)');
      expect(resolveLabel(form, 'Huyện/Quận/Thị xã/Thành phố thuộc tỉnh').text).toBe(
        'Huyện/Quận/Thị xã/Thành phố thuộc tỉnh/Thành phố thuộc thành phố trực thuộc Trung ương',
      );
      // Footnote marks glued to words are not part of the label.
      expect(resolveLabel(form, '4. Ngành, nghề kinh doanh').text).toBe('4. Ngành, nghề kinh doanh');
      // The first "Điện thoại" is the applicant's; the head office's comes after its address.
      const office = resolveLabel(form, 'Tỉnh/Thành phố trực thuộc Trung ương', resolveLabel(form, '3. Địa chỉ trụ sở chính').line);
      expect(resolveLabel(form, 'Điện thoại', office.line).text).toBe('Điện thoại');
      expect(resolveLabel(form, 'Điện thoại').text).toBe('Điện thoại (nếu có)');
    });

    it('fills the forms with the labels as imported', async () => {
      const { engine } = papersEngine(text);
      const coop = (await papersAfter(engine, [...GOOD_COOP, ...PAPERS])).text;
      expect(coop).toContain('Tên hợp tác xã viết bằng tiếng Việt (ghi bằng chữ in hoa): HỢP TÁC XÃ THÀNH CÔNG');
      expect(coop).toContain('Tôi là (ghi họ tên bằng chữ in hoa): …………');
      expect(coop).toContain('Vốn điều lệ (bằng số; VNĐ): 500.000.000');
      expect(coop).toContain('7. Người đại diện theo pháp luật: Gửi kèm (kê khai theo Mẫu II-3)');
      const union = (await papersAfter(engine, ['Liên hiệp hợp tác xã', '4', 'Không có', 'Khác', 'Cần Thơ', '2 tỷ', '35%', 'Mekong', 'phường Ninh Kiều', 'lúa gạo', 'Bỏ qua'])).text;
      expect(union).toContain('Tên liên hiệp hợp tác xã viết bằng tiếng Việt (ghi bằng chữ in hoa): LIÊN HIỆP HỢP TÁC XÃ MEKONG');
      expect(union).toContain('GIẤY ĐỀ NGHỊ ĐĂNG KÝ LIÊN HIỆP HỢP TÁC XÃ');
      const group = (await papersAfter(engine, ['Tổ hợp tác', '3', 'Cá nhân', 'Không có', 'Khác', 'Huế', 'Rau sạch', 'thôn La Khê', 'trồng rau', 'An, Bình, Chi'])).text;
      expect(group).toContain('Tên tổ hợp tác viết bằng tiếng Việt (ghi bằng chữ in hoa): RAU SẠCH');
      expect(group).toContain('6. Số lượng thành viên: 3');
      expect(group).toContain('Danh sách thành viên tổ hợp tác: Gửi kèm (kê khai theo mẫu Mẫu III-2)');
      expect(group).toContain('3 | Chi');
    });
  },
);
