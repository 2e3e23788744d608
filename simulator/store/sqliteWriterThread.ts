/**
 * The SQLite writer thread, started by `SqliteWriter.ts`: it owns its own connection to the store's
 * file and writes each batch of events it is sent in one transaction, through prepared
 * `INSERT OR IGNORE` statements made once, then replies with ok or the error's message. SQLite
 * drivers are synchronous, so the transaction blocks this thread only, never the server's event
 * loop. The file is in WAL mode (openDatabase.ts), so the main thread's readers never wait for it.
 * A failed open is retried at the next batch, so the writer resumes when the file is back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteFile, type SqliteFile } from './openSqliteFile';
import { ROW_WIDTH, type WriterReply, type WriterRequest, type WriterThreadData } from './sqliteWriterMessages';

/** Rows per multi-row INSERT (5 parameters each); the rest of a batch goes one row at a time. */
const ROWS_PER_INSERT = 100;
const COLUMNS = '(epoch, channel, seq, time, payload)';
/** The columns above: the request's `ROW_WIDTH` per row, then the payload. */
const COLUMN_COUNT = ROW_WIDTH + 1;

type AppendRequest = WriterRequest & { kind: 'append' };

interface Connection {
  file: SqliteFile;
  many: ReturnType<SqliteFile['database']['prepare']>;
  one: ReturnType<SqliteFile['database']['prepare']>;
}

const { file, busyTimeoutMs } = workerData as WriterThreadData;
let connection: Connection | undefined;

function open(): Connection {
  const sqlite = openSqliteFile(file);
  try {
    sqlite.exec('PRAGMA journal_mode = WAL');
    sqlite.exec('PRAGMA synchronous = NORMAL');
    sqlite.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    const values = (rows: number) => Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ');
    return {
      file: sqlite,
      many: sqlite.database.prepare(`INSERT OR IGNORE INTO events ${COLUMNS} VALUES ${values(ROWS_PER_INSERT)}`),
      one: sqlite.database.prepare(`INSERT OR IGNORE INTO events ${COLUMNS} VALUES ${values(1)}`),
    };
  } catch (error) {
    sqlite.database.close();
    throw error;
  }
}

/** The parameters of rows `from` to `to` (exclusive): the row's columns, then its payload as text. */
function parameters(request: AppendRequest, payloads: Buffer, from: number, to: number): Array<string | number> {
  const { rows, ends } = request;
  const values: Array<string | number> = new Array((to - from) * COLUMN_COUNT);
  let at = 0;
  for (let row = from; row < to; row++) {
    for (let column = 0; column < ROW_WIDTH; column++) {
      values[at++] = rows[row * ROW_WIDTH + column];
    }
    values[at++] = payloads.toString('utf8', row === 0 ? 0 : ends[row - 1], ends[row]);
  }
  return values;
}

function append(request: AppendRequest): void {
  connection ??= open();
  const { file: sqlite, many, one } = connection;
  const payloads = Buffer.from(request.payloads);
  const count = request.ends.length;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    let row = 0;
    for (; row + ROWS_PER_INSERT <= count; row += ROWS_PER_INSERT) {
      many.run(parameters(request, payloads, row, row + ROWS_PER_INSERT));
    }
    for (; row < count; row++) {
      one.run(parameters(request, payloads, row, row + 1));
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    try {
      sqlite.exec('ROLLBACK');
    } catch {
      // No transaction left to roll back (SQLite ended it on a full disk, say).
    }
    throw error;
  }
}

/** Drop a connection that failed, so the next batch opens the file afresh (it may be back). */
function reset(): void {
  try {
    connection?.file.database.close();
  } catch {
    // Closing a broken connection may fail too; it is dropped either way.
  }
  connection = undefined;
}

parentPort?.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    reset();
    parentPort?.postMessage({ id: request.id, ok: true } satisfies WriterReply);
    parentPort?.close();
    return;
  }
  try {
    append(request);
    parentPort?.postMessage({ id: request.id, ok: true } satisfies WriterReply);
  } catch (error) {
    reset();
    const message = error instanceof Error ? error.message : String(error);
    parentPort?.postMessage({ id: request.id, ok: false, error: message } satisfies WriterReply);
  }
});
