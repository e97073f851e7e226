import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /**
   * A person chats at this terminal (the interactive command-line chat): JSON lines there would
   * bury the conversation, so only warnings and errors reach standard error, and every line at the
   * configured level goes to this file instead.
   */
  terminal?: { file: string };
}

/**
 * One pino logger writing JSON to standard error: standard output belongs to the CLI contract.
 * Known secrets are redacted from every line, wherever they appear (a URL, an error message).
 */
export function createLogger(level: string, secrets: string[] = [], options: LoggerOptions = {}): Logger {
  const scrubbed = (destination: DestinationStream): DestinationStream =>
    secrets.length === 0
      ? destination
      : {
          write(line: string) {
            let clean = line;
            for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
            return destination.write(clean);
          },
        };
  const settings = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  const standardError = scrubbed(pino.destination({ fd: 2, sync: true }));
  if (!options.terminal || level === 'silent') return pino(settings, standardError);
  const file = scrubbed(pino.destination({ dest: options.terminal.file, sync: true, mkdir: true }));
  return pino(settings, pino.multistream([{ level: 'warn', stream: standardError }, { level: level as pino.Level, stream: file }]));
}

/** User ids are personal data: logs carry a short one-way hash that still lets lines be correlated. */
export function hashUserId(id: string): string {
  return createHash('sha256').update(`htx-bot:${id}`).digest('hex').slice(0, 12);
}
