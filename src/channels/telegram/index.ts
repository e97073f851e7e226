export { createTelegramBot, type TelegramBotOptions } from './bot.ts';
export { startTelegram, type TelegramHandle, type TelegramStartOptions } from './start.ts';
export { describeError, refusedForGood } from './errors.ts';
export type { WebhookConfig } from './webhook.ts';
