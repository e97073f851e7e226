import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Credentials } from './zca-js.ts';
import { z } from 'zod';

/**
 * A saved Zalo Web session: its cookies, the device id (imei) and the user agent they were issued to.
 * Whoever holds the file can act as the bot's account, so it is written readable by its owner only,
 * and nothing here ever puts its content into an error message (a JSON parse error would quote it).
 */
export type ZaloCredentials = Credentials;

const cookieList = z.array(z.record(z.string(), z.unknown()));
const credentialsSchema = z.object({
  imei: z.string().min(1),
  userAgent: z.string().min(1),
  cookie: z.union([cookieList, z.object({ url: z.string(), cookies: cookieList })]),
  language: z.string().optional(),
});

export class CredentialsFileError extends Error {}

/** The saved session, or undefined when there is none yet (first start: log in by QR code). */
export async function loadCredentials(file: string): Promise<ZaloCredentials | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CredentialsFileError(`cannot read the Zalo credentials file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CredentialsFileError(`the Zalo credentials file ${file} is not valid JSON; delete it to log in again by QR code`);
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    throw new CredentialsFileError(`the Zalo credentials file ${file} is missing or has malformed fields: ${fields}`);
  }
  // The cookies' inner shape is zca-js's to interpret (it accepts browser exports and tough-cookie's).
  return parsed.data as ZaloCredentials;
}

/** Writes the session atomically (a crash mid-write must not leave a torn file) with mode 0600. */
export async function saveCredentials(file: string, credentials: ZaloCredentials): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600); // `mode` applies only to a new file; a leftover temporary one keeps its old mode
  await rename(temporary, file);
}
