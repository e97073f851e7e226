import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../../src/config.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/importers/', import.meta.url));
export const SOURCES = join(FIXTURES, 'sources');

export interface TempKnowledge {
  config: Config;
  root: string;
  cleanup: () => void;
}

/** A throw-away DATA_DIR and KNOWLEDGE_DIR holding the fictional test catalog. */
export function tempKnowledge(env: Record<string, string> = {}): TempKnowledge {
  const root = mkdtempSync(join(tmpdir(), 'htx-import-'));
  const knowledgeDir = join(root, 'knowledge');
  mkdirSync(knowledgeDir);
  copyFileSync(join(FIXTURES, 'catalog.yaml'), join(knowledgeDir, 'catalog.yaml'));
  const config = loadConfig({ DATA_DIR: join(root, 'data'), KNOWLEDGE_DIR: knowledgeDir, LOG_LEVEL: 'silent', ...env });
  return { config, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
