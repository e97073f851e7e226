import { resolve } from 'node:path';
import { createFlowEngine, type LocalPlansLookup } from '../../src/flows/flow-engine.ts';
import type { FlowOutput, FlowState } from '../../src/flows/types.ts';
import { loadCatalog } from '../../src/knowledge/catalog.ts';

export const KNOWLEDGE_DIR = resolve(import.meta.dirname, '../../knowledge');
export const FLOWS_DIR = resolve(KNOWLEDGE_DIR, 'flows');
/** Answers such as "03/2024" are counted to this day. */
export const TODAY = new Date(2026, 10, 22, 10, 0, 0);

export function testEngine(localPlansFor?: LocalPlansLookup) {
  return createFlowEngine({ flowsDir: FLOWS_DIR, catalog: loadCatalog(KNOWLEDGE_DIR), localPlansFor, now: () => TODAY });
}

export type TestEngine = ReturnType<typeof testEngine>;

export function allText(output: FlowOutput): string {
  return output.replies.map((r) => r.text).join('\n\n');
}

export function lastButtons(output: FlowOutput): string[] {
  return output.replies[output.replies.length - 1]?.buttons ?? [];
}

export function stateOf(output: FlowOutput): FlowState {
  if (!output.state) throw new Error(`expected the flow to go on, got: ${allText(output)}`);
  return output.state;
}

/** Starts a flow and sends each answer in turn; returns every output, the last one last. */
export async function walk(engine: TestEngine, flowId: string, answers: string[]): Promise<FlowOutput[]> {
  const outputs = [await engine.start(flowId)];
  for (const answer of answers) {
    outputs.push(await engine.handle(stateOf(outputs[outputs.length - 1] as FlowOutput), answer));
  }
  return outputs;
}

export async function finalOutput(engine: TestEngine, flowId: string, answers: string[]): Promise<FlowOutput> {
  const outputs = await walk(engine, flowId, answers);
  return outputs[outputs.length - 1] as FlowOutput;
}

/** Answers to the founding guide's last questions, for the papers: name, address, business lines, members' names skipped. */
export const PAPERS = ['HTX Thành Công', 'thôn 3, xã Ea Tu', 'trồng cà phê, sơ chế cà phê', 'Bỏ qua'];

/** A finished flow's result, its first page and every page after it ("Tiếp"), one output each. */
export async function resultPages(engine: TestEngine, done: FlowOutput): Promise<FlowOutput[]> {
  const pages = [done];
  for (let last = done; (last.replies[last.replies.length - 1]?.buttons ?? []).includes('➡️ Tiếp'); ) {
    last = await engine.handle(stateOf(last), '➡️ Tiếp');
    pages.push(last);
  }
  return pages;
}

/** The whole result of a finished flow, page after page. */
export async function resultText(engine: TestEngine, done: FlowOutput): Promise<string> {
  return (await resultPages(engine, done)).map(allText).join('\n\n');
}
