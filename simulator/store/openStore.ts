/**
 * Open the store a `--store` location names: `memory` keeps the event history in the process;
 * `sqlite:` and `mysql://` open the database (migrated to the latest schema) behind the SQL event
 * store.
 */
import { MemoryEventStore } from './MemoryEventStore';
import { openDatabase, type OpenDatabaseOptions } from './openDatabase';
import { SqlEventStore } from './SqlEventStore';
import type { Store } from './Store';
import { describeStoreUrl, parseStoreUrl, type StoreUrl } from './storeUrl';

export async function openStore(url: StoreUrl | string, options: OpenDatabaseOptions = {}): Promise<Store> {
  const location = typeof url === 'string' ? parseStoreUrl(url) : url;
  if (location.kind === 'memory') {
    return memoryStore();
  }
  const database = await openDatabase(location, options);
  return {
    url: location,
    location: database.location,
    database,
    events: new SqlEventStore(database),
    close: () => database.close(),
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
