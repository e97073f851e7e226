import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStateStore } from '../../../src/conversation/state/sqlite-state-store.ts';
import { StateStoreError } from '../../../src/conversation/state/state-store.ts';
import { tempDir } from '../fakes.ts';
import { describeStateStoreContract } from './store-contract.ts';

let file = '';

describeStateStoreContract('SQLite', {
  async reset() {
    file = join(tempDir(), 'state.sqlite');
  },
  async open() {
    return openSqliteStateStore(file);
  },
  async corrupt(_store, userKey, raw) {
    const db = new Database(file);
    db.prepare('UPDATE user_state SET state = ? WHERE user_key = ?').run(raw, userKey);
    if (db.prepare('SELECT changes()').pluck().get() === 0) {
      db.prepare('INSERT INTO user_state (user_key, state, updated_at) VALUES (?, ?, 0)').run(userKey, raw);
    }
    db.close();
  },
});

describe('opening the SQLite store', () => {
  const opened: Database.Database[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('creates the data folder and uses WAL', async () => {
    const path = join(tempDir(), 'nested', 'data', 'state.sqlite');
    const store = openSqliteStateStore(path);
    await store.close();
    const db = new Database(path);
    opened.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('fails clearly when the file is locked by another process', () => {
    const path = join(tempDir(), 'state.sqlite');
    const holder = new Database(path);
    opened.push(holder);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('CREATE TABLE hold (x); INSERT INTO hold VALUES (1);');
    const open = () => openSqliteStateStore(path, { busyTimeoutMs: 50 });
    expect(open).toThrow(StateStoreError);
    expect(open).toThrow(/locked by another process/);
  });

  it('fails clearly when the folder cannot be created', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    expect(() => openSqliteStateStore(join(dir, 'not-a-folder', 'state.sqlite'))).toThrow(/not writable.*DATA_DIR/);
  });

  it('fails clearly when the path is a folder', () => {
    const path = join(tempDir(), 'state.sqlite');
    mkdirSync(path);
    expect(() => openSqliteStateStore(path)).toThrow(StateStoreError);
  });

  it('fails clearly when the file is not a database', () => {
    const path = join(tempDir(), 'state.sqlite');
    writeFileSync(path, 'this is not a database '.repeat(100));
    expect(() => openSqliteStateStore(path)).toThrow(/not a SQLite database/);
  });
});
