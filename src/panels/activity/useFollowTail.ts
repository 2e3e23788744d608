import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How far from the bottom (px) still counts as "at the tail". */
export const AT_TAIL_PX = 24;

type FrameScheduler = (callback: () => void) => () => void;

const animationFrame: FrameScheduler = (callback) => {
  const id = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(id);
};

/** What the scroll handler and the frame callback read outside renders. */
interface Tracker {
  following: boolean;
  /** The content size (px) of the last commit. */
  content: number;
  /** The scroller's own height (px) of the last commit. */
  viewport: number;
  pending: (() => void) | undefined;
  /** The content size the last write scrolled to the end of. */
  written: number | undefined;
  /**
   * The content and scroller sizes of the last write while the scroller has stayed at that end
   * since: nothing to scroll while they are the same.
   */
  atEnd: string | undefined;
}

const sizesKey = (now: Tracker) => `${now.content}:${now.viewport}`;

export interface FollowTail {
  following: boolean;
  /** Call from the scroller's onScroll: scrolling away pauses, scrolling back to the end resumes. */
  onScroll: () => void;
  pause: () => void;
  resume: () => void;
  /**
   * Scrolls to the end of `contentPx` in the next frame while following and not already there
   * (useScrollToTail); `viewportPx` is the scroller's height.
   */
  scrollToEnd: (contentPx: number, viewportPx: number, mounted: boolean) => void;
}

/**
 * Follow-tail for a virtualised feed whose newest entry is last: whether the feed follows, and
 * the handlers that change it. The user scrolling up pauses following, so what they read stays
 * put; `resume` (or scrolling back to the end) follows again. A scroll event caused by our own
 * write does not pause, even when entries arrived between the write and the event.
 *
 * Called before the virtualiser, so the rows can be laid out for the end while following
 * (useQuietVirtualizer's `pinToEnd`); useScrollToTail scrolls once the virtualiser's total size
 * is known. The scroll is written once per animation frame and never reads layout: the end is
 * the total size, which the virtualiser already knows, and the browser clamps it. (Reading
 * `scrollHeight` after every commit forced a layout of the whole feed many times a frame.)
 * Writing `scrollTop` still makes the browser lay out what changed at once (it clamps to the
 * laid-out height), so nothing is written while the feed is still at the end it was scrolled to:
 * a full feed (at its maximum of entries) keeps its size as entries arrive, and following it
 * then writes nothing at all, leaving the layout to the browser's next frame.
 */
export function useFollowTail(
  scroller: RefObject<HTMLElement | null>,
  schedule: FrameScheduler = animationFrame
): FollowTail {
  const [following, setFollowing] = useState(true);
  const tracker = useRef<Tracker>({
    following: true,
    content: 0,
    viewport: 0,
    pending: undefined,
    written: undefined,
    atEnd: undefined,
  });

  useLayoutEffect(() => {
    tracker.current.following = following;
  }, [following]);

  useEffect(
    () => () => {
      const now = tracker.current;
      now.pending?.();
      now.pending = undefined;
    },
    []
  );

  const scrollToEnd = useCallback(
    (contentPx: number, viewportPx: number, mounted: boolean) => {
      const now = tracker.current;
      now.content = contentPx;
      now.viewport = viewportPx;
      if (!mounted) {
        // A scroller mounted again starts at its top.
        now.atEnd = undefined;
      }
      if (!now.following || !mounted || now.pending || now.atEnd === sizesKey(now)) {
        return;
      }
      now.pending = schedule(() => {
        now.pending = undefined;
        const element = scroller.current;
        if (element && now.following && now.atEnd !== sizesKey(now)) {
          now.written = now.content;
          now.atEnd = sizesKey(now);
          element.scrollTop = now.content;
        }
      });
    },
    [scroller, schedule]
  );

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const now = tracker.current;
    const bottom = element.scrollTop + element.clientHeight;
    const atTail = now.content - bottom <= AT_TAIL_PX;
    if (bottom < now.content - 1) {
      // Not at the very end (scrolled, or entries arrived since the write): write again.
      now.atEnd = undefined;
    }
    // Our own write lands at the end of the content as it was then (the browser clamps).
    const ours = now.following && now.written !== undefined && bottom >= now.written - 1;
    const next = atTail || ours;
    if (!next) {
      now.written = undefined;
    }
    // Most scroll events are our own writes: no state update (not even one React bails out of).
    if (next !== now.following) {
      now.following = next;
      setFollowing(next);
    }
  }, [scroller]);

  const pause = useCallback(() => {
    tracker.current.written = undefined;
    setFollowing(false);
  }, []);
  const resume = useCallback(() => setFollowing(true), []);
  return { following, onScroll, pause, resume, scrollToEnd };
}

/**
 * While following, every change of `tailKey`, of `contentPx` (the virtualiser's total size:
 * entries added, measured, expanded) or of `viewportPx` (the scroller's height) scrolls the feed
 * to the end, unless it is still there. `mounted` says whether the scroller is in the page (the
 * feed shows an empty state instead while nothing matches).
 */
export function useScrollToTail(
  { following, scrollToEnd }: FollowTail,
  tailKey: unknown,
  contentPx: number,
  viewportPx: number,
  mounted: boolean
): void {
  useLayoutEffect(() => {
    scrollToEnd(contentPx, viewportPx, mounted);
  }, [scrollToEnd, following, tailKey, contentPx, viewportPx, mounted]);
}
