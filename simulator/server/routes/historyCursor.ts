/**
 * The history route's page cursor: the (time, epoch, seq) of the last event of a page, as an
 * opaque base64url token, so clients pass it back without knowing what is inside.
 */
import type { HistoryCursor } from '../../store/EventStore';
import { HttpError } from '../httpErrors';

export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.epoch, cursor.seq])).toString('base64url');
}

export function decodeHistoryCursor(text: string): HistoryCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === 'string' &&
    Number.isSafeInteger(value[2])
  ) {
    return { time: value[0], epoch: value[1], seq: value[2] };
  }
  throw new HttpError('INVALID_MESSAGE', {
    what: 'History request rejected',
    why: `cursor "${text.slice(0, 40)}" is not a cursor this server handed out`,
    how: "Pass the previous page's next value unchanged, or leave cursor out to start at from",
  });
}
