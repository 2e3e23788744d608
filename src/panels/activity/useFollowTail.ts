import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** How far from the bottom (px) still counts as "at the tail". */
const AT_TAIL_PX = 24;

export interface FollowTail<S extends HTMLElement, C extends HTMLElement> {
  /** Attach to the scrolling element of the feed. */
  scroller: RefObject<S | null>;
  /** Attach to the element inside it that holds the entries (its growth keeps the tail in view). */
  content: RefObject<C | null>;
  following: boolean;
  /** Call from the scroller's onScroll: scrolling away pauses, scrolling back to the end resumes. */
  onScroll: () => void;
  pause: () => void;
  resume: () => void;
}

/**
 * Follow-tail for a scrolling feed whose newest entry is last: while following, every change of
 * `tailKey`, and every change of the content's size (fonts and icons that load late, an entry
 * expanded), scrolls to the end. The user scrolling up pauses following, so what they read stays
 * put; `resume` (or scrolling back to the end) follows again. `mounted` says whether the scroller
 * is in the page (the feed shows an empty state instead while nothing matches).
 */
export function useFollowTail<S extends HTMLElement, C extends HTMLElement>(
  tailKey: unknown,
  mounted: boolean
): FollowTail<S, C> {
  const scroller = useRef<S>(null);
  const content = useRef<C>(null);
  const [following, setFollowing] = useState(true);
  // Read by the resize observer, which outlives renders.
  const followingNow = useRef(following);

  useLayoutEffect(() => {
    followingNow.current = following;
    const element = scroller.current;
    if (following && element) {
      element.scrollTop = element.scrollHeight;
    }
  }, [following, tailKey, mounted]);

  useEffect(() => {
    const box = scroller.current;
    const inner = content.current;
    if (!mounted || !box || !inner || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(() => {
      if (followingNow.current) {
        box.scrollTop = box.scrollHeight;
      }
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, [mounted]);

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
  return { scroller, content, following, onScroll, pause, resume };
}
