import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { type App, createApp } from '../../app.ts';
import { ConfigError, loadConfig, secretsOf } from '../../config.ts';
import { createLogger, type LoggerOptions } from '../../logger.ts';
import { chatLogFile, runCliChat } from './chat.ts';
import { askRecord, plainText, retrieveRecord } from './output.ts';

/** Questions one per line from standard input, in order. */
async function* inputLines(): AsyncGenerator<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

const writeLine = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('a whole number from 1 to 100');
  return n;
}

/** `terminal`: a person chats at this terminal, so the log goes to DATA_DIR/logs/chat.log, warnings aside. */
async function startApp(terminal = false): Promise<App> {
  const config = loadConfig();
  const options: LoggerOptions = terminal ? { terminal: { file: chatLogFile(config.dataDir) } } : {};
  return createApp(config, createLogger(config.logLevel, secretsOf(config), options));
}

const program = new Command('htx-bot')
  .description('htx-bot from the command line: retrieval, answers and the chat, through the same core as Telegram and Zalo')
  .showHelpAfterError();

program
  .command('retrieve')
  .description('the passages an answer would be built from, for questions read one per line from standard input')
  .option('--json', 'one JSON object per line (the only output format)', true)
  .option('--k <n>', 'passages per question', positiveInteger, 5)
  .action(async (options: { k: number }) => {
    const app = await startApp();
    for await (const query of inputLines()) writeLine(retrieveRecord(await app.retriever.retrieve(query, options.k)));
  });

program
  .command('ask')
  .description('answer a question (or questions read one per line from standard input)')
  .argument('[question]')
  .option('--json', 'one JSON object per answer')
  .action(async (question: string | undefined, options: { json?: boolean }) => {
    const app = await startApp();
    const answerOne = async (q: string) => {
      const answer = await app.answerer.answer(q);
      writeLine(options.json ? askRecord(answer) : `${plainText(answer.answer)}\n`);
    };
    if (question !== undefined) await answerOne(question);
    else for await (const q of inputLines()) await answerOne(q);
  });

program
  .command('chat')
  .description('a conversation as one user, guided flows included; state persists across runs')
  .option('--json', 'one JSON line per reply: {"text": …, "buttons": […]}')
  .option('--user <id>', 'the user id', 'cli')
  .action(async (options: { json?: boolean; user: string }) => {
    const interactive = process.stdin.isTTY === true;
    const app = await startApp(interactive);
    // A person or a script at one terminal is not a flood: no rate limit here.
    const { service, store } = await app.openConversation({ rateLimitPerMinute: Infinity });
    try {
      await runCliChat(service, {
        userId: options.user,
        json: options.json ?? false,
        input: process.stdin,
        output: process.stdout,
        interactive,
      });
    } finally {
      await store.close();
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Lỗi: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}
