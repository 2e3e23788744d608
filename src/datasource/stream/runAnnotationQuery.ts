/**
 * An annotation target: one read of its event channel's history for the dashboard's time range,
 * through the same validated reader as the history backfill, turned into Grafana's annotation
 * frame. State channels have no events to mark, so they are refused with what/why/how.
 */
import { LoadingState, type DataFrame, type DataQueryResponse, type QueryResultMetaNotice } from '@grafana/data';
import { from, map, of, type Observable } from 'rxjs';
import type { HttpGet, SkippedMessage } from '../../client';
import type { Channel } from '../../protocol';
import {
  annotationFrame,
  isAnnotationChannel,
  ANNOTATION_CHANNELS,
  type AnnotationFilter,
} from '../annotations/annotationFrame';
import { readHistory } from './readHistory';
import { responseKey } from './runChannelStream';

export interface AnnotationQuery {
  refId: string;
  channel: Channel;
  fromMs: number;
  toMs: number;
  httpGet: HttpGet;
  now: () => number;
  /** Counts and logs each history event skipped as invalid. */
  onSkipped: (skipped: SkippedMessage) => void;
  /** strategy: which kinds and symbols to mark. */
  filter?: AnnotationFilter;
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
    map(({ items, skipped }): DataQueryResponse => {
      skipped.forEach(query.onSkipped);
      const frame = annotationFrame(
        channel,
        items.map((item) => (item.kind === 'event' ? item.message : undefined)),
        refId,
        fromMs,
        toMs,
        query.filter
      );
      return { key, state: LoadingState.Done, data: [skipped.length > 0 ? withSkipped(frame, skipped) : frame] };
    })
  );
}

/** The annotation frame with a notice of the events its read skipped. */
function withSkipped(frame: DataFrame, skipped: SkippedMessage[]): DataFrame {
  const { what, why, how } = skipped[skipped.length - 1].error;
  const notice: QueryResultMetaNotice = {
    severity: 'warning',
    text: `${skipped.length} message${skipped.length === 1 ? '' : 's'} skipped (last: ${what}: ${why}). Why: they broke the MCI protocol, so these annotations may miss what they carried. How: ${how}.`,
  };
  return { ...frame, meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), notice] } };
}
