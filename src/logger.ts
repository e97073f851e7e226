import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One pino logger writing JSON to standard error: standard output belongs to the CLI contract.
 * Known secrets are redacted from every line, wherever they appear (a URL, an error message).
 */
export function createLogger(level: string, secrets: string[] = []): Logger {
  const destination = pino.destination({ fd: 2, sync: true });
  const scrubbed = secrets.length === 0 ? destination : {
    write(line: string) {
      let clean = line;
      for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
      return destination.write(clean);
    },
  };
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, scrubbed);
}

/** User ids are personal data: logs carry a short one-way hash that still lets lines be correlated. */
export function hashUserId(id: string): string {
  return createHash('sha256').update(`htx-bot:${id}`).digest('hex').slice(0, 12);
}
