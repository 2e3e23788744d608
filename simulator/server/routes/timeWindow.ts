/**
 * The time window of a stored-history read: `from` and `to` as epoch ms or ISO 8601, or
 * `window` as a duration back from now (`1h`, `24h`, `7d`); by default the `defaultMs` up to
 * now. A bad window is a 400 that says which parameter and what a good one looks like. Pure.
 */
import { parseDuration } from '../../engine/duration';
import { HttpError } from '../httpErrors';

export interface TimeWindowQuery {
  from?: string;
  to?: string;
  window?: string;
}

export interface TimeWindow {
  from: number;
  to: number;
}

const HOW =
  'Pass from and to as epoch milliseconds or ISO 8601 (e.g. ?from=2026-01-29T00:00:00Z&to=2026-01-30T00:00:00Z), or window as a duration back from now (e.g. ?window=24h)';

/** Epoch ms of a time parameter: a whole number of ms, or an ISO 8601 string. */
export function parseTimeParam(name: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: `${name} ${JSON.stringify(text)} is neither epoch milliseconds nor an ISO 8601 time`,
      how: HOW,
    });
  }
  return value;
}

export function parseTimeWindow(query: TimeWindowQuery, now: number, defaultMs: number): TimeWindow {
  const to = query.to === undefined ? now : parseTimeParam('to', query.to);
  let from: number;
  if (query.from !== undefined) {
    from = parseTimeParam('from', query.from);
  } else if (query.window !== undefined) {
    let span: number;
    try {
      span = parseDuration(query.window);
    } catch (error) {
      throw new HttpError('INVALID_MESSAGE', { what: 'Request rejected', why: (error as Error).message, how: HOW });
    }
    from = to - span;
  } else {
    from = to - defaultMs;
  }
  if (!(from < to)) {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: `The window is empty: from (${new Date(from).toISOString()}) is not before to (${new Date(to).toISOString()})`,
      how: HOW,
    });
  }
  return { from, to };
}
