/**
 * Open the store a `--store` location names: `memory` keeps the event history in the process;
 * `sqlite:` and `mysql://` open the database (migrated to the latest schema) behind the SQL event
 * store. On SQLite the events are appended by a writer thread with its own connection
 * (SqliteWriter.ts), so their transactions never block the event loop; everything else (reads,
 * the other sinks' small writes, retention) uses the main thread's connection. `readOnly` opens
 * the database of a store another process writes (a gateway's), for reading only.
 */
import { resolve } from 'path';
import { MemoryEventStore } from './MemoryEventStore';
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase, type OpenDatabaseOptions } from './openDatabase';
import { SqlEventStore } from './SqlEventStore';
import { SqliteWriter } from './SqliteWriter';
import type { Store } from './Store';
import { describeStoreUrl, parseStoreUrl, type StoreUrl } from './storeUrl';

export async function openStore(url: StoreUrl | string, options: OpenDatabaseOptions = {}): Promise<Store> {
  const location = typeof url === 'string' ? parseStoreUrl(url) : url;
  if (location.kind === 'memory') {
    return memoryStore();
  }
  const database = await openDatabase(location, options);
  // A read-only store has no writer thread: its event store's writes fail like any other write.
  const writer =
    location.kind === 'sqlite' && !database.readOnly
      ? new SqliteWriter({
          file: resolve(location.path),
          busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
        })
      : undefined;
  return {
    url: location,
    location: database.location,
    database,
    events: new SqlEventStore(database, writer),
    async close() {
      await writer?.close();
      await database.close();
    },
  };
}

/** A throwaway store in process memory (`--store memory`; the server's default when given none). */
export function memoryStore(): Store {
  const url: StoreUrl = { kind: 'memory' };
  return {
    url,
    location: describeStoreUrl(url),
    database: undefined,
    events: new MemoryEventStore(),
    close: async () => undefined,
  };
}
