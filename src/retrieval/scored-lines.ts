import type { Lexicon } from './lexicon.ts';
import { coverage, type TextualAnalysis } from './question-analysis.ts';
import { type RerankablePassage, carriesFigure, countsSubject, definedSubject, definesOtherOrganisation, exemplifiesSubject, lineCoverages } from './reranker.ts';
import { termSet } from './term-statistics.ts';
import type { ScoredLine } from './types.ts';

/** A long line is read sentence by sentence so an answer can quote the part that answers. */
const SENTENCE_BREAK = /(?<=[.;:])\s+/;
const LONG_LINE = 300;

/** Every line of a passage scored against the question: what answering needs to pick and trim the answer. */
export function scoreLines(passage: RerankablePassage, analysis: TextualAnalysis, lexicon: Lexicon): ScoredLine[] {
  const coverages = lineCoverages(passage, analysis);
  const best = Math.max(0, ...coverages.map((c) => c.coverage));
  return passage.lines.map((line, index) => {
    const lineCoverage = coverages[index]!.coverage;
    const figure = analysis.asksNumber && carriesFigure({ text: line.text, coverage: lineCoverage }, best);
    return {
      index,
      text: line.text,
      coverage: lineCoverage,
      ownCoverage: coverage(analysis, line.own),
      definesAsked: !!analysis.definitionOf && definedSubject(line.folded) === analysis.definitionOf,
      exemplifiesAsked: !!analysis.definitionOf && exemplifiesSubject(line.folded, analysis.definitionOf),
      countsAsked: !!analysis.quantityOf && countsSubject(line.folded, analysis.quantityOf) && !definesOtherOrganisation(line.folded, analysis),
      carriesFigure: figure,
      sentences:
        line.text.length <= LONG_LINE
          ? [{ text: line.text, coverage: coverage(analysis, line.own), carriesFigure: figure }]
          : line.text.split(SENTENCE_BREAK).map((text) => {
              const c = coverage(analysis, termSet(text, lexicon));
              return { text, coverage: c, carriesFigure: analysis.asksNumber && c > 0 && carriesFigure({ text, coverage: c }, c) };
            }),
    };
  });
}
