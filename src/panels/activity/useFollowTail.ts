import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How far from the bottom (px) still counts as "at the tail". */
export const AT_TAIL_PX = 24;

export interface FollowTail {
  following: boolean;
  /** Call from the scroller's onScroll: scrolling away pauses, scrolling back to the end resumes. */
  onScroll: () => void;
  pause: () => void;
  resume: () => void;
}

type FrameScheduler = (callback: () => void) => () => void;

const animationFrame: FrameScheduler = (callback) => {
  const id = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(id);
};

/**
 * Follow-tail for a virtualised feed whose newest entry is last. While following, every change of
 * `tailKey` or of `contentPx` (the virtualiser's total size: entries added, measured, expanded)
 * scrolls `scroller` to the end. The scroll is written once per animation frame and never reads layout: the
 * end is `contentPx`, which the virtualiser already knows, and the browser clamps it. (Reading
 * `scrollHeight` after every commit forced a layout of the whole feed many times a frame.)
 *
 * The user scrolling up pauses following, so what they read stays put; `resume` (or scrolling
 * back to the end) follows again. A scroll event caused by the hook's own write does not pause,
 * even when entries arrived between the write and the event. `mounted` says whether the scroller
 * is in the page (the feed shows an empty state instead while nothing matches).
 */
export function useFollowTail(
  scroller: RefObject<HTMLElement | null>,
  tailKey: unknown,
  contentPx: number,
  mounted: boolean,
  schedule: FrameScheduler = animationFrame
): FollowTail {
  const [following, setFollowing] = useState(true);
  // Read by the frame callback and the scroll handler, which run outside renders.
  const followingNow = useRef(following);
  const content = useRef(contentPx);
  const pending = useRef<(() => void) | undefined>(undefined);
  /** The content size the last write scrolled to the end of. */
  const written = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    followingNow.current = following;
    content.current = contentPx;
    if (!following || !mounted || pending.current) {
      return;
    }
    pending.current = schedule(() => {
      pending.current = undefined;
      const element = scroller.current;
      if (element && followingNow.current) {
        written.current = content.current;
        element.scrollTop = content.current;
      }
    });
  }, [scroller, following, tailKey, contentPx, mounted, schedule]);

  useEffect(
    () => () => {
      pending.current?.();
      pending.current = undefined;
    },
    []
  );

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const bottom = element.scrollTop + element.clientHeight;
    const atTail = content.current - bottom <= AT_TAIL_PX;
    // Our own write lands at the end of the content as it was then (the browser clamps).
    const ours = followingNow.current && written.current !== undefined && bottom >= written.current - 1;
    const next = atTail || ours;
    if (!next) {
      written.current = undefined;
    }
    followingNow.current = next;
    setFollowing(next);
  }, [scroller]);

  const pause = useCallback(() => {
    written.current = undefined;
    setFollowing(false);
  }, []);
  const resume = useCallback(() => setFollowing(true), []);
  return { following, onScroll, pause, resume };
}
