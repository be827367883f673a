import { readdirSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { KyodoError, msg } from '../errors.js';

/** PRAGMA application_id of every kyodo database: "KYDO". */
export const APPLICATION_ID = 0x4b59444f;

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this build, in order (NNNN_name.sql). */
export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f, i) => {
      const version = Number(f.slice(0, 4));
      if (version !== i + 1) throw new Error(`migration ${f} is out of sequence (expected ${String(i + 1).padStart(4, '0')})`);
      return { version, name: f, sql: readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8') };
    });
}

export const LATEST_VERSION = loadMigrations().length;

/**
 * Brings the schema to LATEST_VERSION, one transaction per migration.
 * Foreign keys are switched off before BEGIN (inside a transaction the pragma
 * does nothing, and a table rebuild would cascade-delete child rows) and
 * checked with foreign_key_check before each COMMIT.
 */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current >= LATEST_VERSION) return current;
  const fkWasOn = (db.pragma('foreign_keys', { simple: true }) as number) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of loadMigrations()) {
      if (m.version <= current) continue;
      db.transaction(() => {
        db.exec(m.sql);
        const violations = db.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new KyodoError('migration_failed', msg(
            `migration ${m.name} would break ${violations.length} foreign key(s); nothing was changed`,
            `マイグレーション ${m.name} で外部キー違反が ${violations.length} 件生じるため中止しました（変更なし）`,
          ));
        }
        if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  } finally {
    if (fkWasOn) db.pragma('foreign_keys = ON');
  }
  return LATEST_VERSION;
}
