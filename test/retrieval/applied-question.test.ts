import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleBook } from '../../src/knowledge/rule-book.ts';
import { readAppliedQuestion } from '../../src/retrieval/applied-question.ts';
import { KNOWLEDGE_DIR } from '../fixtures/knowledge/documents.ts';

/** The project's rules (knowledge/rules.yaml) applied to numbers people give in their questions. */
const rules = loadRuleBook(join(KNOWLEDGE_DIR, 'rules.yaml'));
const read = (question: string) => readAppliedQuestion(question, rules);

describe('readAppliedQuestion', () => {
  it.each([
    ['Tôi muốn lập hợp tác xã với 4 người có được không?', 'htx-members', 4, false],
    ['lap htx voi bon nguoi duoc khong', 'htx-members', 4, false],
    ['7 người lập HTX được không', 'htx-members', 7, true],
    ['tổ hợp tác 2 người có được không', 'to-hop-tac-members', 2, true],
    ['liên hiệp 2 hợp tác xã có lập được không', 'lien-hiep-members', 2, false],
    ['con tôi mười bảy tuổi vào htx được không', 'htx-member-age', 17, false],
    ['hai người có lập được tổ hợp tác không', 'to-hop-tac-members', 2, true],
    ['một người góp 40% vốn điều lệ htx có được không', 'htx-capital-share', 40, false],
    ['liên hiệp htx một thành viên góp 40% vốn có được không', 'lien-hiep-capital-share', 40, true],
    ['tổ hợp tác mới đăng ký 8 tháng có chuyển thành htx được không', 'to-hop-tac-conversion-months', 8, false],
    ['tổ hợp tác hoạt động 2 năm rồi chuyển lên htx được không', 'to-hop-tac-conversion-months', 24, true],
    ['hội đồng quản trị 20 người có được không', 'board-members-max', 20, false],
    ['hội đồng quản trị 2 người được không', 'board-members-min', 2, false],
    ['nhiệm kỳ hội đồng quản trị 6 năm có được không', 'board-term-years', 6, false],
  ])('"%s" → %s with %d (meets: %s)', (question, ruleId, value, meets) => {
    expect(read(question)).toMatchObject({ rule: { id: ruleId }, value, meets });
  });

  it.each([
    'thành lập htx cần mấy người',
    'Hợp đồng hợp tác thời hạn 3 năm của tổ hợp tác có chấm dứt trước được không?',
    'Tài sản góp vốn có phải là Đồng Việt Nam không? Thành viên có thể dùng tài sản để tham gia không?',
    'năm 2024 có bao nhiêu hợp tác xã',
    'người nước ngoài có được làm thành viên htx không',
  ])('is not an applied question: "%s"', (question) => {
    expect(read(question)).toBeUndefined();
  });
});
