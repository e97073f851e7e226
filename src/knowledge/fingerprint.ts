import { createHash } from 'node:crypto';
import type { KnowledgeDocument } from './types.ts';

/**
 * A content hash of everything an index is built from. Dropping a new plan into knowledge/,
 * editing a seed or importing a text changes it, and the saved index is rebuilt.
 */
export function knowledgeFingerprint(documents: KnowledgeDocument[], extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const doc of [...documents].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    hash.update(JSON.stringify(doc.meta)).update('\0').update(doc.text).update('\0');
  }
  for (const part of extra) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 32);
}
