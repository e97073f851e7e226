import { writeFileSync } from 'node:fs';
import { LoginQRCallbackEventType, ThreadType, Zalo, type API, type Message, type SendMessageQuote } from './zca-js.ts';
import type { Logger } from '../../logger.ts';
import type { ZaloCredentials } from './credential-store.ts';
import { keepSessionSaved, type SessionKeeper } from './session-keeper.ts';
import type { ZaloClient, ZaloMessage } from './zalo-api.ts';
import { openZaloSession, QrLoginFailed } from './zalo-login.ts';

/** Fresh QR codes offered (each lives ~100 s) before giving up on a login nobody is watching. */
const QR_CODES_OFFERED = 5;

export interface ZcaClientOptions {
  /** The saved session (JSON); written after a QR login. */
  credentialsFile: string;
  logger: Logger;
}

/** Logs in to the bot's personal Zalo account through zca-js (Zalo Web's protocol). */
export async function createZcaClient({ credentialsFile, logger }: ZcaClientOptions): Promise<ZaloClient> {
  // logging: zca-js writes to standard output (the CLI's) and prints raw request failures;
  // checkUpdate: no call to the npm registry at every login; selfListen: the bot's own messages are no input.
  const zalo = new Zalo({ logging: false, checkUpdate: false, selfListen: false });
  const api = await openZaloSession(
    credentialsFile,
    {
      withCredentials: (credentials) => zalo.login(credentials),
      withQrCode: (qrImagePath, onQrImage) => logInByQrCode(zalo, qrImagePath, onQrImage),
    },
    logger,
  );
  logger.info('Zalo: logged in');
  // Saved at once: the login itself may have renewed the cookies of the saved session.
  const session = keepSessionSaved({ read: () => sessionOf(api), credentialsFile, logger });
  await session.check();
  return clientFor(api, session, logger);
}

/** The live session, as the credentials file holds it. */
function sessionOf(api: API): ZaloCredentials {
  const { imei, userAgent, language } = api.getContext();
  // `lastAccessed` changes whenever a cookie is read: it would make every check look like a renewal.
  const cookie = (api.getCookie().toJSON()?.cookies ?? []).map(({ lastAccessed: _read, ...kept }) => kept);
  return { imei, userAgent, language, cookie };
}

async function logInByQrCode(
  zalo: Zalo,
  qrImagePath: string,
  onQrImage: () => void,
): Promise<{ session: API; credentials: ZaloCredentials }> {
  let credentials: ZaloCredentials | undefined;
  let codesOffered = 0;
  let gaveUp = false;
  const session = await zalo
    .loginQR({}, (event) => {
      switch (event.type) {
        case LoginQRCallbackEventType.QRCodeGenerated:
          // Written synchronously so a failure rejects the login (zca-js calls this inside its try).
          writeFileSync(qrImagePath, Buffer.from(event.data.image, 'base64'), { mode: 0o600 });
          codesOffered += 1;
          onQrImage();
          return;
        case LoginQRCallbackEventType.QRCodeExpired:
          // Called from a timer: throwing here would crash the process, and without an answer zca-js waits forever.
          if (codesOffered < QR_CODES_OFFERED) return event.actions.retry();
          gaveUp = true;
          return event.actions.abort();
        case LoginQRCallbackEventType.QRCodeScanned:
          return;
        case LoginQRCallbackEventType.QRCodeDeclined:
          throw new QrLoginFailed('Zalo: the QR login was declined on the phone');
        case LoginQRCallbackEventType.GotLoginInfo:
          credentials = { cookie: event.data.cookie, imei: event.data.imei, userAgent: event.data.userAgent };
          return;
      }
    })
    .catch((error: unknown) => {
      throw gaveUp ? new QrLoginFailed(`Zalo: none of ${QR_CODES_OFFERED} QR codes was scanned; restart to try again`) : error;
    });
  if (!credentials) throw new Error('Zalo: the QR login ended without session credentials');
  return { session, credentials };
}

function clientFor(api: API, session: SessionKeeper, logger: Logger): ZaloClient {
  const { listener } = api;
  // What sendMessage needs to quote a message, kept beside the message handed to the channel.
  const quotes = new WeakMap<ZaloMessage, SendMessageQuote>();
  const translate = (message: Message): ZaloMessage => {
    const translated = toZaloMessage(message);
    quotes.set(translated, quoteOf(message));
    return translated;
  };
  const threadType = (isGroup: boolean) => (isGroup ? ThreadType.Group : ThreadType.User);
  // An 'error' event nobody listens to is thrown by EventEmitter and would end the process, Telegram with it.
  // It may be a WebSocket ErrorEvent that references the socket and its cookie header: log the message only.
  listener.on('error', (error) => logger.warn({ error: messageOf(error) }, 'Zalo: listener error'));
  return {
    ownId: api.getOwnId(),
    onMessage(handler) {
      listener.on('message', (message) => handler(translate(message)));
    },
    onMissedMessages(handler) {
      listener.on('old_messages', (messages) => handler(messages.map(translate)));
    },
    onConnected(handler) {
      listener.on('connected', handler);
    },
    onClosed(handler) {
      listener.on('closed', handler);
    },
    // Without retryOnClose: reconnecting is decided in one place (reconnect.ts), with backoff and a cap.
    startListening: () => listener.start(),
    stopListening: () => listener.stop(),
    requestMissedMessages() {
      listener.requestOldMessages(ThreadType.User);
      listener.requestOldMessages(ThreadType.Group);
    },
    async sendText(threadId, isGroup, text, quoting) {
      const quote = quoting === undefined ? undefined : quotes.get(quoting);
      await api.sendMessage(quote === undefined ? text : { msg: text, quote }, threadId, threadType(isGroup));
    },
    async sendFile(threadId, isGroup, path) {
      // zca-js uploads the file and posts it with `msg` as its caption: none, the name says what it is.
      await api.sendMessage({ msg: '', attachments: [path] }, threadId, threadType(isGroup));
    },
    async sendTyping(threadId, isGroup) {
      await api.sendTypingEvent(threadId, threadType(isGroup));
    },
    dispose: () => session.stop(),
  };
}

function quoteOf({ data }: Message): SendMessageQuote {
  const { content, msgType, propertyExt, uidFrom, msgId, cliMsgId, ts, ttl } = data;
  return { content, msgType, propertyExt, uidFrom, msgId, cliMsgId, ts, ttl };
}

/** zca-js's message, in the fields the channel reads. */
export function toZaloMessage(message: Message): ZaloMessage {
  const { data } = message;
  return {
    messageId: data.msgId,
    sentAt: Number(data.ts),
    threadId: message.threadId,
    isGroup: message.type === ThreadType.Group,
    isSelf: message.isSelf,
    senderId: data.uidFrom,
    msgType: data.msgType,
    content: data.content,
    mentions:
      message.type === ThreadType.Group ? (message.data.mentions ?? []).map(({ uid, pos, len }) => ({ uid, pos, len })) : [],
    quotedSenderId: data.quote?.ownerId,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return 'unknown error';
}
