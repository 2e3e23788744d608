/**
 * Open the SQL database behind a store location and bring its schema up to date, or, read-only (a
 * gateway in scale-out, docs/scaling.md), check that it is up to date and never write. SQLite runs
 * in-process through better-sqlite3 (WAL, synchronous=NORMAL, a busy timeout, so readers never
 * block the writer); MySQL/MariaDB through a mysql2 pool. Both speak Kysely, with one schema and
 * one list of migrations (docs/storage.md).
 */
import { mkdirSync } from 'fs';
import { CompiledQuery, Kysely, Migrator, MysqlDialect, SqliteDialect } from 'kysely';
import type * as Mysql2 from 'mysql2';
import { loadOptional } from '../optional/loadOptional';
import { dirname, resolve } from 'path';
import { migrationProvider } from './migrations';
import { NoSqliteDriverError, openSqliteFile, type SqliteDriverName } from './openSqliteFile';
import type { SqlDialect } from './migrations/dialectOf';
import type { StoreSchema } from './schema';
import { StoreError } from './StoreError';
import { describeStoreUrl, parseStoreUrl, type StoreUrl } from './storeUrl';

export type { SqlDialect };

export interface Database {
  db: Kysely<StoreSchema>;
  dialect: SqlDialect;
  /** Where it lives, without the password (for logs). */
  location: string;
  /** Which SQLite driver loaded (openSqliteFile.ts says why there are two); undefined on MySQL. */
  sqliteDriver?: SqliteDriverName;
  /** Opened read-only: every write fails. */
  readOnly: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** How long SQLite waits for another writer's lock before failing (default 5 s). */
  busyTimeoutMs?: number;
  /** MySQL pool size (default 4). */
  connectionLimit?: number;
  /** MySQL connect timeout (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * Read only, for a reader of a store another process writes (a gateway reads what the engine
   * writes): SQLite's read-only flag, or read-only MySQL sessions; no migration runs, and a store
   * that is missing or not migrated is an error that says to start the writer first.
   */
  readOnly?: boolean;
}

/** How long a SQLite connection waits for another writer's lock before failing. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export type SqlStoreUrl = Exclude<StoreUrl, { kind: 'memory' }>;

export async function openDatabase(url: SqlStoreUrl | string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const location = typeof url === 'string' ? parseStoreUrl(url) : url;
  if (location.kind === 'memory') {
    throw new StoreError(
      'No database to open',
      'the store location is "memory", which keeps events in the process only',
      'Pass sqlite:<path> or mysql://… to open a database.'
    );
  }
  const database = location.kind === 'sqlite' ? openSqlite(location.path, options) : openMysql(location, options);
  try {
    await (database.readOnly ? checkMigrated(database) : migrate(database));
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

function openSqlite(path: string, options: OpenDatabaseOptions): Database {
  const file = resolve(path);
  const readOnly = options.readOnly === true;
  let sqlite: ReturnType<typeof openSqliteFile>;
  try {
    if (!readOnly) {
      mkdirSync(dirname(file), { recursive: true });
    }
    sqlite = openSqliteFile(file, { readOnly });
    // WAL: readers (history requests) never block the writer; NORMAL: no fsync per commit, still
    // crash-safe in WAL mode (a power loss may lose the last commits, never corrupt the file).
    // Both are the writer's to set (the journal mode is kept in the file); a reader only waits.
    if (!readOnly) {
      sqlite.exec('PRAGMA journal_mode = WAL');
      sqlite.exec('PRAGMA synchronous = NORMAL');
    }
    sqlite.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    if (error instanceof NoSqliteDriverError) {
      throw error;
    }
    if (readOnly) {
      throw new StoreError(
        `Cannot open the SQLite store ${file} read-only`,
        `${(error as Error).message} (a gateway only reads the store; the engine creates and writes it)`,
        `Start \`mci-sim engine --store sqlite:${file}\` first, or give the gateway the same --store path as the engine.`
      );
    }
    throw new StoreError(
      `Cannot open the SQLite store ${file}`,
      (error as Error).message,
      'Check that the directory is writable and the file is a SQLite database, or pick another --store or --data-dir.'
    );
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite.database }) });
  return {
    db,
    dialect: 'sqlite',
    location: `sqlite:${file}`,
    sqliteDriver: sqlite.driver,
    readOnly,
    close: () => db.destroy(),
  };
}

function openMysql(url: Extract<StoreUrl, { kind: 'mysql' }>, options: OpenDatabaseOptions): Database {
  const { createPool } = loadOptional<typeof Mysql2>('mysql2', '3.24.5', 'The MySQL/MariaDB store');
  const pool = createPool({
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    connectionLimit: options.connectionLimit ?? 4,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    // BIGINT columns (epoch-ms times, sequences) come back as numbers while they are safe integers.
    supportBigNumbers: true,
    charset: 'utf8mb4',
  });
  const readOnly = options.readOnly === true;
  const db = new Kysely<StoreSchema>({
    dialect: new MysqlDialect({
      pool,
      // Every pooled connection refuses writes (ERROR 1792) before it serves a query.
      onCreateConnection: readOnly
        ? async (connection) =>
            void (await connection.executeQuery(CompiledQuery.raw('SET SESSION TRANSACTION READ ONLY')))
        : undefined,
    }),
  });
  return { db, dialect: 'mysql', location: describeStoreUrl(url), readOnly, close: () => db.destroy() };
}

/** A read-only store must already have every migration: only its writer may run them. */
async function checkMigrated(database: Database): Promise<void> {
  let missing: string[];
  try {
    const migrations = await new Migrator({ db: database.db, provider: migrationProvider }).getMigrations();
    missing = migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
  } catch (error) {
    throw new StoreError(
      `Cannot read the store ${database.location}`,
      `reading its migration state failed: ${error instanceof Error ? error.message : String(error)}`,
      'Check that the database server runs and the URL, user, password and database name are right; see docs/storage.md.'
    );
  }
  if (missing.length > 0) {
    throw new StoreError(
      `The store ${database.location} is not ready to be read`,
      `${missing.length} of its migrations have not run (first: ${missing[0]}); this process opens it read-only and never migrates it`,
      'Start `mci-sim engine` with the same --store first: the engine creates and migrates the store the gateways read.'
    );
  }
}

async function migrate(database: Database): Promise<void> {
  const migrator = new Migrator({ db: database.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new StoreError(
      `Cannot prepare the store ${database.location}`,
      `${failed === undefined ? 'connecting or reading the migration state failed' : `migration ${failed} failed`}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      'Check that the database server runs and the URL, user, password and database name are right; see docs/storage.md.'
    );
  }
}
