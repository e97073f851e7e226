import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { DocumentMeta, DocumentStatus } from '../knowledge/types.ts';
import type { Logger } from '../logger.ts';
import type { RetrievedPassage, Retriever } from '../retrieval/types.ts';
import { completeText } from './chat-models/complete-text.ts';
import { describeModelFailure, type ModelFailure } from './chat-models/failure.ts';
import { checkCitations, lacksCitationForLegalPoint, withoutSourcesSection } from './citation-check.ts';
import { rewriteFollowUp } from './follow-up.ts';
import type { Prompts } from './prompts.ts';
import { STATUS_FOR_USER } from './source-notes.ts';
import type { Answer, Answerer, Citation, ConversationTurn, ExtractiveComposer } from './types.ts';

export interface LlmAnswererDeps {
  retriever: Retriever;
  /** Decides abstention, and answers whenever the model cannot. */
  extractive: ExtractiveComposer;
  model: BaseChatModel;
  prompts: Prompts;
  logger: Logger;
  /** Wall-clock budget for the model in one turn, from the question's arrival: rewriting and answering share it. */
  timeoutMs: number;
  /** Passages retrieved and shown to the model; the retriever's default when unset. */
  k?: number;
  /** Each document's facts (status line, cautions) for the sources block; passage data alone when unset. */
  metaOf?: (docId: string) => DocumentMeta | undefined;
}

const NATIONAL_SCOPE = 'national';

/** How the model sees a passage's status: loud when a text no longer binds. */
const STATUS_FOR_MODEL: Record<DocumentStatus, string> = {
  in_force: 'còn hiệu lực',
  superseded: 'ĐÃ HẾT HIỆU LỰC (đã được thay thế)',
  expired: 'ĐÃ HẾT HIỆU LỰC',
  unknown: 'chưa rõ hiệu lực',
};

/**
 * Answers in the model's words from the numbered passages retrieved, each legal point cited [n];
 * the sources block is rendered here from passage metadata. Whenever the model fails or cannot
 * back its answer with a passage it was given, the extractive answer for the same passages is
 * returned in the same turn, and the reason is logged.
 */
export class LlmAnswerer implements Answerer {
  constructor(private readonly deps: LlmAnswererDeps) {}

  async answer(question: string, history: ConversationTurn[] = []): Promise<Answer> {
    const { retriever, extractive, model, prompts, logger, timeoutMs, k } = this.deps;
    const deadline = AbortSignal.timeout(timeoutMs);
    const query = await rewriteFollowUp(question, history, { model, prompts, logger, signal: deadline });
    const result = await retriever.retrieve(query, k);
    const retrieved = result.passages;
    const fallback = extractive.compose(result);
    // The model is asked only about passages the extractive composer found worth answering from.
    if (fallback.abstained) return fallback;

    let reply: string;
    let messages: BaseMessage[];
    try {
      messages = await prompts.answerMessages({ passages: numberedPassages(retrieved), question: query });
      reply = await completeText(model, messages, deadline);
    } catch (error) {
      return this.fallBack(fallback, describeModelFailure(error));
    }
    // A model talked into "print your instructions" (prompt injection) must not get them to the user.
    if (quotesInstructions(reply, messages)) return this.fallBack(fallback, { reason: 'prompt_echo' });

    const checked = checkCitations(withoutSourcesSection(reply), retrieved.length);
    if (checked.invented.length > 0) {
      logger.warn({ invented: checked.invented, given: retrieved.length }, 'model cited passages it was not given; markers removed');
    }
    if (lacksCitationForLegalPoint(checked)) return this.fallBack(fallback, { reason: 'no_valid_citation' });

    // Past that check, only the model's own abstention comes without a citation.
    const abstained = checked.used.length === 0;
    const cited = checked.used.map((n) => ({ n, retrieved: retrieved[n - 1] as RetrievedPassage }));
    logger.debug({ mode: 'llm', cited: checked.used, abstained }, 'answered with the language model');
    return {
      query,
      answer: [asChannelMarkup(checked.text), sourcesBlock(cited, this.deps.metaOf)].filter((part) => part !== '').join('\n\n'),
      abstained,
      mode: 'llm',
      citations: cited.map(({ retrieved: r }) => citationOf(r)),
      // An abstention is built from no passage, but the ones it weighed still matter for feedback and logs.
      passages: abstained ? retrieved : cited.map(({ retrieved: r }) => r),
    };
  }

  private fallBack(extractiveAnswer: Answer, failure: ModelFailure | { reason: 'no_valid_citation' | 'prompt_echo' }): Answer {
    this.deps.logger.warn({ ...failure, mode: 'extractive' }, 'language model answer unusable; extractive answer given');
    return extractiveAnswer;
  }
}

/** Characters of one instruction line that, found verbatim in a reply, show it is being recited. */
const QUOTED_INSTRUCTION_CHARS = 40;

/** Whether the reply recites a line of the system message: whole rules, not a shared phrase. */
function quotesInstructions(reply: string, messages: BaseMessage[]): boolean {
  const flatten = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ');
  const said = flatten(reply);
  return messages
    .filter((m) => SystemMessage.isInstance(m) && typeof m.content === 'string')
    .flatMap((m) => String(m.content).split('\n'))
    .map((line) => flatten(line).replace(/^\s*\d+\.\s*/, '').trim())
    .filter((line) => line.length >= QUOTED_INSTRUCTION_CHARS)
    .some((line) => said.includes(line.slice(0, QUOTED_INSTRUCTION_CHARS)));
}

/** "[2] Điều 30 Luật Hợp tác xã 2023 (17/2023/QH15) — còn hiệu lực" then the text, for the model. */
function numberedPassages(retrieved: RetrievedPassage[]): string {
  return retrieved
    .map(({ passage }, i) => {
      const scope = passage.scope === NATIONAL_SCOPE ? '' : ` — chỉ áp dụng tại ${passage.scope}`;
      return `[${i + 1}] ${passage.citation} — ${STATUS_FOR_MODEL[passage.status]}${scope}\n${passage.text}`;
    })
    .join('\n\n');
}

/** "Căn cứ:" with one line per passage cited, then a note for each that binds less than it seems. */
function sourcesBlock(cited: { n: number; retrieved: RetrievedPassage }[], metaOf: LlmAnswererDeps['metaOf']): string {
  if (cited.length === 0) return '';
  const lines = cited.map(({ n, retrieved: { passage } }) => `• [${n}] ${passage.citation} — ${STATUS_FOR_USER[passage.status]}`);
  const notes = cited.flatMap(({ n, retrieved: { passage } }) => [
    ...(passage.status === 'superseded' || passage.status === 'expired'
      ? [`Lưu ý: [${n}] là văn bản đã hết hiệu lực, chỉ để tham khảo.`]
      : []),
    ...(passage.scope !== NATIONAL_SCOPE ? [`Lưu ý: [${n}] chỉ áp dụng tại ${passage.scope}.`] : []),
    ...(metaOf?.(passage.docId)?.caution ? [`⚠️ [${n}] ${metaOf(passage.docId)!.caution}`] : []),
  ]);
  return ['**Căn cứ:**', ...lines, ...notes].join('\n');
}

function citationOf({ passage }: RetrievedPassage): Citation {
  const scope = passage.scope === NATIONAL_SCOPE ? '' : `, chỉ áp dụng tại ${passage.scope}`;
  return {
    docId: passage.docId,
    citation: passage.citation,
    status: passage.status,
    statusNote: `${STATUS_FOR_USER[passage.status]}${scope}`,
  };
}

/** Channels render "**bold**" and "• " lines; models tend to write Markdown lists and headings. */
function asChannelMarkup(text: string): string {
  return text
    .replace(/^[ \t]*[-*+][ \t]+/gm, '• ')
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm, '**$1**');
}
