/**
 * Every migration, in order, as a provider object for Kysely's Migrator (not a folder scan, so a
 * bundled CLI still finds them). Names sort in the order they run: add the next one as
 * `000N_<what>.ts` and one line here. A released migration never changes; add a new one instead.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as events from './0001_events';
import * as serviceMetrics from './0002_service_metrics';
import * as trading from './0003_trading';
import * as clusteredAggregates from './0004_clustered_aggregates';

export const MIGRATIONS: Record<string, Migration> = {
  '0001_events': events,
  '0002_service_metrics': serviceMetrics,
  '0003_trading': trading,
  '0004_clustered_aggregates': clusteredAggregates,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
