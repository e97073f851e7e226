import { Command } from 'commander';
import { ConfigError, loadConfig, secretsOf, type Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import {
  importFromPaths,
  importStatus,
  type Candidate,
  type EntryReport,
  type ImportReport,
  type ImportStatus,
} from './import-service.ts';
import { importedDir } from './library.ts';
import { importOnline } from './online-import.ts';
import { questionBankReport } from './question-bank-report.ts';

const OUTCOME_LABEL: Record<EntryReport['outcome'], string> = {
  imported: 'imported',
  kept: 'kept    ',
  present: 'present ',
  missing: 'MISSING ',
};

function describeCandidate(c: Candidate): string {
  const gaps = c.missingArticles.length > 0 ? ` (missing Điều ${c.missingArticles.join(', ')})` : '';
  return `${c.articleCount} article${c.articleCount === 1 ? '' : 's'}${gaps} · ${c.format} · ${c.origin}`;
}

function renderEntry(row: EntryReport): string[] {
  const lines = [`  ${OUTCOME_LABEL[row.outcome]}  ${row.id.padEnd(20)} ${row.citeAs}`];
  const indent = ' '.repeat(12);
  if (row.stored) lines.push(`${indent}${row.outcome === 'kept' ? 'stored copy kept: ' : ''}${describeCandidate(row.stored)}`);
  for (const warning of row.warnings) lines.push(`${indent}warning: ${warning}`);
  for (const other of row.setAside) lines.push(`${indent}not used: ${describeCandidate(other)}`);
  return lines;
}

function renderReport(config: Config, report: ImportReport): string {
  const lines = [`National legal texts → ${importedDir(config.dataDir)}`];
  for (const row of report.entries) lines.push(...renderEntry(row));
  if (report.unmatched.length > 0) {
    lines.push('', 'Not in the catalog, skipped:');
    for (const u of report.unmatched) lines.push(`  ${u.number} · ${u.format} · ${u.origin}`);
  }
  if (report.rejected.length > 0) {
    lines.push('', 'Rejected by validation:');
    for (const r of report.rejected) lines.push(`  ${r.number} · ${r.format} · ${r.origin}`, ...r.errors.map((e) => `      ${e}`));
  }
  if (report.skippedSources.length > 0) {
    lines.push('', 'Sources skipped:');
    for (const s of report.skippedSources) lines.push(`  ${s.origin}: ${s.reason}`);
  }
  const count = (outcome: EntryReport['outcome']) => report.entries.filter((e) => e.outcome === outcome).length;
  const present = report.entries.length - count('missing');
  lines.push('', `${present} of ${report.entries.length} catalog texts present; ${count('imported')} imported by this run, ${count('missing')} missing.`);
  return lines.join('\n');
}

function renderStatus(config: Config, status: ImportStatus): string {
  const total = status.present.length + status.missing.length;
  const lines = [`National legal texts in ${importedDir(config.dataDir)}: ${status.present.length} of ${total} present`];
  for (const { entry, stored } of status.present) {
    lines.push(`  present   ${entry.id.padEnd(20)} ${describeCandidate(stored)}${stored.importedAt ? ` · ${stored.importedAt}` : ''}`);
  }
  for (const entry of status.missing) lines.push(`  MISSING   ${entry.id.padEnd(20)} ${entry.citeAs}`);
  if (status.missing.length > 0) {
    lines.push('', 'Load them with: npm run knowledge -- import <source folder>   or   npm run knowledge -- import --online');
  }
  return lines.join('\n');
}

/** Texts this run found for the catalog, whether or not they replaced a stored copy. */
function foundAnything(report: ImportReport): boolean {
  return report.entries.some((e) => e.outcome === 'imported' || e.outcome === 'kept');
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  let exitCode = 0;
  const program = new Command('knowledge')
    .description('Import the national legal texts of the catalog (knowledge/catalog.yaml) into DATA_DIR/imported')
    .exitOverride();

  program
    .command('import')
    .description('import texts from files and folders (recursively), or download them from vbpl.vn')
    .argument('[paths...]', 'text files, vbpl or Pháp điển HTML pages, or folders of them')
    .option('--online', 'download every catalog text that has a vbpl ItemID')
    .action(async (paths: string[], options: { online?: boolean }) => {
      if (paths.length === 0 && !options.online) {
        program.error('give files or folders to import, or --online');
      }
      const reports = [];
      if (paths.length > 0) reports.push(importFromPaths(config, paths));
      if (options.online) reports.push(await importOnline(config, logger));
      for (const report of reports) process.stdout.write(`${renderReport(config, report)}\n`);
      if (!reports.some(foundAnything)) exitCode = 1;
    });

  program
    .command('status')
    .description('list which catalog texts are present in DATA_DIR/imported and which are missing')
    .action(() => {
      process.stdout.write(`${renderStatus(config, importStatus(config))}\n`);
    });

  program
    .command('questions')
    .description('check the question bank (knowledge/questions): targets, basis phrases, and coverage of the texts in force')
    .action(() => {
      const report = questionBankReport(config);
      process.stdout.write(`${report.text}\n`);
      if (!report.complete) exitCode = 1;
    });

  await program.parseAsync(argv);
  return exitCode;
}

try {
  process.exitCode = await main(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else if (error && typeof error === 'object' && 'exitCode' in error && typeof error.exitCode === 'number') {
    // commander has already printed its help or usage error
    process.exitCode = error.exitCode;
  } else {
    throw error;
  }
}
