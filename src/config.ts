import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Empty strings in the environment mean "not set": `FOO=` in a .env file should not fail a URL check. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
const positiveInt = (fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : Number(v)), z.number().int().positive());
const port = (fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : Number(v)), z.number().int().min(1).max(65_535, 'a port, 1 to 65535'));

/**
 * A webhook secret as the platforms take it: Telegram allows `A–Z a–z 0–9 _ -`, 1 to 256 of them;
 * the Zalo Bot Platform 8 to 256 characters (the same alphabet is kept, so one generator serves both).
 */
const webhookSecret = (min: number) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'only letters A–Z a–z, digits, "_" and "-"')
      .min(min, `at least ${min} characters`)
      .max(256, 'at most 256 characters')
      .optional(),
  );

const idList = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? v.split(',').map((s) => s.trim()) : []),
  z.array(z.string().regex(/^\d+$|^[\w:-]+$/, 'a comma-separated list of user ids')),
);

const schema = z.object({
  DATA_DIR: z.string().default('./data'),
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  PROMPTS_DIR: z.string().default('./prompts'),
  KNOWLEDGE_SOURCES: optionalString,
  VBPL_BASE_URL: z.url().default('https://vbpl.vn'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_PORT: port(8080),
  TELEGRAM_WEBHOOK_SECRET: webhookSecret(1),

  ZALO_BOT_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^[^\s/]+$/, 'the token from Zalo Bot Manager, without spaces or slashes').optional(),
  ),
  ZALO_BOT_API_ROOT: z.preprocess((v) => (v === '' ? undefined : v), z.url().default('https://bot-api.zaloplatforms.com')),
  ZALO_BOT_WEBHOOK_URL: optionalUrl,
  ZALO_BOT_WEBHOOK_PORT: port(8081),
  ZALO_BOT_WEBHOOK_SECRET: webhookSecret(8),

  ZALO_CREDENTIALS_FILE: optionalString,
  ZALO_ENABLED: z.enum(['true', 'false']).default('false'),

  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_TIMEOUT_MS: positiveInt(20_000),

  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_LOCAL_MODEL_PATH: optionalString,

  FILES_PUBLIC_URL: optionalUrl,
  FILES_PORT: port(8082),
  FILES_SIGNING_SECRET: webhookSecret(16),
  FILES_LINK_HOURS: positiveInt(24),

  REDIS_URL: optionalUrl,
  ADMIN_IDS: idList,
  RATE_LIMIT_PER_MINUTE: positiveInt(20),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  dataDir: string;
  knowledgeDir: string;
  promptsDir: string;
  knowledgeSources?: string;
  vbplBaseUrl: string;
  logLevel: RawConfig['LOG_LEVEL'];
  telegram?: { token: string; apiRoot?: string; webhook?: WebhookSettings };
  /** The official Zalo Bot Platform. */
  zaloBot?: { token: string; apiRoot: string; webhook?: WebhookSettings };
  /** The personal Zalo account, through zca-js. */
  zalo?: { credentialsFile: string };
  llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };
  embeddings?:
    | { kind: 'openai'; baseUrl: string; model: string; apiKey?: string }
    | { kind: 'local'; modelPath: string };
  redisUrl?: string;
  adminIds: string[];
  rateLimitPerMinute: number;
  /**
   * Download links for the papers, where a channel cannot send files (the Zalo Bot Platform): the
   * public address of the small server that serves them, its port, the key links are signed with
   * (generated at each start when not set: links then end with the process), and how long one works.
   */
  fileLinks?: { publicUrl: string; port: number; secret: string; secretGenerated: boolean; ttlHours: number };
}

export interface WebhookSettings {
  url: string;
  port: number;
  /** The configured secret, or one generated at start-up (the webhook is registered afresh at every start). */
  secret: string;
  secretGenerated: boolean;
}

export class ConfigError extends Error {}

/** Reads `.env` (if present) under the real environment, which wins. */
export function environmentWithDotenv(env: NodeJS.ProcessEnv = process.env, file = '.env'): NodeJS.ProcessEnv {
  if (!existsSync(file)) return env;
  return { ...parseDotenv(readFileSync(file)), ...env };
}

/** Parses the environment once; a bad value names the variable and what it accepts. */
export function loadConfig(env: NodeJS.ProcessEnv = environmentWithDotenv()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.LLM_BASE_URL && !e.LLM_MODEL) throw new ConfigError('LLM_MODEL: required when LLM_BASE_URL is set');
  if (e.EMBEDDINGS_BASE_URL && !e.EMBEDDINGS_MODEL) {
    throw new ConfigError('EMBEDDINGS_MODEL: required when EMBEDDINGS_BASE_URL is set');
  }
  if (e.EMBEDDINGS_BASE_URL && e.EMBEDDINGS_LOCAL_MODEL_PATH) {
    throw new ConfigError('EMBEDDINGS_BASE_URL, EMBEDDINGS_LOCAL_MODEL_PATH: set one embeddings provider, not both');
  }
  if (e.TELEGRAM_WEBHOOK_URL && e.ZALO_BOT_WEBHOOK_URL && e.TELEGRAM_BOT_TOKEN && e.ZALO_BOT_TOKEN && e.TELEGRAM_WEBHOOK_PORT === e.ZALO_BOT_WEBHOOK_PORT) {
    throw new ConfigError('TELEGRAM_WEBHOOK_PORT, ZALO_BOT_WEBHOOK_PORT: the two webhooks need different ports');
  }
  const webhookPorts = [e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_PORT, e.ZALO_BOT_WEBHOOK_URL && e.ZALO_BOT_WEBHOOK_PORT];
  if (e.FILES_PUBLIC_URL && webhookPorts.includes(e.FILES_PORT)) {
    throw new ConfigError('FILES_PORT: the download server needs a port of its own, not a webhook\'s');
  }
  const dataDir = resolve(e.DATA_DIR);
  return {
    dataDir,
    knowledgeDir: resolve(e.KNOWLEDGE_DIR),
    promptsDir: resolve(e.PROMPTS_DIR),
    knowledgeSources: e.KNOWLEDGE_SOURCES ? resolve(e.KNOWLEDGE_SOURCES) : undefined,
    vbplBaseUrl: e.VBPL_BASE_URL,
    logLevel: e.LOG_LEVEL,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhook: e.TELEGRAM_WEBHOOK_URL ? webhookSettings(e.TELEGRAM_WEBHOOK_URL, e.TELEGRAM_WEBHOOK_PORT, e.TELEGRAM_WEBHOOK_SECRET) : undefined,
        }
      : undefined,
    zaloBot: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          apiRoot: e.ZALO_BOT_API_ROOT,
          webhook: e.ZALO_BOT_WEBHOOK_URL ? webhookSettings(e.ZALO_BOT_WEBHOOK_URL, e.ZALO_BOT_WEBHOOK_PORT, e.ZALO_BOT_WEBHOOK_SECRET) : undefined,
        }
      : undefined,
    zalo:
      e.ZALO_ENABLED === 'true'
        ? { credentialsFile: resolve(e.ZALO_CREDENTIALS_FILE ?? `${dataDir}/zalo-credentials.json`) }
        : undefined,
    llm:
      e.LLM_BASE_URL && e.LLM_MODEL
        ? { baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS }
        : undefined,
    embeddings: e.EMBEDDINGS_BASE_URL && e.EMBEDDINGS_MODEL
      ? { kind: 'openai', baseUrl: e.EMBEDDINGS_BASE_URL, model: e.EMBEDDINGS_MODEL, apiKey: e.EMBEDDINGS_API_KEY }
      : e.EMBEDDINGS_LOCAL_MODEL_PATH
        ? { kind: 'local', modelPath: resolve(e.EMBEDDINGS_LOCAL_MODEL_PATH) }
        : undefined,
    redisUrl: e.REDIS_URL,
    fileLinks: e.FILES_PUBLIC_URL
      ? {
          publicUrl: e.FILES_PUBLIC_URL,
          port: e.FILES_PORT,
          secret: e.FILES_SIGNING_SECRET ?? randomBytes(32).toString('base64url'),
          secretGenerated: e.FILES_SIGNING_SECRET === undefined,
          ttlHours: e.FILES_LINK_HOURS,
        }
      : undefined,
    adminIds: e.ADMIN_IDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
  };
}

/**
 * A webhook without a secret would take updates from anyone who learns its URL: when none is
 * configured, one is generated (32 random bytes, base64url: 43 characters of the allowed alphabet).
 */
function webhookSettings(url: string, port: number, secret: string | undefined): WebhookSettings {
  return secret === undefined
    ? { url, port, secret: randomBytes(32).toString('base64url'), secretGenerated: true }
    : { url, port, secret, secretGenerated: false };
}

/** Secret values of a config, so logs and replies can be scrubbed of them. */
export function secretsOf(config: Config): string[] {
  return [
    config.telegram?.token,
    config.telegram?.webhook?.secret,
    config.zaloBot?.token,
    config.zaloBot?.webhook?.secret,
    config.fileLinks?.secret,
    config.llm?.apiKey,
    config.embeddings?.kind === 'openai' ? config.embeddings.apiKey : undefined,
  ].filter((s): s is string => typeof s === 'string' && s.length >= 6);
}
