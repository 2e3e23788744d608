/**
 * One query target as a stream of DataQueryResponses: subscribes its channel on the shared
 * client, feeds every item into the target's frame buffer, and repaints at most once per
 * `throttleMs` (leading and trailing, so the last change always shows), in windows shared with the
 * instance's other queries when it is given their `repaintClock`. Status changes, server
 * errors and the staleness clock repaint too, so the notices stay true with no data flowing; a
 * response that would show the same frames and notices as the last one is not sent at all.
 * Unsubscribing tears down the channel subscription, the status and error subscriptions and the
 * staleness timer.
 */
import { LoadingState, type DataFrame, type DataQueryResponse, type QueryResultMetaNotice } from '@grafana/data';
import {
  EMPTY,
  asyncScheduler,
  catchError,
  defer,
  from,
  of,
  distinctUntilChanged,
  filter,
  interval,
  map,
  merge,
  tap,
  timeout,
  TimeoutError,
  type Observable,
} from 'rxjs';
import type { ChannelItem, ClientError, MciClient, SkippedMessage } from '../../client';
import { CHANNEL_INTERVAL_MS, isStateChannel } from '../../protocol';
import { createChannelBuffer, FRAME_DEFAULTS } from '../frames';
import { isStale, streamNotices, type StreamState } from './notices';
import { DATASOURCE_DEFAULTS } from '../types';
import { historyLimit, readHistory, wantsHistory } from './readHistory';
import type { ChannelStreamOptions } from './channelStreamOptions';
import { skippedBufferItem } from './SkippedTally';
import { validSnapshot } from './validSnapshot';
import { createResponseGate } from './responseGate';
import { createRepaintClock } from './repaintClock';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Client-side failure kinds; every other code came from the server in an `error` event. Skipped
 * messages (PARSE_ERROR) show as the skipped-messages notice, counted from the client's `skipped$`.
 */
const CLIENT_KINDS = new Set(['CONNECTION_FAILED', 'CONNECTION_LOST', 'HEARTBEAT_TIMEOUT', 'PARSE_ERROR']);
const isServerError = (error: ClientError) => !CLIENT_KINDS.has(error.code);

export function withNotices(frames: DataFrame[], notices: QueryResultMetaNotice[], empty: DataFrame): DataFrame[] {
  const list = frames.length > 0 ? frames : [empty];
  if (notices.length === 0) {
    return list;
  }
  // On the first frame only: the panel header lists the notices of every frame.
  const [first, ...rest] = list;
  return [{ ...first, meta: { ...first.meta, notices: [...(first.meta?.notices ?? []), ...notices] } }, ...rest];
}

export function responseKey(refId: string): string {
  return `mci-${refId}`;
}

export function runChannelStream(client: MciClient, options: ChannelStreamOptions): Observable<DataQueryResponse> {
  const now = options.now ?? Date.now;
  const scheduler = options.scheduler ?? asyncScheduler;
  return defer(() => {
    const buffer = createChannelBuffer(options.channel, options);
    const state: StreamState = { channel: options.channel, wsUrl: options.wsUrl, lastDataAt: now() };
    const empty: DataFrame = { name: options.channel, refId: options.refId, fields: [], length: 0 };
    let shown: DataFrame[] = [];
    /** The buffer's frames; should building them ever throw, the last good ones stay and it is counted. */
    const frames = () => {
      try {
        shown = buffer.frames(now());
      } catch (error) {
        report(
          skippedBufferItem(options.channel, 'websocket', `the frames could not be built: ${errorText(error)}`, now())
        );
      }
      return shown;
    };

    const report = (skipped: SkippedMessage) => options.skipped?.report(skipped);
    const ingest = (received: ChannelItem) => {
      let item: ChannelItem | undefined = received;
      if (item.kind === 'gap') {
        state.gapAt = item.receivedAt;
      } else if (item.kind === 'snapshot') {
        const checked = validSnapshot(item);
        checked.skipped.forEach(report);
        item = checked.item;
      }
      if (item) {
        try {
          buffer.push(item);
        } catch (error) {
          // One item the buffer cannot take is skipped alone: the stream and the other rows go on.
          const source = item.kind === 'event' && !item.snapshot ? 'websocket' : 'rest';
          report(skippedBufferItem(options.channel, source, errorText(error), now()));
        }
      }
      // Positions arrive only when they change: an empty book legitimately stays quiet.
      state.quietAllowed = options.channel === 'positions' && buffer.size() === 0;
    };
    const backfill =
      options.httpGet !== undefined && options.historyFromMs !== undefined && wantsHistory(options.channel);
    // Live items that arrive while the history is read wait, so the buffer sees time in order.
    let waiting: ChannelItem[] | undefined = backfill ? [] : undefined;
    const flushWaiting = () => {
      const queued = waiting ?? [];
      waiting = undefined;
      queued.forEach(ingest);
    };
    const history$ = backfill
      ? from(
          readHistory(
            options.httpGet!,
            options.channel,
            options.historyFromMs!,
            historyLimit(
              options.channel,
              isStateChannel(options.channel)
                ? (options.maxDataPoints ?? FRAME_DEFAULTS.maxDataPoints)
                : (options.bufferSize ?? FRAME_DEFAULTS.bufferSize)
            ),
            now()
          )
        ).pipe(
          timeout({ first: DATASOURCE_DEFAULTS.historyTimeoutMs, scheduler }),
          tap(({ items, skipped }) => {
            skipped.forEach(report);
            // Once live items went ahead (see below), older history would arrive out of order.
            if (waiting) {
              items.forEach(ingest);
            }
          }),
          catchError((error: unknown) => {
            state.historyError =
              error instanceof TimeoutError
                ? `no answer within ${DATASOURCE_DEFAULTS.historyTimeoutMs / 1000} s`
                : error instanceof Error
                  ? error.message
                  : String(error);
            return of({ items: [], skipped: [] });
          }),
          tap(() => flushWaiting())
        )
      : EMPTY;

    const items$ = client.channel(options.channel).pipe(
      tap((item) => {
        state.lastDataAt = Math.max(state.lastDataAt, now());
        if (waiting) {
          waiting.push(item);
          if (waiting.length >= DATASOURCE_DEFAULTS.maxWaitingItems) {
            // Memory stays bounded when the history read is slow: live data goes first.
            state.historyError = `still no answer after ${waiting.length} live ${options.channel} events`;
            flushWaiting();
          }
        } else {
          ingest(item);
        }
      })
    );
    const status$ = client.status$.pipe(tap((status) => (state.status = status)));
    const errors$ = client.errors$.pipe(
      filter(isServerError),
      tap((error) => (state.serverError = error))
    );
    const expected = CHANNEL_INTERVAL_MS[options.channel];
    // Repaint when the channel becomes stale or fresh again, checked once per expected interval.
    const staleness$ =
      expected === null
        ? []
        : [
            interval(expected, scheduler).pipe(
              map(() => isStale(state, now())),
              distinctUntilChanged()
            ),
          ];

    const skipped$ = options.skipped?.changes$ ?? EMPTY;

    const changed = createResponseGate();
    const clock = options.repaintClock ?? createRepaintClock(options.throttleMs, options.scheduler);
    return merge(items$, history$, status$, errors$, skipped$, ...staleness$).pipe(
      clock.paced(),
      map(() => {
        state.skipped = options.skipped?.countFor(options.channel);
        return { shown: frames(), notices: streamNotices(state, now()) };
      }),
      filter(({ shown, notices }) => changed(shown, notices)),
      map(
        ({ shown, notices }): DataQueryResponse => ({
          key: responseKey(options.refId),
          state: LoadingState.Streaming,
          data: withNotices(shown, notices, empty),
        })
      )
    );
  });
}
