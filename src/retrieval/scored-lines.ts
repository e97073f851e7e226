import type { Lexicon } from './lexicon.ts';
import { coverage, type TextualAnalysis } from './question-analysis.ts';
import {
  type PreparedLine,
  type RerankablePassage,
  carriesFigure,
  countsSubject,
  definesOtherOrganisation,
  exemplifiesSubject,
  holdsFigure,
  lineCoverages,
} from './reranker.ts';
import { termSet } from './term-statistics.ts';
import type { ScoredLine } from './types.ts';
import { foldDiacritics } from './vietnamese.ts';

/** A long line is read sentence by sentence so an answer can quote the part that answers. */
const SENTENCE_BREAK = /(?<=[.;:])\s+/;
const LONG_LINE = 300;

/** Every line of a passage scored against the question: what answering needs to pick and trim the answer. */
export function scoreLines(passage: RerankablePassage, analysis: TextualAnalysis, lexicon: Lexicon): ScoredLine[] {
  const coverages = lineCoverages(passage, analysis);
  const best = Math.max(0, ...coverages.coverage);
  return passage.lines.map((line, index) => {
    const lineCoverage = coverages.coverage[index]!;
    const own = coverages.own[index]!;
    const figure = analysis.asksNumber && carriesFigure({ coverage: lineCoverage, figure: line.figure }, best);
    return {
      index,
      text: line.text,
      coverage: lineCoverage,
      ownCoverage: own,
      definesAsked: !!analysis.definitionOf && line.defines === analysis.definitionOf,
      exemplifiesAsked: !!analysis.definitionOf && exemplifiesSubject(line.folded, analysis.definitionOf),
      countsAsked: !!analysis.quantityOf && countsSubject(line.folded, analysis.quantityOf) && !definesOtherOrganisation(line, analysis),
      carriesFigure: figure,
      sentences:
        line.text.length <= LONG_LINE
          ? [{ text: line.text, coverage: own, carriesFigure: figure }]
          : sentencesOf(line, lexicon).map(({ text, terms, figure: holds }) => {
              const c = coverage(analysis, terms);
              return { text, coverage: c, carriesFigure: analysis.asksNumber && carriesFigure({ coverage: c, figure: holds }, c) };
            }),
    };
  });
}

interface Sentence {
  text: string;
  terms: Set<string>;
  figure: boolean;
}

/**
 * A long line's sentences, tokenized the first time the line is scored and remembered with it: the
 * passages answers come from are the same few again and again.
 */
const SENTENCES = new WeakMap<PreparedLine, Sentence[]>();

function sentencesOf(line: PreparedLine, lexicon: Lexicon): Sentence[] {
  let sentences = SENTENCES.get(line);
  if (!sentences) {
    sentences = line.text.split(SENTENCE_BREAK).map((text) => ({ text, terms: termSet(text, lexicon), figure: holdsFigure(foldDiacritics(text)) }));
    SENTENCES.set(line, sentences);
  }
  return sentences;
}
