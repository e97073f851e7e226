import { describe, expect, it } from 'vitest';
import { entriesStartingWith, fromOf, matchesAt, parseLexicon } from '../../src/retrieval/lexicon.ts';

const LEXICON = parseLexicon(`
abbreviations:
  htx: hợp tác xã
  lh htx: liên hiệp hợp tác xã
  tv: thành viên
synonyms:
  xã viên: [thành viên]
  mấy người: [thành viên]
  mấy: [bao nhiêu]
stopPhrases: []
stopWords: []
domainTerms: [hợp tác xã]
`);

describe('entriesStartingWith', () => {
  it('gives the entries whose first syllable is the word at hand, in the order of the list', () => {
    expect(entriesStartingWith(LEXICON.synonyms, fromOf, 'may').map((s) => s.from)).toEqual([['may', 'nguoi'], ['may']]);
    expect(entriesStartingWith(LEXICON.abbreviations, fromOf, 'lh').map((a) => a.to.join(' '))).toEqual(['liên hiệp hợp tác xã']);
    expect(entriesStartingWith(LEXICON.synonyms, fromOf, 'htx')).toEqual([]);
  });

  it('finds at each word what trying every entry there finds', () => {
    const words = ['xa', 'vien', 'may', 'nguoi', 'may', 'lh', 'htx'];
    for (const list of [LEXICON.synonyms, LEXICON.abbreviations]) {
      words.forEach((word, i) => {
        const everyEntry = list.filter((e) => matchesAt(words, e.from, i));
        expect(entriesStartingWith(list, fromOf, word).filter((e) => matchesAt(words, e.from, i))).toEqual(everyEntry);
      });
    }
  });
});
