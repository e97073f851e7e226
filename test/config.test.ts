import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../src/config.ts';

/** The configuration of the channels: what each variable starts, and what a bad value says. */

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('the Zalo Bot Platform', () => {
  it('starts with ZALO_BOT_TOKEN, on the platform by default, by long polling', () => {
    const config = loadConfig({ ZALO_BOT_TOKEN: '1459232241454765289:abcDEF' });
    expect(config.zaloBot).toEqual({ token: '1459232241454765289:abcDEF', apiRoot: 'https://bot-api.zaloplatforms.com', webhook: undefined });
    expect(loadConfig({}).zaloBot).toBeUndefined();
  });

  it('takes another API root and a webhook with its secret and port', () => {
    const config = loadConfig({
      ZALO_BOT_TOKEN: '1:abc',
      ZALO_BOT_API_ROOT: 'http://127.0.0.1:9999',
      ZALO_BOT_WEBHOOK_URL: 'https://htx.example.vn/zalo',
      ZALO_BOT_WEBHOOK_SECRET: 'a-secret_of-twenty-chars',
      ZALO_BOT_WEBHOOK_PORT: '9090',
    });
    expect(config.zaloBot).toEqual({
      token: '1:abc',
      apiRoot: 'http://127.0.0.1:9999',
      webhook: { url: 'https://htx.example.vn/zalo', port: 9090, secret: 'a-secret_of-twenty-chars', secretGenerated: false },
    });
  });

  it('generates a webhook secret when none is set, and keeps it out of the logs', () => {
    const config = loadConfig({ ZALO_BOT_TOKEN: '1459232241454765289:abcDEF', ZALO_BOT_WEBHOOK_URL: 'https://htx.example.vn/zalo' });
    expect(config.zaloBot?.webhook).toMatchObject({ port: 8081, secretGenerated: true, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(secretsOf(config)).toEqual(expect.arrayContaining(['1459232241454765289:abcDEF', config.zaloBot!.webhook!.secret]));
    expect(loadConfig({ ZALO_BOT_TOKEN: '1:abc', ZALO_BOT_WEBHOOK_URL: 'https://x.vn/z' }).zaloBot?.webhook?.secret).not.toBe(config.zaloBot?.webhook?.secret);
  });

  it('names the variable and what it accepts when a value is wrong', () => {
    expect(configError({ ZALO_BOT_WEBHOOK_SECRET: 'short' })).toContain('ZALO_BOT_WEBHOOK_SECRET: at least 8 characters');
    expect(configError({ ZALO_BOT_WEBHOOK_SECRET: 'has spaces in it' })).toContain('ZALO_BOT_WEBHOOK_SECRET: only letters A–Z a–z, digits, "_" and "-"');
    expect(configError({ ZALO_BOT_WEBHOOK_SECRET: 'x'.repeat(257) })).toContain('ZALO_BOT_WEBHOOK_SECRET: at most 256 characters');
    expect(configError({ ZALO_BOT_TOKEN: 'two words' })).toContain('ZALO_BOT_TOKEN: the token from Zalo Bot Manager');
    expect(configError({ ZALO_BOT_API_ROOT: 'not a url' })).toContain('ZALO_BOT_API_ROOT');
    expect(configError({ ZALO_BOT_WEBHOOK_PORT: '70000' })).toContain('ZALO_BOT_WEBHOOK_PORT: a port, 1 to 65535');
  });

  it('refuses two webhooks on one port', () => {
    expect(
      configError({
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_WEBHOOK_URL: 'https://x.vn/tg',
        ZALO_BOT_TOKEN: '1:abc',
        ZALO_BOT_WEBHOOK_URL: 'https://x.vn/zalo',
        ZALO_BOT_WEBHOOK_PORT: '8080',
      }),
    ).toContain('TELEGRAM_WEBHOOK_PORT, ZALO_BOT_WEBHOOK_PORT: the two webhooks need different ports');
  });
});

describe('the Telegram webhook secret', () => {
  it('is required in effect: generated when TELEGRAM_WEBHOOK_URL is set without one', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_URL: 'https://x.vn/tg' });
    expect(config.telegram?.webhook).toMatchObject({ port: 8080, secretGenerated: true, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(secretsOf(config)).toContain(config.telegram?.webhook?.secret);
  });

  it('keeps a configured one, and checks its characters and length at configuration time', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_URL: 'https://x.vn/tg', TELEGRAM_WEBHOOK_SECRET: 'A_b-9' }).telegram?.webhook).toMatchObject({
      secret: 'A_b-9',
      secretGenerated: false,
    });
    expect(configError({ TELEGRAM_WEBHOOK_SECRET: 'với dấu' })).toContain('TELEGRAM_WEBHOOK_SECRET: only letters A–Z a–z, digits, "_" and "-"');
    expect(configError({ TELEGRAM_WEBHOOK_SECRET: 's'.repeat(257) })).toContain('TELEGRAM_WEBHOOK_SECRET: at most 256 characters');
  });

  it('is not needed for long polling', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }).telegram?.webhook).toBeUndefined();
  });
});
