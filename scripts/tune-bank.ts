/**
 * Tunes how much the question bank counts in ranking, on the bank itself: every bank question is
 * asked with itself held out (its siblings in the same entry stay, as a new user's wording of a
 * known question would meet them), and the share whose answer quotes the entry's target is counted.
 *   npm run tune [-- --buckets] [--declines]
 * Prints, for each setting, the share with the target passage first and the share quoting the target line.
 * `--declines` also asks a fixed sample of bank questions (every seventh) through the answerer and
 * prints how many it declines: questions the texts answer, so a guard on abstention.
 */
import { chooseAnswer } from '../src/answering/answer-line.ts';
import { COMPOSITION } from '../src/answering/extractive-composer.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { BANK, type BankTuning } from '../src/retrieval/knowledge-index.ts';

const app = await createApp(loadConfig(), createLogger('warn'));
const { index } = app;
// The cases: each question of each entry with two or more questions, every third one (a fixed sample).
const cases: Array<{ question: string; passageId: string; lineIndex: number }> = [];
for (const entry of index.bankEntries()) {
  if (entry.questions.length < 2) continue;
  entry.questions.forEach((question, i) => {
    if ((cases.length + i) % 3 === 0) cases.push({ question, passageId: entry.target.passageId, lineIndex: entry.target.lineIndex });
  });
}

const settings: BankTuning[] = [{ ...BANK, weight: 0 }];
for (const minSimilarity of [0.75, 0.8, 0.85])
  for (const weight of [1, 3, 6])
    for (const power of [1, 2]) settings.push({ minSimilarity, weight, power });
console.log(`${cases.length} held-out bank questions; current setting: minSimilarity ${BANK.minSimilarity}, weight ${BANK.weight}`);

// How often the best held-out match points to the right passage, by its similarity: what a
// similarity is worth as evidence.
const buckets = new Map<number, { right: number; all: number }>();
for (const c of process.argv.includes('--buckets') ? cases : []) {
  const best = index.matchBank(c.question, { ...BANK, minSimilarity: 0.5 }, (q) => q === c.question)[0];
  if (!best) continue;
  const bucket = Math.min(0.95, Math.floor(best.similarity * 20) / 20);
  const b = buckets.get(bucket) ?? { right: 0, all: 0 };
  b.all += 1;
  if (best.entry.target.passageId === c.passageId) b.right += 1;
  buckets.set(bucket, b);
}
for (const [bucket, b] of [...buckets].sort((x, y) => x[0] - y[0])) {
  console.log(`best match similarity ${bucket.toFixed(2)}–${(bucket + 0.05).toFixed(2)}: ${b.all} questions, right passage ${(b.right / b.all).toFixed(2)}`);
}
for (const tuning of settings) {
  let first = 0;
  let line = 0;
  for (const c of cases) {
    const analysis = index.analyze(c.question);
    const bank = index.matchBank(c.question, tuning, (q) => q === c.question);
    const top = index.searchLexical(c.question, 1, analysis, bank, tuning)[0];
    if (!top || top.passage.id !== c.passageId) {
      if (process.env.TUNE_SHOW && tuning.weight === -1) console.log(`  miss: ${c.question} → ${top?.passage.id} (want ${c.passageId}) bank: ${bank.slice(0, 2).map((m) => `${m.similarity.toFixed(2)} ${m.question} [${m.entry.target.passageId}]`).join(' | ')}`);
      continue;
    }
    first += 1;
    const chosen = chooseAnswer(index.describe(top.passage, top.score, analysis, top.pointed), analysis, COMPOSITION.maxSupportingLines);
    if (chosen.direct.index === c.lineIndex) line += 1;
  }
  console.log(`minSimilarity ${tuning.minSimilarity}  weight ${tuning.weight}  power ${tuning.power}   passage first ${(first / cases.length).toFixed(3)}   target line quoted ${(line / cases.length).toFixed(3)}`);
}
if (process.argv.includes('--declines')) {
  const sample = index.bankEntries().flatMap((e) => e.questions).filter((_, i) => i % 7 === 0);
  const declined: string[] = [];
  for (const question of sample) if ((await app.answerer.answer(question)).abstained) declined.push(question);
  console.log(`${sample.length} bank questions asked through the answerer: ${declined.length} declined (${(declined.length / sample.length).toFixed(3)})`);
  for (const question of declined) console.log(`  declined: ${question}`);
}
process.exit(0);
