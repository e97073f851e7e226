import type { Logger } from '../../logger.ts';
import { backoffDelay, type Backoff } from '../backoff.ts';
import { ZaloCloseCode, type ZaloClient } from './zalo-api.ts';

export interface ReconnectPolicy extends Backoff {
  /** From this many failures in a row on, each retry is a warning: someone should look. */
  warnAfterFailures: number;
  /** The least wait after another session took the connection over: coming straight back would fight it. */
  afterTakeoverMs: number;
  /** A connection that stayed up this long was a success and resets the backoff; one that drops sooner was not. */
  stableAfterMs: number;
}

export const defaultReconnectPolicy: ReconnectPolicy = {
  initialDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  jitter: 0.2,
  warnAfterFailures: 5,
  afterTakeoverMs: 60_000,
  stableAfterMs: 10_000,
};

export interface Listening {
  stop(): void;
}

/**
 * Starts the listener and restarts it whenever it closes, for as long as the process runs: a Zalo
 * outage must never end the process, which also serves Telegram. Zalo closes idle connections
 * routinely, so a close after a stable connection is ordinary; closes in a row back off to the cap.
 */
export function keepListening(client: ZaloClient, logger: Logger, policy: ReconnectPolicy = defaultReconnectPolicy): Listening {
  let failures = 0;
  let connectedAt: number | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  client.onConnected(() => {
    if (failures > 0) logger.info({ failures }, 'Zalo: listener connected again');
    connectedAt = Date.now();
  });

  client.onClosed((code, reason) => {
    if (stopped) return;
    if (connectedAt !== undefined && Date.now() - connectedAt >= policy.stableAfterMs) failures = 0;
    connectedAt = undefined;
    failures += 1;
    const takenOver = code === ZaloCloseCode.kicked || code === ZaloCloseCode.duplicateConnection;
    const delayMs = Math.max(backoffDelay(failures, policy), takenOver ? policy.afterTakeoverMs : 0);
    reportClose(code, reason, delayMs);
    retryIn(delayMs);
  });

  function connect(): void {
    retry = undefined;
    try {
      client.startListening();
    } catch (error) {
      failures += 1;
      const delayMs = backoffDelay(failures, policy);
      logger[failures >= policy.warnAfterFailures ? 'warn' : 'info'](
        { failures, retryInMs: delayMs, error: error instanceof Error ? error.message : String(error) },
        'Zalo: the listener did not start; retrying',
      );
      retryIn(delayMs);
    }
  }

  function retryIn(delayMs: number): void {
    clearTimeout(retry);
    retry = setTimeout(connect, delayMs);
  }

  function reportClose(code: number, reason: string, retryInMs: number): void {
    const fields = { code, reason, failures, retryInMs };
    if (code === ZaloCloseCode.kicked) {
      logger.error(
        fields,
        'Zalo: kicked (code 3003): the bot account was logged in elsewhere (Zalo Web or PC) or Zalo ended the session. ' +
          'Keep Zalo Web/PC closed for this account; if reconnecting keeps failing, delete the credentials file and log in again by QR code',
      );
    } else if (code === ZaloCloseCode.duplicateConnection) {
      logger.error(
        fields,
        'Zalo: another connection opened on this session (code 3000): is a second bot process using the same credentials file?',
      );
    } else if (failures >= policy.warnAfterFailures) {
      logger.warn(
        fields,
        'Zalo: the listener keeps closing; retrying at up to the maximum delay. If it never recovers the session may have expired: ' +
          'delete the credentials file and restart to log in by QR code',
      );
    } else {
      logger.info(fields, 'Zalo: listener closed; reconnecting');
    }
  }

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      client.stopListening();
    },
  };
}
