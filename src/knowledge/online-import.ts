import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { loadCatalog } from './catalog.ts';
import { importTexts, type ImportOptions, type ImportReport } from './import-service.ts';
import type { ImportedText } from './importers/imported-text.ts';
import type { SkippedSource } from './importers/read-sources.ts';
import { parseVbplPage } from './importers/vbpl-page.ts';

export interface OnlineImportOptions extends ImportOptions {
  /** Pause between two requests: vbpl.vn is a public service, not a bulk API. */
  delayMs?: number;
  timeoutMs?: number;
}

export function vbplFullTextUrl(config: Config, itemId: number): string {
  return `${config.vbplBaseUrl.replace(/\/+$/, '')}/TW/Pages/vbpq-toanvan.aspx?ItemID=${itemId}`;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

async function download(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'text/html', 'user-agent': 'htx-bot knowledge import' },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/**
 * Downloads the vbpl.vn full text of every catalog entry that has a vbpl ItemID and imports
 * them through the same service as files. An entry that fails is reported; the others go on.
 */
export async function importOnline(config: Config, logger: Logger, options: OnlineImportOptions = {}): Promise<ImportReport> {
  const { delayMs = 1500, timeoutMs = 30_000, ...importOptions } = options;
  const entries = loadCatalog(config.knowledgeDir).documents.filter((e) => e.source?.itemId !== undefined);
  const texts: ImportedText[] = [];
  const failed: SkippedSource[] = [];

  for (const [index, entry] of entries.entries()) {
    if (index > 0 && delayMs > 0) await sleep(delayMs);
    const url = vbplFullTextUrl(config, entry.source?.itemId ?? 0);
    try {
      const html = await download(url, timeoutMs);
      texts.push(parseVbplPage(html, url, { fallbackNumber: entry.number }));
      logger.info({ id: entry.id, url }, 'downloaded');
    } catch (error) {
      const reason = describeFailure(error);
      failed.push({ origin: url, reason: `${entry.id}: ${reason}` });
      logger.warn({ id: entry.id, url, reason }, 'download failed');
    }
  }

  const report = importTexts(config, texts, importOptions);
  report.skippedSources.push(...failed);
  return report;
}
