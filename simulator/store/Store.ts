/**
 * An open store: the event history every kind of store has, and the SQL database when it is not
 * `memory` (other table families reach it through `database`). Made by `openStore`.
 */
import type { EventStore } from './EventStore';
import type { Database } from './openDatabase';
import type { StoreUrl } from './storeUrl';

export interface Store {
  url: StoreUrl;
  /** For logs: the location without a password. */
  location: string;
  /** Undefined for `memory`. */
  database: Database | undefined;
  events: EventStore;
  close(): Promise<void>;
}
