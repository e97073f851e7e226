import type { KnowledgeDocument, Passage } from '../types.ts';
import { chunkLegalDocument } from './legal-chunker.ts';
import { chunkPlanDocument } from './plan-chunker.ts';

const LEGAL_TYPES = new Set(['luat', 'nghi-dinh', 'thong-tu', 'van-ban-hop-nhat', 'quyet-dinh']);

/** Legal texts split at articles; plans and resolutions along their own headings. */
export function chunkDocument(doc: KnowledgeDocument): Passage[] {
  return LEGAL_TYPES.has(doc.meta.type) ? chunkLegalDocument(doc) : chunkPlanDocument(doc);
}

export function chunkLibrary(docs: KnowledgeDocument[]): Passage[] {
  return docs.flatMap(chunkDocument);
}
