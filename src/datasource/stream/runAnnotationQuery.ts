/**
 * An annotation target: one read of its event channel's history for the dashboard's time range,
 * through the same validated reader as the history backfill, turned into Grafana's annotation
 * frame. State channels have no events to mark, so they are refused with what/why/how.
 */
import { LoadingState, type DataQueryResponse } from '@grafana/data';
import { from, map, of, type Observable } from 'rxjs';
import type { HttpGet } from '../../client';
import type { Channel } from '../../protocol';
import { annotationFrame, isAnnotationChannel, ANNOTATION_CHANNELS } from '../annotations/annotationFrame';
import { readHistory } from './readHistory';
import { responseKey } from './runChannelStream';

export interface AnnotationQuery {
  refId: string;
  channel: Channel;
  fromMs: number;
  toMs: number;
  httpGet: HttpGet;
  now: () => number;
}

export function runAnnotationQuery(query: AnnotationQuery): Observable<DataQueryResponse> {
  const { refId, channel, fromMs, toMs } = query;
  const key = responseKey(refId);
  if (!isAnnotationChannel(channel)) {
    return of({
      key,
      data: [],
      state: LoadingState.Error,
      errors: [
        {
          refId,
          message: `Annotations come from event channels only; ${channel} is a state channel. Pick one of ${ANNOTATION_CHANNELS.join(', ')}.`,
        },
      ],
    });
  }
  return from(readHistory(query.httpGet, channel, fromMs, undefined, query.now())).pipe(
    map(
      (items): DataQueryResponse => ({
        key,
        state: LoadingState.Done,
        data: [
          annotationFrame(
            channel,
            items.map((item) => (item.kind === 'event' ? item.message : undefined)),
            refId,
            fromMs,
            toMs
          ),
        ],
      })
    )
  );
}
