import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.ts';
import { startWebhookServer, type WebhookServer } from '../webhook-server.ts';

export interface WebhookConfig {
  /** The public HTTPS address Telegram posts to; its path is the one served here. */
  url: string;
  /** The local port, behind whatever terminates TLS. */
  port: number;
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token, proving a request is Telegram's. */
  secret?: string;
}

/**
 * An HTTP server that takes Telegram's webhook calls and acknowledges each one at once, before
 * the update is handled (webhook-server.ts).
 *
 * Why not grammY's `webhookCallback`: it answers only when the middleware is done (or after a
 * timeout), and Telegram re-sends an update whose call is not answered in time — a slow answer
 * would then be computed and sent twice. With `onTimeout: 'return'` it stops waiting but leaves the
 * late outcome unobserved, so an error after the timeout becomes an unhandled rejection. Answering
 * first and handling after avoids both; order within a chat is kept by the bot's `sequentialize`,
 * errors go to `onUpdate`'s caller, and a graceful stop waits for the updates already taken.
 */
export function serveWebhook(config: WebhookConfig, onUpdate: (update: Update) => void, logger: Logger): Promise<WebhookServer> {
  return startWebhookServer({
    port: config.port,
    path: new URL(config.url).pathname,
    secretHeader: 'x-telegram-bot-api-secret-token',
    secret: config.secret,
    onBody: (body) => onUpdate(body as Update),
    logger,
    label: 'telegram',
  });
}
