import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { hashUserId, type Logger } from '../../logger.ts';
import { createRateLimiter } from '../rate-limiter.ts';
import { createLocalTurnOrder } from './turn-order.ts';
import { decodeCitations, decodeUserState, encodeUserState } from './user-state-codec.ts';
import { StateStoreError, type FeedbackRecord, type StateStore, type Verdict } from './state-store.ts';

export interface SqliteStateStoreOptions {
  /** How long a write waits for another connection's lock before giving up. */
  busyTimeoutMs?: number;
  logger?: Logger;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS user_state (
    user_key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    user_hash TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
    at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS feedback_by_verdict ON feedback (verdict, id);
`;

interface FeedbackRow {
  user_hash: string;
  question: string;
  answer: string;
  citations: string;
  verdict: Verdict;
  at: number;
}

/** The default store: one file under DATA_DIR, safe against a kill mid-write (WAL, one statement per write). */
export function openSqliteStateStore(file: string, options: SqliteStateStoreOptions = {}): StateStore {
  const db = openDatabase(file, options.busyTimeoutMs ?? 5_000);

  const selectState = db.prepare<[string], string>('SELECT state FROM user_state WHERE user_key = ?').pluck();
  const upsertState = db.prepare<[string, string, number]>(
    `INSERT INTO user_state (user_key, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const deleteState = db.prepare<[string]>('DELETE FROM user_state WHERE user_key = ?');
  const insertFeedback = db.prepare<[string, string, string, string, Verdict, number]>(
    'INSERT INTO feedback (user_hash, question, answer, citations, verdict, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectFeedback = db.prepare<[Verdict, number], FeedbackRow>(
    'SELECT user_hash, question, answer, citations, verdict, at FROM feedback WHERE verdict = ? ORDER BY id DESC LIMIT ?',
  );
  const countUsers = db.prepare<[], number>('SELECT count(*) FROM user_state').pluck();
  const countFeedback = db.prepare<[], { verdict: Verdict; n: number }>(
    'SELECT verdict, count(*) AS n FROM feedback GROUP BY verdict',
  );

  return {
    async get(userKey) {
      const json = selectState.get(userKey);
      if (json === undefined) return undefined;
      const state = decodeUserState(json);
      if (!state) options.logger?.warn({ user: hashUserId(userKey) }, 'stored state unreadable; the user starts fresh');
      return state;
    },
    async set(userKey, state) {
      // One statement is one implicit transaction: a kill mid-write leaves the previous row.
      upsertState.run(userKey, encodeUserState(state), state.updatedAt);
    },
    async delete(userKey) {
      deleteState.run(userKey);
    },
    async addFeedback(record) {
      const { userHash, question, answer, citations, verdict, at } = record;
      insertFeedback.run(userHash, question, answer, JSON.stringify(citations), verdict, at);
    },
    async recentFeedback(verdict, limit) {
      return selectFeedback.all(verdict, limit).map(feedbackOfRow);
    },
    async stats() {
      const feedback = { up: 0, down: 0 };
      for (const row of countFeedback.all()) feedback[row.verdict] = row.n;
      return { users: countUsers.get() ?? 0, feedback };
    },
    // One process serves a SQLite file (a second is refused the lock at start-up): its own memory
    // holds the line and the counts.
    turns: createLocalTurnOrder(),
    rateLimiter: (limitPerMinute) => createRateLimiter(limitPerMinute, { logger: options.logger }),
    async close() {
      if (db.open) db.close();
    },
  };
}

function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL loses no committed write to a process kill, only possibly to a power cut.
    db.pragma('synchronous = NORMAL');
    // Taking the write lock now makes a locked or read-only file fail here, not on a user's first message.
    db.transaction(() => db!.exec(SCHEMA)).immediate();
    return db;
  } catch (error) {
    db?.close();
    throw new StateStoreError(describeOpenFailure(file, error), { cause: error });
  }
}

function describeOpenFailure(file: string, error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const reason =
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
      ? 'the file is locked by another process (another bot instance?); stop it, or set REDIS_URL so instances share state'
      : code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
        ? 'the file is not a SQLite database; move it away or point DATA_DIR elsewhere'
        : 'the file or its folder is not writable; check DATA_DIR and its permissions';
  return `Không mở được kho trạng thái / cannot open the state store ${file}: ${reason} (${code || 'error'}: ${detail})`;
}

function feedbackOfRow(row: FeedbackRow): FeedbackRecord {
  return {
    userHash: row.user_hash,
    question: row.question,
    answer: row.answer,
    citations: decodeCitations(row.citations),
    verdict: row.verdict,
    at: row.at,
  };
}
