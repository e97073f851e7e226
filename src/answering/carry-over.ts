import { foldDiacritics } from '../retrieval/vietnamese.ts';
import type { ConversationTurn } from './types.ts';

/** Follow-ups are short; a longer question carries its own topic. */
export const FOLLOW_UP_MAX_WORDS = 12;

/** Phrases that open a follow-up: "còn liên hiệp thì sao?", "thế còn vốn góp?". Longest first. */
const LEADING_MARKERS = ['thế còn', 'vậy còn', 'vậy thì', 'thế thì', 'còn về', 'còn'].map(words);
/** Phrases that point back anywhere in a follow-up: "nó", "như trên", "… thì sao?". */
const INNER_MARKERS = ['thì sao', 'thì thế nào', 'như trên', 'cái đó', 'điều đó', 'việc đó', 'nó'].map(words);
/** Words that carry no topic, dropped when a question's topic is carried over. */
const FILLERS = ['cho tôi hỏi', 'cho em hỏi', 'cho hỏi', 'xin hỏi', 'tôi muốn hỏi', 'em muốn hỏi', 'ạ', 'à', 'nhỉ', 'hả', 'ơi', 'nhé'].map(words);

/**
 * Without a model: when the question looks like a follow-up, the content words of the previous
 * question (itself resolved the same way) are appended to what the follow-up adds. Otherwise the
 * question is returned unchanged. Works on text typed without diacritics too ("con lien hiep thi sao").
 */
export function carryOverFollowUp(question: string, history: ConversationTurn[]): string {
  const previous = history
    .filter((turn) => turn.role === 'user')
    .reduce<string | undefined>((topic, turn) => (topic === undefined ? turn.text : carryOnto(turn.text, topic)), undefined);
  return previous === undefined ? question : carryOnto(question, previous);
}

function carryOnto(question: string, previousQuestion: string): string {
  if (!looksLikeFollowUp(question)) return question;
  const added = contentWords(question, [...LEADING_MARKERS, ...INNER_MARKERS, ...FILLERS]);
  const topic = contentWords(previousQuestion, FILLERS);
  // "còn liên hiệp thì sao" after a question about a hợp tác xã asks the same of the liên hiệp: the
  // new organisation takes the old one's place, so the question is about it alone.
  // The same for a co-op's bodies: "thế còn ban kiểm soát" after a question on the board.
  const unaccented = /^[\x00-\x7F]*$/.test(question);
  for (const names of [ORGANISATION_NAMES, BODY_NAMES]) {
    const next = subjectIn(added, names);
    const previous = subjectIn(topic, names);
    if (!next || !previous) continue;
    const name = unaccented ? next.name.map(foldDiacritics) : next.name;
    const rest = [...added.slice(0, next.at), ...added.slice(next.at + next.length)];
    return [...rest, ...topic.slice(0, previous.at), ...name, ...topic.slice(previous.at + previous.length)].join(' ');
  }
  return [...added, ...topic].join(' ');
}

/** How people name the organisations, folded, longest first; each with the full name it stands for. */
const ORGANISATION_NAMES: Array<[string[], string[]]> = [
  [['lien', 'hiep', 'hop', 'tac', 'xa'], words('liên hiệp hợp tác xã')],
  [['lien', 'hiep', 'htx'], words('liên hiệp hợp tác xã')],
  [['to', 'hop', 'tac'], words('tổ hợp tác')],
  [['hop', 'tac', 'xa'], words('hợp tác xã')],
  [['lien', 'hiep'], words('liên hiệp hợp tác xã')],
  [['lhhtx'], words('liên hiệp hợp tác xã')],
  [['htx'], words('hợp tác xã')],
  [['tht'], words('tổ hợp tác')],
];

const BODY_NAMES: Array<[string[], string[]]> = [
  'chủ tịch hội đồng quản trị',
  'hội đồng quản trị',
  'ban kiểm soát',
  'kiểm soát viên',
  'đại hội thành viên',
  'giám đốc',
].map((name) => [words(name).map(foldDiacritics), words(name)]);
BODY_NAMES.push([['hdqt'], words('hội đồng quản trị')], [['bks'], words('ban kiểm soát')], [['dhtv'], words('đại hội thành viên')]);

function subjectIn(tokens: string[], names: Array<[string[], string[]]>): { at: number; length: number; name: string[] } | undefined {
  const folded = tokens.map(foldDiacritics);
  for (let at = 0; at < folded.length; at++) {
    for (const [spelled, name] of names) {
      if (spelled.every((w, j) => folded[at + j] === w)) return { at, length: spelled.length, name };
    }
  }
  return undefined;
}

function looksLikeFollowUp(question: string): boolean {
  const tokens = words(question);
  if (tokens.length === 0 || tokens.length > FOLLOW_UP_MAX_WORDS) return false;
  const same = sameWord(question);
  return (
    LEADING_MARKERS.some((marker) => startsAt(tokens, 0, marker, same)) ||
    tokens.some((_, i) => INNER_MARKERS.some((marker) => startsAt(tokens, i, marker, same)))
  );
}

/** The words of `text` without the given phrases. */
function contentWords(text: string, phrases: string[][]): string[] {
  const tokens = words(text);
  const same = sameWord(text);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = phrases.find((p) => startsAt(tokens, i, p, same));
    if (phrase) {
      i += phrase.length;
    } else {
      kept.push(tokens[i] as string);
      i += 1;
    }
  }
  return kept;
}

export function words(text: string): string[] {
  return text.normalize('NFC').toLocaleLowerCase('vi').match(/[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * Text typed without diacritics is compared without them, so "thi sao" matches "thì sao";
 * text with diacritics is compared exactly, so "nợ" is never taken for "nó".
 */
function sameWord(text: string): (a: string, b: string) => boolean {
  return /^[\x00-\x7F]*$/.test(text) ? (a, b) => foldDiacritics(a) === foldDiacritics(b) : (a, b) => a === b;
}

function startsAt(tokens: string[], at: number, phrase: string[], same: (a: string, b: string) => boolean): boolean {
  return phrase.every((word, j) => tokens[at + j] !== undefined && same(tokens[at + j] as string, word));
}


/** The organisation a text names, written out in full ("htx" → "hợp tác xã"), if any. */
export function organisationNamed(text: string): string | undefined {
  return subjectIn(words(text), ORGANISATION_NAMES)?.name.join(' ');
}
