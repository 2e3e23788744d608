export interface ActivityOptions {
  /** Severities shown; empty shows all. The chips on the panel change this too. */
  severities: string[];
  /** Types shown; empty shows all. */
  types: string[];
  /** Most entries rendered (the newest), so a long-open panel stays light. */
  maxEntries: number;
  showFilters: boolean;
}

export const DEFAULT_OPTIONS: ActivityOptions = { severities: [], types: [], maxEntries: 500, showFilters: true };
export const MAX_ENTRIES_LIMIT = 5000;

/** Fields the panel reads, by protocol name; `time` is `timestamp` (or any time field). */
export const ACTIVITY_FIELD_KEYS = [
  'time',
  'message',
  'id',
  'type',
  'severity',
  'details',
  'state',
  'service',
  'metric',
] as const;
export type ActivityFieldKey = (typeof ACTIVITY_FIELD_KEYS)[number];
export const REQUIRED_ACTIVITY_FIELDS: readonly ActivityFieldKey[] = ['time', 'message'];
