/**
 * Lets a stream response through only when the panel would see something new: other frames (the
 * buffers hand back the same array until their data changes) or other notice texts. Status
 * changes, skipped-message tallies and staleness checks that change neither would otherwise make
 * the host re-render every panel of the query for nothing.
 */
import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';

export type ResponseGate = (frames: readonly DataFrame[], notices: readonly QueryResultMetaNotice[]) => boolean;

const noticeKey = (notices: readonly QueryResultMetaNotice[]) =>
  notices.map((notice) => `${notice.severity}\u0000${notice.text}`).join('\u0001');

/** A fresh gate per subscription: the first response always passes. */
export function createResponseGate(): ResponseGate {
  let last: { frames: readonly DataFrame[]; notices: string } | undefined;
  return (frames, notices) => {
    const key = noticeKey(notices);
    if (last && last.frames === frames && last.notices === key) {
      return false;
    }
    last = { frames, notices: key };
    return true;
  };
}
