import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../../logger.ts';
import { loadCredentials, saveCredentials, type ZaloCredentials } from './credential-store.ts';

/** A QR login that ended without a session (declined on the phone, or no code scanned): only the operator can start another. */
export class QrLoginFailed extends Error {}

/** The two ways into a Zalo account; zca-client.ts provides them with zca-js, tests with fakes. */
export interface ZaloLogin<Session> {
  withCredentials(credentials: ZaloCredentials): Promise<Session>;
  /**
   * Shows a QR code for the account's phone to scan, as a PNG written to `qrImagePath`
   * (`onQrImage` is called each time a fresh one is written), and returns the new session.
   */
  withQrCode(qrImagePath: string, onQrImage: () => void): Promise<{ session: Session; credentials: ZaloCredentials }>;
}

/**
 * Logs in with the saved session when there is one, otherwise by QR code, saving that session so the
 * next start needs no phone. A refused saved session is not replaced by a QR login on its own: the
 * operator may not be watching, and a network failure looks the same as an expired session.
 */
export async function openZaloSession<Session>(
  credentialsFile: string,
  login: ZaloLogin<Session>,
  logger: Logger,
): Promise<Session> {
  const saved = await loadCredentials(credentialsFile);
  if (saved) {
    logger.info({ credentialsFile }, 'Zalo: logging in with the saved session');
    try {
      return await login.withCredentials(saved);
    } catch (error) {
      throw new Error(
        `Zalo: the saved session in ${credentialsFile} was not accepted (${messageOf(error)}). ` +
          'If it has expired, delete that file and restart to log in by QR code.',
      );
    }
  }

  const qrImagePath = join(dirname(credentialsFile), 'zalo-login-qr.png');
  const { session, credentials } = await login.withQrCode(qrImagePath, () =>
    logger.warn(
      { qrImage: qrImagePath },
      `Zalo: no saved session. Open ${qrImagePath} and scan it with the Zalo app of the bot's account (Zalo → QR scanner), then confirm on the phone; a new code replaces it every ~100 s`,
    ),
  );
  await saveCredentials(credentialsFile, credentials);
  await rm(qrImagePath, { force: true });
  logger.info({ credentialsFile }, 'Zalo: logged in by QR code; session saved for the next start');
  return session;
}

/** Only the message travels on: the error object itself may reference the request (and its cookies). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
