import { fileTexts } from '../../conversation/messages.ts';
import type { ConversationService, ReplyFile } from '../../conversation/types.ts';
import { hashUserId, type Logger } from '../../logger.ts';
import { backoffDelay, pause, type Backoff } from '../backoff.ts';
import { PermanentChannelError, type RunningChannel } from '../channel-supervisor.ts';
import { startFileLinks, type FileLinks, type FileLinksOptions } from '../file-links.ts';
import { createPlainTextTurns } from '../plain-text/plain-text-turns.ts';
import { startWebhookServer, type WebhookServer } from '../webhook-server.ts';
import { isTokenRefused, isTransient, ZaloBotApi } from './bot-api.ts';
import { defaultPollingBackoff, pollUpdates, type PollingEnd } from './polling.ts';
import { toIncomingMessage, webhookUpdateOf } from './translate.ts';
import type { ZaloBotUpdate } from './types.ts';

/** `sendMessage` takes 1 to 2,000 characters. */
export const ZALO_BOT_TEXT_LIMIT = 2_000;

export interface ZaloBotWebhookConfig {
  /** The public HTTPS address the platform posts to; its path is the one served here. */
  url: string;
  /** The local port, behind whatever terminates TLS. */
  port: number;
  /** 8 to 256 characters, sent back by the platform in X-Bot-Api-Secret-Token. */
  secret: string;
}

export interface ZaloBotChannelOptions {
  token: string;
  /** Another server speaking the platform's API; default the platform's. */
  apiRoot?: string;
  /** Set when the bot has a public URL; long polling otherwise. */
  webhook?: ZaloBotWebhookConfig;
  service: ConversationService;
  logger: Logger;
  /** How long the platform holds each long poll open (default 30 s). */
  pollTimeoutSeconds?: number;
  pollingBackoff?: Backoff & { warnAfterFailures: number };
  /** Tries of a send after the first, on network errors, 5xx and 429 (default 3, from 1 s apart, doubling). */
  sendRetries?: { attempts: number; firstDelayMs: number };
  /**
   * The platform carries no files: with a public address for downloads, a file goes out as a
   * signed link that expires; without one, as a note saying where else to get it.
   */
  fileLinks?: Omit<FileLinksOptions, 'logger'>;
}

const LABEL = 'Zalo Bot Platform';

/**
 * Connects to the Zalo Bot Platform and starts serving: checks the token (getMe), then takes
 * updates by long polling, or through a webhook when one is configured. Rejects when the platform
 * cannot be reached (the caller tries again later) and with a PermanentChannelError when it
 * refuses the token or the webhook.
 */
export async function startZaloBot(options: ZaloBotChannelOptions, signal?: AbortSignal): Promise<RunningChannel> {
  const { logger, webhook } = options;
  const api = new ZaloBotApi({ token: options.token, apiRoot: options.apiRoot });
  const me = await api.getMe(signal).catch((error: unknown) => {
    throw isTokenRefused(error) ? new PermanentChannelError(`the bot token was refused (401): check ZALO_BOT_TOKEN`) : error;
  });
  logger.info({ bot: me.account_name ?? me.display_name, groups: me.can_join_groups === true }, `${LABEL}: token accepted`);

  // Started once the platform has taken the bot (below), so a failed start leaves no port taken.
  let links: FileLinks | undefined;
  const startLinks = async () => {
    if (options.fileLinks) links = await startFileLinks({ ...options.fileLinks, logger });
  };
  const turns = createPlainTextTurns({ service: options.service, logger, label: LABEL, maxLength: ZALO_BOT_TEXT_LIMIT });
  const take = (update: ZaloBotUpdate) => {
    const incoming = toIncomingMessage(update, me);
    if (incoming === undefined) return;
    void turns.take({
      incoming,
      typing: async () => {
        await api.sendChatAction(incoming.chatId, 'typing');
      },
      deliver: (messages, files) => deliver(api, incoming.chatId, [...messages, ...files.map((f) => fileMessage(f, links, options))], options, logger),
    });
  };

  if (webhook !== undefined) {
    const server = await serve(webhook, take, logger);
    try {
      await api.setWebhook(webhook.url, webhook.secret, signal);
    } catch (error) {
      await server.close();
      if (isTransient(error)) throw error;
      throw new PermanentChannelError(`the platform refused the webhook ${webhook.url} (${error instanceof Error ? error.message : String(error)})`);
    }
    await startLinks().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    logger.info({ mode: 'webhook', url: webhook.url, port: webhook.port }, `${LABEL}: webhook set`);
    return once(async () => {
      await server.close();
      await turns.drain();
      await links?.close();
    });
  }

  // getUpdates does not work while a webhook is set, from an earlier deployment say.
  await api.deleteWebhook(signal);
  await startLinks();
  const polling = new AbortController();
  const ended: Promise<PollingEnd> = pollUpdates({
    api,
    logger,
    onUpdate: take,
    signal: polling.signal,
    timeoutSeconds: options.pollTimeoutSeconds,
    backoff: options.pollingBackoff ?? defaultPollingBackoff,
  });
  logger.info({ mode: 'long polling' }, `${LABEL}: polling for updates`);
  const handle = once(async () => {
    polling.abort();
    await ended;
    await turns.drain();
    await links?.close();
  });
  return { ...handle, ended };
}

function serve(webhook: ZaloBotWebhookConfig, take: (update: ZaloBotUpdate) => void, logger: Logger): Promise<WebhookServer> {
  return startWebhookServer({
    port: webhook.port,
    path: new URL(webhook.url).pathname,
    secretHeader: 'x-bot-api-secret-token',
    secret: webhook.secret,
    onBody(body) {
      const update = webhookUpdateOf(body);
      if (update === undefined) logger.debug(`${LABEL}: a webhook call without an update was ignored`);
      else take(update);
    },
    logger,
    label: LABEL,
  });
}

/**
 * A turn's messages, in order. A send the platform could not take for now (no answer, 5xx, 429) is
 * tried again after a pause; one it refuses is logged and the next goes on: a part of an answer is
 * better than none.
 */
async function deliver(api: ZaloBotApi, chatId: string, messages: string[], options: ZaloBotChannelOptions, logger: Logger): Promise<void> {
  const { attempts, firstDelayMs } = options.sendRetries ?? { attempts: 3, firstDelayMs: 1_000 };
  const retryBackoff: Backoff = { initialDelayMs: firstDelayMs, maxDelayMs: firstDelayMs * 8, jitter: 0 };
  for (const text of messages) {
    for (let attempt = 0; ; attempt++) {
      try {
        await api.sendMessage(chatId, text);
        break;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (isTransient(error) && attempt < attempts) {
          const delayMs = backoffDelay(attempt + 1, retryBackoff);
          logger.warn({ chat: hashUserId(chatId), delayMs, reason }, `${LABEL}: sendMessage failed, retrying`);
          await pause(delayMs);
          continue;
        }
        logger.error({ chat: hashUserId(chatId), reason }, `${LABEL}: a reply could not be sent`);
        break;
      }
    }
  }
}

/** Where a file would go: its download link, or a note saying where to get it. */
function fileMessage(file: ReplyFile, links: FileLinks | undefined, options: ZaloBotChannelOptions): string {
  const url = links?.linkFor(file);
  const hours = Math.round((options.fileLinks?.ttlMs ?? 0) / 3_600_000);
  return url ? fileTexts.link(file.name, url, hours) : fileTexts.noLink(file.name);
}

/** A handle whose stop runs once, however many shutdown signals arrive. */
function once(stop: () => Promise<void>): RunningChannel {
  let stopping: Promise<void> | undefined;
  return { stop: () => (stopping ??= stop()) };
}

