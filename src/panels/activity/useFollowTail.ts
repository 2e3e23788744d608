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
  pending: (() => void) | undefined;
  /** The content size the last write scrolled to the end of. */
  written: number | undefined;
}

export interface FollowTail {
  following: boolean;
  /** Call from the scroller's onScroll: scrolling away pauses, scrolling back to the end resumes. */
  onScroll: () => void;
  pause: () => void;
  resume: () => void;
  /** Scrolls to the end of `contentPx` in the next frame while following (useScrollToTail). */
  scrollToEnd: (contentPx: number, mounted: boolean) => void;
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
 */
export function useFollowTail(
  scroller: RefObject<HTMLElement | null>,
  schedule: FrameScheduler = animationFrame
): FollowTail {
  const [following, setFollowing] = useState(true);
  const tracker = useRef<Tracker>({ following: true, content: 0, pending: undefined, written: undefined });

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
    (contentPx: number, mounted: boolean) => {
      const now = tracker.current;
      now.content = contentPx;
      if (!now.following || !mounted || now.pending) {
        return;
      }
      now.pending = schedule(() => {
        now.pending = undefined;
        const element = scroller.current;
        if (element && now.following) {
          now.written = now.content;
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
 * While following, every change of `tailKey` or of `contentPx` (the virtualiser's total size:
 * entries added, measured, expanded) scrolls the feed to the end. `mounted` says whether the
 * scroller is in the page (the feed shows an empty state instead while nothing matches).
 */
export function useScrollToTail(
  { following, scrollToEnd }: FollowTail,
  tailKey: unknown,
  contentPx: number,
  mounted: boolean
): void {
  useLayoutEffect(() => {
    scrollToEnd(contentPx, mounted);
  }, [scrollToEnd, following, tailKey, contentPx, mounted]);
}
