import { describe, expect, it } from 'vitest';
import { loadFlowLibrary } from '../../src/flows/flow-definition.ts';
import { allText, FLOWS_DIR, stateOf, testEngine, walk } from './engine-harness.ts';

const { provinces } = loadFlowLibrary(FLOWS_DIR);
const current = provinces.filter((p) => p.now === undefined);
const former = provinces.filter((p) => p.now !== undefined);

describe('provinces after Nghị quyết 202/2025/QH15', () => {
  it('are 34 today, 6 cities and 28 provinces, with the 29 merged into them', () => {
    expect(current).toHaveLength(34);
    expect(current.filter((p) => p.kind === 'thành phố').map((p) => p.name).sort()).toEqual(['Cần Thơ', 'Hà Nội', 'Hải Phòng', 'Hồ Chí Minh', 'Huế', 'Đà Nẵng'].sort());
    expect(former).toHaveLength(29);
    expect(provinces).toHaveLength(63);
    for (const p of former) expect(current.map((c) => c.name), p.name).toContain(p.now);
  });

  it.each([
    ['Kon Tum', 'Quảng Ngãi'],
    ['Quảng Nam', 'Đà Nẵng'],
    ['Bình Dương', 'Hồ Chí Minh'],
    ['Bà Rịa - Vũng Tàu', 'Hồ Chí Minh'],
    ['Hải Dương', 'Hải Phòng'],
    ['Trà Vinh', 'Vĩnh Long'],
    ['Long An', 'Tây Ninh'],
    ['Hà Giang', 'Tuyên Quang'],
    ['Đắk Nông', 'Lâm Đồng'],
    ['Phú Yên', 'Đắk Lắk'],
  ])('%s is now part of %s', (name, now) => {
    expect(provinces.find((p) => p.name === name)?.now).toBe(now);
  });

  it('a former name is understood, said back with the province it belongs to now, and kept as typed', async () => {
    const engine = testEngine();
    const outputs = await walk(engine, 'chinh-sach', ['Hợp tác xã', 'Nông nghiệp', 'vung tau']);
    const after = outputs[3];
    expect(allText(after as never)).toContain('Từ 12/6/2025, tỉnh Bà Rịa - Vũng Tàu đã được sáp nhập vào thành phố Hồ Chí Minh (Nghị quyết 202/2025/QH15)');
    expect(allText(after as never)).toContain('Liên minh Hợp tác xã thành phố Hồ Chí Minh');
    expect(stateOf(after as never).answers.province).toBe('Bà Rịa - Vũng Tàu');
    // A current province is taken without a word.
    const [, , , plain] = await walk(engine, 'chinh-sach', ['Hợp tác xã', 'Nông nghiệp', 'Gia Lai']);
    expect(allText(plain as never)).not.toContain('sáp nhập');
  });
});
