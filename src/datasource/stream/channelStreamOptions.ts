/**
 * What a live query asks of its stream, worked out from the target, the request and the
 * instance's settings: the interpolated symbol filter, the buffer sizes (maxDataPoints clamped to
 * what a buffer may hold), the dashboard's time span and interval, how long an absent market symbol is kept, and the start
 * of the history backfill. Pure:
 * template interpolation and the REST reader are passed in.
 */
import type { DataQueryRequest, ScopedVars } from '@grafana/data';
import type { SchedulerLike } from 'rxjs';
import type { HttpGet } from '../../client';
import type { Channel } from '../../protocol';
import { FRAME_DEFAULTS, type ChannelBufferOptions } from '../frames';
import { DATASOURCE_DEFAULTS, type MciOptions, type MciQuery } from '../types';
import type { SkippedTally } from './SkippedTally';
import type { RepaintClock } from './repaintClock';

export interface ChannelStreamOptions extends ChannelBufferOptions {
  refId: string;
  channel: Channel;
  wsUrl: string;
  throttleMs: number;
  /** Clock for staleness and notices (default Date.now). */
  now?: () => number;
  scheduler?: SchedulerLike;
  /** Backfill from the server's history since `historyFromMs` before live items (REST reader). */
  httpGet?: HttpGet;
  historyFromMs?: number;
  /** The instance's tally of skipped messages: this query shows its channel's count, and adds its own skips. */
  skipped?: SkippedTally;
  /**
   * The repaint windows this stream shares with the instance's other live queries, so they all
   * repaint in one task (stream/repaintClock.ts); absent, the stream keeps windows of its own.
   */
  repaintClock?: RepaintClock;
}

/** Template interpolation as Grafana's template service does it (`csv` joins multi-values). */
export type TemplateReplace = (value: string, scopedVars?: ScopedVars, format?: string) => string;

/** Values of a multi-value variable's "All" that mean "no filter". */
const ALL_VALUES: ReadonlySet<string> = new Set(['$__all', '*', 'All']);

/** Symbols after template interpolation: multi-value variables expand, All means no filter. */
export function interpolateSymbols(
  symbols: readonly string[] | undefined,
  replace: TemplateReplace,
  scopedVars?: ScopedVars
): string[] {
  const out = new Set<string>();
  for (const entry of symbols ?? []) {
    for (const value of replace(entry, scopedVars, 'csv').split(',')) {
      const symbol = value.trim();
      if (ALL_VALUES.has(symbol)) {
        return [];
      }
      if (symbol) {
        out.add(symbol);
      }
    }
  }
  return [...out];
}

/** Grafana's maxDataPoints as a buffer size: rounded and clamped; absent or ≤ 0 = the default. */
export function clampMaxDataPoints(maxDataPoints: number | undefined): number | undefined {
  return maxDataPoints && maxDataPoints > 0
    ? Math.min(Math.round(maxDataPoints), FRAME_DEFAULTS.maxBufferSize)
    : undefined;
}

export interface StreamInputs {
  target: MciQuery;
  request: Pick<DataQueryRequest<MciQuery>, 'maxDataPoints' | 'range' | 'scopedVars'> & { intervalMs?: number };
  jsonData: MciOptions;
  replace: TemplateReplace;
  /** Reads a REST path through the data source's proxy route. */
  httpGet: HttpGet;
}

export function channelStreamOptions({
  target,
  request,
  jsonData,
  replace,
  httpGet,
}: StreamInputs): ChannelStreamOptions {
  const range = request.range as DataQueryRequest['range'] | undefined;
  return {
    refId: target.refId,
    channel: target.channel,
    wsUrl: jsonData.wsUrl ?? '',
    throttleMs: jsonData.throttleMs ?? DATASOURCE_DEFAULTS.throttleMs,
    bufferSize: target.bufferSize ?? DATASOURCE_DEFAULTS.bufferSize,
    maxDataPoints: clampMaxDataPoints(request.maxDataPoints),
    // One point per request interval, the latest: what the panel can draw over the range.
    intervalMs: request.intervalMs && request.intervalMs > 0 ? request.intervalMs : undefined,
    symbolEvictMs: target.symbolEvictMs ?? DATASOURCE_DEFAULTS.symbolEvictMs,
    windowMs: range ? range.to.valueOf() - range.from.valueOf() : undefined,
    symbols: interpolateSymbols(target.symbols, replace, request.scopedVars),
    orders: interpolateSymbols(target.orders, replace, request.scopedVars),
    fields: target.fields,
    httpGet,
    // History first, then live data, from the start of the dashboard's range (docs/datasource.md).
    historyFromMs: range ? range.from.valueOf() : undefined,
  };
}
