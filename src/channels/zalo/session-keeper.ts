import type { Logger } from '../../logger.ts';
import { saveCredentials, type ZaloCredentials } from './credential-store.ts';

export interface SessionKeeperOptions {
  /** The session as zca-js holds it now: its cookies change whenever Zalo answers with Set-Cookie. */
  read(): ZaloCredentials;
  credentialsFile: string;
  logger: Logger;
  /** How often the session is compared with the saved one. */
  intervalMs?: number;
}

export interface SessionKeeper {
  /** Saves the session if it differs from the one saved last. */
  check(): Promise<void>;
  /** Stops checking, after a last check. */
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 5 * 60_000;

/**
 * Keeps the credentials file in step with the live session. zca-js renews cookies silently (a
 * response's Set-Cookie updates its cookie jar; it has no event for it), so the session is compared
 * after login and then periodically: a restart then logs in with the cookies Zalo issued last,
 * not with ones it may already have retired, and needs no new QR scan while the session lives.
 */
export function keepSessionSaved({ read, credentialsFile, logger, intervalMs = DEFAULT_INTERVAL_MS }: SessionKeeperOptions): SessionKeeper {
  let saved: string | undefined;
  let failing = false;
  let checking: Promise<void> = Promise.resolve();

  async function saveIfChanged(): Promise<void> {
    let credentials: ZaloCredentials;
    try {
      credentials = read();
    } catch (error) {
      return report(error);
    }
    const serialized = JSON.stringify(credentials);
    if (serialized === saved) return;
    try {
      await saveCredentials(credentialsFile, credentials);
    } catch (error) {
      return report(error);
    }
    const first = saved === undefined;
    saved = serialized;
    failing = false;
    logger.info({ credentialsFile }, first ? 'Zalo: session saved' : 'Zalo: session renewed by Zalo; saved');
  }

  /** One warning per stretch of failures: the bot serves on with the session in memory. */
  function report(error: unknown): void {
    if (!failing) {
      logger.warn(
        { credentialsFile, error: error instanceof Error ? error.message : String(error) },
        'Zalo: the session could not be saved; a restart may need a new QR login',
      );
    }
    failing = true;
  }

  // Checks run one after another: two overlapping writes could leave the older session on disk.
  const check = () => (checking = checking.then(saveIfChanged));
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    check,
    async stop() {
      clearInterval(timer);
      await check();
    },
  };
}
