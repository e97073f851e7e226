import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ExtractiveAnswerer } from './answering/extractive-answerer.ts';
import { createExtractiveComposer } from './answering/extractive-composer.ts';
import type { Answerer } from './answering/types.ts';
import type { Config } from './config.ts';
import { openStateStore } from './conversation/state/open-state-store.ts';
import type { StateStore } from './conversation/state/state-store.ts';
import type { ConversationService, SourceListing } from './conversation/types.ts';
import type { FlowEngine } from './flows/types.ts';
import { type Library, loadLibrary, nationalTextsLoaded } from './knowledge/library.ts';
import { loadRuleBook } from './knowledge/rule-book.ts';
import type { DocumentMeta } from './knowledge/types.ts';
import type { Logger } from './logger.ts';
import { HybridRetriever } from './retrieval/hybrid-retriever.ts';
import { KnowledgeIndex } from './retrieval/knowledge-index.ts';
import { parseLexicon } from './retrieval/lexicon.ts';
import { loadOrBuildKnowledgeIndex } from './retrieval/index-store.ts';
import { useQuestionBank } from './retrieval/bank-store.ts';
import { localPlansFor } from './retrieval/local-plan-lookup.ts';
import type { Retriever } from './retrieval/types.ts';
import type { VectorIndex } from './retrieval/vector-index.ts';
import type { ExtractiveComposer } from './answering/types.ts';

/** The channel-agnostic core, assembled once from configuration: every channel and the CLI use it. */
export interface App {
  config: Config;
  logger: Logger;
  library: Library;
  index: KnowledgeIndex;
  retriever: Retriever;
  answerer: Answerer;
  /** The guided flows, made on first use: `cli ask` never reads their YAML nor loads the papers' writer. */
  flows(): Promise<FlowEngine>;
  /** The conversation service with its state store; the caller closes the store. */
  openConversation(options?: { rateLimitPerMinute?: number }): Promise<{ service: ConversationService; store: StateStore }>;
}

/** Where the papers the flows hand over are written, and served from as download links. */
export function papersDirOf(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'papers');
}

export function sourceListing(library: Library): SourceListing {
  return {
    documents: library.documents.map(({ meta }) => ({
      title: meta.title,
      citeAs: meta.citeAs,
      number: meta.number,
      issued: meta.issued,
      effective: meta.effective,
      status: meta.status,
      statusNote: meta.statusNote,
      scope: meta.scope,
    })),
    nationalTextsImported: nationalTextsLoaded(library),
  };
}

export async function createApp(config: Config, logger: Logger): Promise<App> {
  let library = loadLibrary(config);
  // The importers (cheerio and its HTML parsers) load only when a catalog text is missing.
  if (library.missing.length > 0) {
    const { ensureImported } = await import('./knowledge/import-service.ts');
    await ensureImported(config, logger);
    library = loadLibrary(config);
  }
  const missing = { missing: library.missing.map((e) => e.id) };
  if (!nationalTextsLoaded(library)) {
    logger.warn(missing, 'national texts not loaded: answers come from what is loaded only. Load them with `npm run knowledge -- import <folder>` (see README)');
  } else if (library.missing.length > 0) {
    logger.info(missing, 'catalog texts of unverified status not imported');
  }
  const lexiconText = readFileSync(join(config.knowledgeDir, 'lexicon.yaml'), 'utf8');
  const lexicon = parseLexicon(lexiconText);
  const index = loadOrBuildKnowledgeIndex(library.documents, lexicon, { dataDir: config.dataDir, lexiconText }, logger);
  logger.debug({ documents: library.documents.length, passages: index.passages.length }, 'knowledge indexed');
  useQuestionBank(index, { knowledgeDir: config.knowledgeDir, dataDir: config.dataDir, nationalTexts: nationalTextsLoaded(library) }, logger);
  const { unresolved } = index.useRules(loadRuleBook(join(config.knowledgeDir, 'rules.yaml')));
  if (unresolved.length > 0 && nationalTextsLoaded(library)) logger.warn({ rules: unresolved.map((u) => u.rule.id) }, 'rules whose khoản is not in the texts: left out');

  const vector = config.embeddings ? await openVectorIndex(config, logger, library, index) : undefined;
  const retriever = new HybridRetriever(index, vector, logger);

  const composer = createExtractiveComposer({ nationalTextsLoaded: nationalTextsLoaded(library) });
  const extractive = new ExtractiveAnswerer(retriever, composer);
  const answerer = (config.llm && (await llmAnswerer(config, logger, retriever, composer, index.metaById))) || extractive;
  if (answerer === extractive) logger.info('no language model configured: answers are extractive (offline)');

  let flows: Promise<FlowEngine> | undefined;
  const flowEngine = () =>
    (flows ??= import('./flows/flow-engine.ts').then(({ createFlowEngine }) =>
      createFlowEngine({
        flowsDir: join(config.knowledgeDir, 'flows'),
        catalog: library.catalog,
        localPlansFor: (province) => localPlansFor(index, province),
        // The founding guide's papers: its forms' labels are read from the imported circular.
        papersDir: papersDirOf(config),
        documentText: (docId) => library.documents.find((d) => d.meta.id === docId)?.text,
        logger,
      }),
    ));

  return {
    config,
    logger,
    library,
    index,
    retriever,
    answerer,
    flows: flowEngine,
    async openConversation(options = {}) {
      // The conversation core loads here, not at start-up: `cli ask` answers without it.
      const { createConversationService } = await import('./conversation/conversation-service.ts');
      const flows = await flowEngine();
      const store = await openStateStore(config, logger);
      const service = createConversationService({
        answerer,
        flows,
        store,
        sources: () => sourceListing(library),
        logger,
        adminIds: config.adminIds,
        rateLimitPerMinute: options.rateLimitPerMinute ?? config.rateLimitPerMinute,
      });
      return { service, store };
    },
  };
}

// The model and embeddings paths load LangChain's providers (about a second of start-up): they are
// imported only when configured, so the offline default starts fast.

async function openVectorIndex(config: Config, logger: Logger, library: Library, index: KnowledgeIndex): Promise<VectorIndex | undefined> {
  const { createEmbeddings } = await import('./retrieval/embeddings-provider.ts');
  const { loadOrBuildVectorIndex } = await import('./retrieval/vector-setup.ts');
  const { knowledgeFingerprint } = await import('./knowledge/fingerprint.ts');
  const embeddings = createEmbeddings(config.embeddings, logger);
  if (!embeddings || !config.embeddings) return undefined;
  return loadOrBuildVectorIndex({
    passages: index.passages,
    embeddings,
    model: config.embeddings.kind === 'openai' ? config.embeddings.model : config.embeddings.modelPath,
    fingerprint: knowledgeFingerprint(library.documents, [readFileSync(join(config.knowledgeDir, 'lexicon.yaml'), 'utf8')]),
    dir: join(config.dataDir, 'index', 'vector'),
    logger,
  });
}

async function llmAnswerer(
  config: Config,
  logger: Logger,
  retriever: Retriever,
  composer: ExtractiveComposer,
  metaById: Map<string, DocumentMeta>,
): Promise<Answerer | undefined> {
  const { createChatModel } = await import('./answering/chat-models/index.ts');
  const { LlmAnswerer } = await import('./answering/llm-answerer.ts');
  const { loadPrompts } = await import('./answering/prompts.ts');
  const model = createChatModel(config.llm, logger);
  if (!model || !config.llm) return undefined;
  return new LlmAnswerer({
    retriever,
    extractive: composer,
    model,
    prompts: loadPrompts(config.promptsDir),
    logger,
    timeoutMs: config.llm.timeoutMs,
    metaOf: (docId) => metaById.get(docId),
  });
}
