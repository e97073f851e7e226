/**
 * Retrieval and abstention quality on evaluation files (../shared/CONTRACT.md, "Evaluation files"):
 *   npm run eval -- FILE.jsonl… [--min-hit1 X] [--min-hit5 X] [--min-mrr X] [--min-facts X] [--min-declined X] [--max-wrongly-declined X]
 * Prints hit@1, hit@5, MRR@5, the answer-fact rate (the share of answerable cases whose answer text,
 * as a user reads it, holds an evidence phrase or every figure of the shortest one) and abstention
 * rates; exits 1 when a given floor is not met.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApp } from '../src/app.ts';
import { loadConfig, secretsOf } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { plainText } from '../src/channels/cli/output.ts';

const caseSchema = z.union([
  z.object({ id: z.string(), q: z.string(), ood: z.literal(true) }),
  z.object({ id: z.string(), q: z.string(), evidence: z.array(z.string()).min(1) }),
]);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'min-hit1': { type: 'string' },
    'min-hit5': { type: 'string' },
    'min-facts': { type: 'string' },
    'min-mrr': { type: 'string' },
    'min-declined': { type: 'string' },
    'max-wrongly-declined': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
if (positionals.length === 0) {
  process.stderr.write('usage: npm run eval -- FILE.jsonl… [--min-hit1 X] [--min-hit5 X] [--min-mrr X] [--min-facts X] [--min-declined X] [--max-wrongly-declined X]\n');
  process.exit(2);
}

/** The contract's comparison: NFC, lower case, white space collapsed (dashes as "-", as the answer check does). */
const comparable = (text: string) => text.normalize('NFC').toLowerCase().replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ').trim();

/** Whether the answer a user reads holds the fact: an evidence phrase, or every figure of the shortest one. */
function holdsFact(answerText: string, evidence: string[]): boolean {
  const answer = comparable(plainText(answerText));
  if (evidence.some((e) => answer.includes(e))) return true;
  const shortest = [...evidence].sort((a, b) => a.length - b.length)[0]!;
  const figures = shortest.match(/\d+(?:[.,]\d+)*%?/g) ?? [];
  return figures.length > 0 && figures.every((f) => answer.includes(f));
}

const config = loadConfig();
const app = await createApp(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, secretsOf(config)));

let answerable = 0;
let hit1 = 0;
let hit5 = 0;
let reciprocalRanks = 0;
let wronglyDeclined = 0;
let facts = 0;
let offTopic = 0;
let declined = 0;
for (const file of positionals) {
  for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())) {
    const c = caseSchema.parse(JSON.parse(line));
    const answer = await app.answerer.answer(c.q);
    if ('ood' in c) {
      offTopic += 1;
      if (answer.abstained) declined += 1;
      else if (values.verbose) console.log(`not declined  ${c.id}  ${c.q}`);
      continue;
    }
    answerable += 1;
    if (answer.abstained) wronglyDeclined += 1;
    const results = (await app.retriever.retrieve(c.q, 5)).passages;
    const evidence = c.evidence.map(comparable);
    const factFound = !answer.abstained && holdsFact(answer.answer, evidence);
    if (factFound) facts += 1;
    const rank = results.findIndex((r) => evidence.some((e) => comparable(r.passage.text).includes(e)));
    if (rank === 0) hit1 += 1;
    if (rank >= 0) {
      hit5 += 1;
      reciprocalRanks += 1 / (rank + 1);
    }
    if (values.verbose && (rank !== 0 || answer.abstained || !factFound)) {
      console.log(`rank ${rank < 0 ? '-' : rank + 1}${answer.abstained ? ' (declined)' : ''}${factFound ? '' : ' (fact missing)'}  ${c.id}  ${c.q}`);
    }
  }
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
const figures = {
  cases: answerable + offTopic,
  'hit@1': ratio(hit1, answerable),
  'hit@5': ratio(hit5, answerable),
  'MRR@5': ratio(reciprocalRanks, answerable),
  'fact in answer': ratio(facts, answerable),
  'off-topic declined': ratio(declined, offTopic),
  'answerable wrongly declined': ratio(wronglyDeclined, answerable),
};
// A rate over no cases (no off-topic case in a file) is shown as "-", not as a 0 that reads as a failure.
const over = { 'off-topic declined': offTopic } as Record<string, number>;
for (const [name, value] of Object.entries(figures)) {
  const shown = over[name] === 0 || (name !== 'cases' && answerable === 0 && name !== 'off-topic declined') ? '-' : Number.isInteger(value) ? value : value.toFixed(3);
  console.log(`${name.padEnd(28)} ${shown}`);
}

const floors: Array<[string, boolean]> = [
  ['hit@1', values['min-hit1'] !== undefined && figures['hit@1'] < Number(values['min-hit1'])],
  ['fact in answer', values['min-facts'] !== undefined && figures['fact in answer'] < Number(values['min-facts'])],
  ['hit@5', values['min-hit5'] !== undefined && figures['hit@5'] < Number(values['min-hit5'])],
  ['MRR@5', values['min-mrr'] !== undefined && figures['MRR@5'] < Number(values['min-mrr'])],
  ['off-topic declined', values['min-declined'] !== undefined && offTopic > 0 && figures['off-topic declined'] < Number(values['min-declined'])],
  ['answerable wrongly declined', values['max-wrongly-declined'] !== undefined && figures['answerable wrongly declined'] > Number(values['max-wrongly-declined'])],
];
const failed = floors.filter(([, below]) => below).map(([name]) => name);
if (failed.length > 0) {
  console.log(`below the floor: ${failed.join(', ')}`);
  process.exitCode = 1;
}
