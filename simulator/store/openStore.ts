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
    return {
      url: location,
      location: describeStoreUrl(location),
      database: undefined,
      events: new MemoryEventStore(),
      close: async () => undefined,
    };
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
