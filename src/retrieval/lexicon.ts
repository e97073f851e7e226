import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { foldDiacritics, syllables } from './vietnamese.ts';

const lexiconSchema = z.object({
  abbreviations: z.record(z.string(), z.string()),
  synonyms: z.record(z.string(), z.array(z.string())),
  stopPhrases: z.array(z.string()),
  closingParticles: z.array(z.string()).default([]),
  stopWords: z.array(z.string()),
  domainTerms: z.array(z.string()),
  otherOrganisations: z.array(z.string()).default([]),
  tradeVerbs: z.array(z.string()).default([]),
});

/** The lexicon with every key folded into syllable sequences, ready for matching. */
export interface Lexicon {
  /** Folded abbreviation syllables → replacement syllables (accented). */
  abbreviations: Array<{ from: string[]; to: string[] }>;
  synonyms: Array<{ from: string[]; to: string[][] }>;
  /**
   * Filler phrases, folded and as written, so an accented question is matched exactly. A closing
   * particle ("ạ", "vậy") typed without accents is filler only at the end of the question: "vay"
   * elsewhere is "vay" (to borrow).
   */
  stopPhrases: Array<{ folded: string[]; accented: string[]; closing?: true }>;
  stopWords: { folded: Set<string>; accented: Set<string> };
  /** Folded syllables of the words that place a question in the bot's domain. */
  domainTerms: string[][];
  /** Organisations the texts do not govern (companies, household businesses): a question about one alone is not about co-ops. */
  otherOrganisations: string[][];
  /** Verbs that name a trade by the words after them ("trồng rau", "nuôi tôm"), folded and as written. */
  tradeVerbs: Array<{ folded: string[]; accented: string[] }>;
}

const folded = (text: string) => syllables(text).map(foldDiacritics);
const longestFirst = (a: { from: string[] }, b: { from: string[] }) => b.from.length - a.from.length;

export function parseLexicon(yamlText: string): Lexicon {
  const raw = lexiconSchema.parse(parseYaml(yamlText));
  return {
    abbreviations: Object.entries(raw.abbreviations)
      .map(([from, to]) => ({ from: folded(from), to: syllables(to) }))
      .sort(longestFirst),
    synonyms: Object.entries(raw.synonyms)
      .map(([from, to]) => ({ from: folded(from), to: to.map(syllables) }))
      .sort(longestFirst),
    stopPhrases: [
      ...raw.stopPhrases.map((p) => ({ folded: folded(p), accented: syllables(p) })),
      ...raw.closingParticles.map((p) => ({ folded: folded(p), accented: syllables(p), closing: true as const })),
    ].sort((a, b) => b.folded.length - a.folded.length),
    stopWords: {
      folded: new Set(raw.stopWords.map(foldDiacritics)),
      accented: new Set(raw.stopWords.map((w) => w.normalize('NFC').toLowerCase())),
    },
    domainTerms: raw.domainTerms.map(folded),
    otherOrganisations: raw.otherOrganisations.map(folded),
    tradeVerbs: raw.tradeVerbs.map((v) => ({ folded: folded(v), accented: syllables(v) })),
  };
}

export function loadLexicon(knowledgeDir: string): Lexicon {
  return parseLexicon(readFileSync(join(knowledgeDir, 'lexicon.yaml'), 'utf8'));
}

/** Whether `needle` (folded syllables) stands in `haystack` (folded) at `at`. */
export function matchesAt(haystack: readonly string[], needle: readonly string[], at: number): boolean {
  if (needle.length === 0 || at + needle.length > haystack.length) return false;
  return needle.every((s, i) => haystack[at + i] === s);
}

/** The syllables an abbreviation or synonym is found by. */
export const fromOf = (entry: { from: string[] }): string[] => entry.from;

const NONE: readonly never[] = [];
const BY_FIRST_SYLLABLE = new WeakMap<readonly unknown[], Map<string, unknown[]>>();

/**
 * The entries of a lexicon list whose syllables (`syllablesOf`) start with `syllable`, in the list's
 * order. An entry matches a text only where its first syllable stands, so the word at hand picks
 * the few entries worth trying: matching every entry at every word of every passage was much of
 * tokenizing. Each list is indexed once, the first time it is asked.
 */
export function entriesStartingWith<T>(entries: readonly T[], syllablesOf: (entry: T) => readonly string[], syllable: string): readonly T[] {
  let index = BY_FIRST_SYLLABLE.get(entries) as Map<string, T[]> | undefined;
  if (!index) {
    index = new Map();
    for (const entry of entries) {
      const first = syllablesOf(entry)[0];
      if (first === undefined) continue;
      const starting = index.get(first);
      if (starting) starting.push(entry);
      else index.set(first, [entry]);
    }
    BY_FIRST_SYLLABLE.set(entries, index);
  }
  return index.get(syllable) ?? NONE;
}
