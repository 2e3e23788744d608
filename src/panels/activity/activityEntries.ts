/**
 * Pure model of the feed: entries from an activity or alerts frame, filtering, search and the
 * bound. Activity frames carry `type` and `details`; alerts frames carry `service`, `metric`,
 * `state` and numbers instead, which become the label and the details.
 */
import { type DataFrame, type Field, FieldType, formattedValueToString } from '@grafana/data';
import { toDetails, toText, toTimeMs } from '../common/values';
import type { ActivityFieldKey } from './types';

export type ActivityFields = Partial<Record<ActivityFieldKey, Field>>;

export interface ActivityEntry {
  key: string;
  time: number | null;
  /** The `type` field, or for alerts "service metric". */
  type: string;
  severity: string;
  /** Alert state (active, resolved) when the frame has one. */
  state: string;
  message: string;
  details: Record<string, unknown> | null;
}

/** Fields shown in the entry line itself; every other field of a frame without `details` is detail. */
const LINE_KEYS: readonly ActivityFieldKey[] = ['time', 'message', 'id', 'type', 'severity', 'state', 'details'];

function cellText(field: Field, index: number): unknown {
  const value = field.values[index];
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  if (field.display && (field.type === FieldType.number || field.type === FieldType.time)) {
    return formattedValueToString(field.display(value));
  }
  return value;
}

function inTimeOrder(entries: ActivityEntry[]): boolean {
  for (let index = 1; index < entries.length; index++) {
    if ((entries[index - 1].time ?? -Infinity) > (entries[index].time ?? -Infinity)) {
      return false;
    }
  }
  return true;
}

export function activityEntries(frame: DataFrame, fields: ActivityFields): ActivityEntry[] {
  const lineFields = new Set(LINE_KEYS.map((key) => fields[key]).filter(Boolean));
  const extraFields = fields.details ? [] : frame.fields.filter((field) => !lineFields.has(field));
  const entries: ActivityEntry[] = new Array(frame.length);
  for (let index = 0; index < frame.length; index++) {
    const time = toTimeMs(fields.time?.values[index]);
    const id = toText(fields.id?.values[index]);
    let details = fields.details ? toDetails(fields.details.values[index]) : null;
    if (extraFields.length > 0) {
      const extra: Record<string, unknown> = {};
      for (const field of extraFields) {
        const text = cellText(field, index);
        if (text !== undefined) {
          extra[field.name] = text;
        }
      }
      details = Object.keys(extra).length > 0 ? extra : null;
    }
    const type =
      toText(fields.type?.values[index]) ||
      [toText(fields.service?.values[index]), toText(fields.metric?.values[index])].filter(Boolean).join(' ');
    const state = toText(fields.state?.values[index]);
    const message = toText(fields.message?.values[index]);
    entries[index] = {
      // An id alone is not unique in an alerts frame (raised and resolved share it); frames
      // without ids fall back on the message. No frame index: a ring buffer shifts it.
      key: `${id}|${time ?? ''}|${state}|${id ? '' : message}`,
      time,
      type,
      severity: toText(fields.severity?.values[index]).toLowerCase(),
      state,
      message,
      details,
    };
  }
  // Oldest first, so the tail (newest) is at the bottom where the feed follows; stable for ties.
  // Our data source's frames already are, and checking costs less than sorting every frame.
  const sorted = inTimeOrder(entries)
    ? entries
    : entries
        .map((entry, index) => ({ entry, index }))
        .sort((a, b) => (a.entry.time ?? -Infinity) - (b.entry.time ?? -Infinity) || a.index - b.index)
        .map(({ entry }) => entry);
  // True duplicates get a counter, so keys stay unique and stable across updates.
  const seen = new Map<string, number>();
  for (const entry of sorted) {
    const count = seen.get(entry.key) ?? 0;
    seen.set(entry.key, count + 1);
    if (count > 0) {
      entry.key = `${entry.key}#${count}`;
    }
  }
  return sorted;
}

function sameDetails(a: ActivityEntry['details'], b: ActivityEntry['details']): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

function sameEntry(a: ActivityEntry, b: ActivityEntry): boolean {
  return (
    a.key === b.key &&
    a.time === b.time &&
    a.type === b.type &&
    a.severity === b.severity &&
    a.state === b.state &&
    a.message === b.message &&
    sameDetails(a.details, b.details)
  );
}

/**
 * `next` with every entry that equals one of `previous` (same key and contents) replaced by that
 * earlier object, and `previous` itself when nothing differs: the feed's rows compare entries by
 * identity, so a new frame re-renders only the entries it added or changed.
 */
export function reuseUnchanged(previous: readonly ActivityEntry[], next: ActivityEntry[]): ActivityEntry[] {
  const known = new Map(previous.map((entry) => [entry.key, entry]));
  let changed = next.length !== previous.length;
  const reused = next.map((entry, index) => {
    const before = known.get(entry.key);
    const kept = before && sameEntry(before, entry) ? before : entry;
    changed ||= kept !== previous[index];
    return kept;
  });
  return changed ? reused : (previous as ActivityEntry[]);
}

export interface ActivityFilter {
  severities: string[];
  types: string[];
  search: string;
}

function matchesSearch(entry: ActivityEntry, needle: string): boolean {
  if (
    entry.message.toLowerCase().includes(needle) ||
    entry.type.toLowerCase().includes(needle) ||
    entry.severity.includes(needle)
  ) {
    return true;
  }
  return entry.details !== null && JSON.stringify(entry.details).toLowerCase().includes(needle);
}

/** Entries that pass the filter, at most `maxEntries` of them (the newest). */
export function filterEntries(entries: ActivityEntry[], filter: ActivityFilter, maxEntries: number): ActivityEntry[] {
  const severities = filter.severities.length > 0 ? new Set(filter.severities) : undefined;
  const types = filter.types.length > 0 ? new Set(filter.types) : undefined;
  const needle = filter.search.trim().toLowerCase();
  const kept = entries.filter(
    (entry) =>
      (!severities || severities.has(entry.severity)) &&
      (!types || types.has(entry.type)) &&
      (needle === '' || matchesSearch(entry, needle))
  );
  return maxEntries > 0 && kept.length > maxEntries ? kept.slice(kept.length - maxEntries) : kept;
}

/** How many entries have each value (for the filter chips), in order of first appearance. */
export function countValues(entries: ActivityEntry[], pick: (entry: ActivityEntry) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const value = pick(entry);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
