/**
 * Which back end a migration runs on, so one migration can branch where a column type differs
 * (e.g. LONGTEXT on MySQL, TEXT on SQLite) while the schema stays one.
 */
import { MysqlAdapter, type Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'mysql';

export function dialectOf(db: Kysely<unknown>): SqlDialect {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}
