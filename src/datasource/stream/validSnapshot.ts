/**
 * A REST snapshot item (polling, gap healing, state replay) checked element by element with the
 * protocol's schemas before it reaches a frame buffer: the valid elements go on, each invalid one
 * is skipped alone and returned, so one bad element never empties a table or ends a stream.
 */
import * as v from 'valibot';
import type { ChannelItem, SkippedMessage } from '../../client';
import {
  AccountMetricsSchema,
  AlertSchema,
  MarketDataSchema,
  OrderSchema,
  PositionSchema,
  QuoteSchema,
  ServiceMetricsSchema,
  SystemHealthSchema,
  describeValue,
  type Channel,
} from '../../protocol';
import { skippedRestItem } from './SkippedTally';

type Schema = v.GenericSchema;
type SnapshotItem = Extract<ChannelItem, { kind: 'snapshot' }>;

/** Channels whose snapshot is a list, with the schema of one element. */
const LISTS: Partial<Record<Channel, Schema>> = { positions: PositionSchema, orders: OrderSchema, alerts: AlertSchema };
/** Channels whose snapshot is one object. */
const OBJECTS: Partial<Record<Channel, Schema>> = {
  account: AccountMetricsSchema,
  health: SystemHealthSchema,
  services: ServiceMetricsSchema,
};

export interface CheckedSnapshot {
  /** The item with its valid elements only; undefined when nothing in it was valid. */
  item?: SnapshotItem;
  skipped: SkippedMessage[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(schema: Schema, value: unknown): string | undefined {
  const result = v.safeParse(schema, value);
  if (result.success) {
    return undefined;
  }
  const issue = result.issues[0];
  const path = (issue.path ?? []).map((step) => String((step as { key: unknown }).key)).join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

export function validSnapshot(item: SnapshotItem): CheckedSnapshot {
  const { channel } = item;
  const skipped: SkippedMessage[] = [];
  const skip = (reason: string) =>
    skipped.push(skippedRestItem(channel, `the ${channel} snapshot`, reason, item.receivedAt));
  /** The elements of a list that pass `schema`; the others are skipped with their index. */
  const keepValid = (list: unknown[], schema: Schema, label: (index: number) => string) =>
    list.filter((element, index) => {
      const reason = problem(schema, element);
      if (reason !== undefined) {
        skip(`${label(index)}: ${reason}`);
      }
      return reason === undefined;
    });

  const listSchema = LISTS[channel];
  const objectSchema = OBJECTS[channel];
  if (listSchema) {
    if (!Array.isArray(item.data)) {
      skip(`expected a list, got ${describeValue(item.data)}`);
      return { skipped };
    }
    return { item: { ...item, data: keepValid(item.data, listSchema, (index) => `[${index}]`) }, skipped };
  }
  if (objectSchema) {
    const reason = problem(objectSchema, item.data);
    if (reason !== undefined) {
      skip(reason);
      return { skipped };
    }
    return { item, skipped };
  }
  if (channel === 'market') {
    if (Array.isArray(item.data)) {
      return { item: { ...item, data: keepValid(item.data, MarketDataSchema, (index) => `[${index}]`) }, skipped };
    }
    if (isRecord(item.data) && isRecord(item.data.symbols)) {
      const entries = Object.entries(item.data.symbols);
      const valid = keepValid(
        entries.map(([, quote]) => quote),
        QuoteSchema,
        (index) => `symbols.${entries[index][0]}`
      );
      const kept = new Set(valid);
      const symbols = Object.fromEntries(entries.filter(([, quote]) => kept.has(quote)));
      return { item: { ...item, data: { ...item.data, symbols } }, skipped };
    }
    skip(`expected a list of quotes, got ${describeValue(item.data)}`);
    return { skipped };
  }
  // activity and strategy have no snapshot part: nothing a buffer reads.
  return { item, skipped };
}
