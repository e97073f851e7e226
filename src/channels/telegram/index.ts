export { createTelegramBot, type TelegramBotOptions } from './bot.ts';
export { startTelegram, type TelegramHandle, type TelegramStartOptions } from './start.ts';
export type { WebhookConfig } from './webhook.ts';
