import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from 'react';

/** How far from the bottom (px) still counts as "at the tail". */
const AT_TAIL_PX = 24;

export interface FollowTail<E extends HTMLElement> {
  /** Attach to the scrolling element of the feed. */
  scroller: RefObject<E | null>;
  following: boolean;
  /** Call from the scroller's onScroll: scrolling away pauses, scrolling back to the end resumes. */
  onScroll: () => void;
  pause: () => void;
  resume: () => void;
}

/**
 * Follow-tail for a scrolling feed whose newest entry is last: while following, every change of
 * `tailKey` scrolls to the end. The user scrolling up pauses following, so what they read stays
 * put; `resume` (or scrolling back to the end) follows again.
 */
export function useFollowTail<E extends HTMLElement>(tailKey: unknown): FollowTail<E> {
  const scroller = useRef<E>(null);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (following && element) {
      element.scrollTop = element.scrollHeight;
    }
  }, [following, tailKey]);

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const atTail = element.scrollHeight - element.scrollTop - element.clientHeight <= AT_TAIL_PX;
    setFollowing(atTail);
  }, []);

  const pause = useCallback(() => setFollowing(false), []);
  const resume = useCallback(() => setFollowing(true), []);
  return { scroller, following, onScroll, pause, resume };
}
