import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { citedTexts, FlowDefinitionError, loadFlowLibrary } from '../../src/flows/flow-definition.ts';
import { FLOWS_DIR, testEngine } from './engine-harness.ts';

const library = loadFlowLibrary(FLOWS_DIR);

/** Figures as numbers: "05" and "5" are the same figure; "{members}" is an answer, not a figure. */
function figures(text: string): number[] {
  return [...text.replace(/\{[a-z0-9-]+\}/g, '').matchAll(/\d+/g)].map((m) => Number(m[0]));
}

describe('the flow files', () => {
  it('load, and every citation names a document of the catalog', () => {
    expect(library.flows.map((f) => f.id).sort()).toEqual(['chinh-sach', 'thanh-lap']);
    expect(() => testEngine()).not.toThrow();
  });

  it('never state a figure that the cited passages are not checked to contain', () => {
    for (const flow of library.flows) {
      for (const { where, texts, cites } of citedTexts(flow)) {
        const checked = new Set(cites.flatMap((c) => c.mustContain).flatMap(figures));
        for (const figure of texts.flatMap(figures)) {
          expect(checked.has(figure), `${where}: ${figure} is not in any mustContain phrase`).toBe(true);
        }
      }
    }
  });

  it('give every rule a citation whose checked phrases hold the threshold it applies', () => {
    for (const flow of library.flows) {
      for (const step of flow.steps) {
        for (const rule of step.rules) {
          const where = `${flow.id}/${step.id}: ${rule.message.slice(0, 40)}`;
          const phrases = rule.cite.flatMap((c) => c.mustContain);
          expect(phrases.length, where).toBeGreaterThan(0);
          // Zero means "any at all", not a figure of the law.
          const threshold = Object.values(rule.fails).find((v): v is number => typeof v === 'number' && v !== 0);
          if (threshold !== undefined) expect(phrases.flatMap(figures), where).toContain(threshold);
        }
      }
    }
  });

  it('mention Luật Hợp tác xã 2012 only to say it no longer applies', () => {
    for (const flow of library.flows) {
      for (const { where, texts } of citedTexts(flow)) {
        for (const text of texts.filter((t) => t.includes('2012'))) expect(text, where).toMatch(/hết hiệu lực từ 01\/7\/2024/);
      }
    }
  });
});

describe('loadFlowLibrary', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  function libraryWith(flowYaml: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'htx-flows-'));
    made.push(dir);
    cpSync(join(FLOWS_DIR, 'shared'), join(dir, 'shared'), { recursive: true });
    cpSync(join(FLOWS_DIR, 'chinh-sach.yaml'), join(dir, 'chinh-sach.yaml'));
    writeFileSync(join(dir, 'broken.yaml'), flowYaml);
    return dir;
  }

  const flowWith = (steps: string) => `
id: broken
intro: Chào.
steps:
${steps}
result:
  title: Kết quả
  sections:
    - title: Mục
      items:
        - text: "Dòng {nothing}"
handoffs:
  - { label: Đi, flow: nowhere }
  - { label: Tìm, flow: chinh-sach, carry: [size] }
`;

  it('names every cross-reference that does not resolve', () => {
    const dir = libraryWith(
      flowWith(`
  - id: size
    kind: number
    unit: count
    when: { later: yes }
    partOf: later
    question: Bao nhiêu?
    rules:
      - fails: { percentAbove: 30 }
        message: Quá {unknown}.
        cite: { doc: luat-htx-2023, article: 74, clause: 1, mustContain: ["30%"] }
  - id: later
    kind: province
    question: Tỉnh nào?`),
    );
    let message = '';
    try {
      loadFlowLibrary(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(FlowDefinitionError);
      message = (error as Error).message;
    }
    expect(message).toContain('condition on "later", not asked before');
    expect(message).toContain('partOf "later", not asked before');
    expect(message).toContain('unknown placeholder {unknown}');
    expect(message).toContain('unknown placeholder {nothing}');
    expect(message).toContain('handoff to unknown flow "nowhere"');
    expect(message).toContain('handoff carries "size", not asked in both flows');
  });

  it('rejects a rule without a citation, with the file and the field named', () => {
    const dir = libraryWith(
      flowWith(`
  - id: size
    kind: number
    unit: count
    question: Bao nhiêu?
    rules:
      - fails: { below: 5 }
        message: Ít quá.
        cite: []`),
    );
    expect(() => loadFlowLibrary(dir)).toThrow(/broken\.yaml[\s\S]*steps\.0\.rules\.0\.cite: a rule must cite the law/);
  });
});
