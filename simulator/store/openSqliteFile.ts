/**
 * Open a SQLite file with the first driver that loads in this Node: better-sqlite3 (the pinned
 * dependency, fastest), else Node's built-in `node:sqlite` (Node 22.13 or newer) through a small
 * adapter with the same shape. Why two: better-sqlite3 is a native addon built for one Node ABI,
 * and one `node_modules` may serve two Nodes (the system Node that runs `bin/mci-sim.js`, and the
 * `node` dev dependency that npm scripts and Jest run on). Both drivers read and write the same
 * file format, so a store written under one opens under the other (docs/storage.md).
 */
import { createRequire } from 'node:module';
import type { SqliteDatabase } from 'kysely';

export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';

export interface SqliteFile {
  driver: SqliteDriverName;
  /** What Kysely's SqliteDialect drives. */
  database: SqliteDatabase;
  exec(sql: string): void;
}

const load = createRequire(__filename);

/** Thrown when this Node has no SQLite driver at all (the lean package on Node 20, say). */
export class NoSqliteDriverError extends Error {}

/** Set once better-sqlite3's addon failed to load: a second attempt fails differently, so remember. */
let nativeError: Error | undefined;

export interface OpenSqliteFileOptions {
  /**
   * Open with SQLite's read-only flag: every write fails, and a missing file is an error instead
   * of a new empty database (a gateway reading the store the engine writes).
   */
  readOnly?: boolean;
}

export function openSqliteFile(file: string, options: OpenSqliteFileOptions = {}): SqliteFile {
  const readOnly = options.readOnly === true;
  if (nativeError === undefined) {
    try {
      const BetterSqlite3 = load('better-sqlite3') as typeof import('better-sqlite3');
      const database = new BetterSqlite3(file, readOnly ? { readonly: true, fileMustExist: true } : {});
      return { driver: 'better-sqlite3', database, exec: (sql) => void database.exec(sql) };
    } catch (error) {
      if (!isBindingError(error as Error)) {
        throw error;
      }
      nativeError = error as Error;
    }
  }
  let builtIn: typeof import('node:sqlite');
  try {
    builtIn = load('node:sqlite') as typeof import('node:sqlite');
  } catch {
    throw new NoSqliteDriverError(
      `The SQLite store cannot open: better-sqlite3 cannot load in Node ${process.version} ` +
        `(${firstLine(nativeError.message)}) and this Node has no node:sqlite. ` +
        'Install it beside mci-sim (`npm install better-sqlite3@12.11.1`, or `npm rebuild better-sqlite3` ' +
        'when it was built for another Node), run on Node 22.13 or newer, or pass `--store memory`'
    );
  }
  const database = new builtIn.DatabaseSync(file, { readOnly });
  return { driver: 'node:sqlite', database: adapt(database), exec: (sql) => database.exec(sql) };
}

/**
 * The native addon is not installed (the lean package leaves it out) or was built for another Node
 * ABI (NODE_MODULE_VERSION).
 */
function isBindingError(error: Error): boolean {
  if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /better-sqlite3/.test(error.message)) {
    return true;
  }
  return /NODE_MODULE_VERSION|Could not locate the bindings file|was compiled against a different Node\.js version|did not self-register/.test(
    error.message
  );
}

function adapt(database: import('node:sqlite').DatabaseSync): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql) {
      const statement = database.prepare(sql);
      type Parameter = import('node:sqlite').SQLInputValue;
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...(parameters as Parameter[])),
        run: (parameters) => statement.run(...(parameters as Parameter[])),
        iterate: (parameters) => statement.iterate(...(parameters as Parameter[])),
      };
    },
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
