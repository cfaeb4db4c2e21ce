// Statements prepared on first use: a hook writes one record and needs only a few of the writer's.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';

/** An object of statements, each prepared when it is first read, then kept. */
export function lazyStatements<K extends string>(db: Db, sql: Record<K, string>): Readonly<Record<K, Statement>> {
  const out = {} as Record<K, Statement>;
  for (const key of Object.keys(sql) as K[]) {
    Object.defineProperty(out, key, {
      configurable: true,
      get() {
        const stmt = db.prepare(sql[key]);
        Object.defineProperty(out, key, { value: stmt });
        return stmt;
      },
    });
  }
  return out;
}
