import { useLayoutEffect, useReducer, useState } from 'react';
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type PartialKeys,
  Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/react-virtual';

type Options<S extends Element, I extends Element> = PartialKeys<
  VirtualizerOptions<S, I>,
  'observeElementRect' | 'observeElementOffset' | 'scrollToFn'
> & {
  /**
   * Lay the rows out as if the scroller were at the end (the caller scrolls it there before the
   * next paint, as follow-tail does). Entries arriving at the tail then render with their final
   * range at once, instead of once at the old offset and again when the scroll event reports
   * the new one.
   */
  pinToEnd?: boolean;
};

/**
 * What the last committed render showed (the rows in range, the list's height and the
 * scroller's, which follow-tail scrolls by), so the virtualiser's change callback can tell a
 * change worth a render from one that is not.
 */
class ShownRange {
  private key = '';

  private static keyOf(instance: Virtualizer<Element, Element>): string {
    const range = instance.range;
    return `${range?.startIndex ?? ''}:${range?.endIndex ?? ''}:${instance.getTotalSize()}:${instance.scrollRect?.height ?? ''}`;
  }

  committed(instance: Virtualizer<Element, Element>): void {
    this.key = ShownRange.keyOf(instance);
  }

  differs(instance: Virtualizer<Element, Element>): boolean {
    return ShownRange.keyOf(instance) !== this.key;
  }
}

/** A virtualiser that can lay its rows out for the end of the list before it is scrolled there. */
class TailVirtualizer<S extends Element, I extends Element> extends Virtualizer<S, I> {
  /**
   * Takes the offset the scroll event will report once the scroller is at the end (the browser
   * clamps scrollTop to the content height less the scroller's own), so the next range is the
   * tail's. The scroll event then reports the same offset and changes nothing.
   */
  layOutAtEnd(): void {
    const viewport = this.scrollRect?.height ?? 0;
    this.scrollOffset = Math.max(0, this.getTotalSize() - viewport);
  }
}

/**
 * `useVirtualizer` of @tanstack/react-virtual, re-rendering only when the rows in range or the
 * list's height changed. The library's hook also re-renders, synchronously (flushSync), whenever
 * the scroller starts or stops scrolling, so each follow-tail scroll cost the feed up to three
 * renders instead of one; nothing here reads `isScrolling`. With `pinToEnd` the rows are laid
 * out for the end of the list, so following the tail costs one render per new entry, not two.
 */
export function useQuietVirtualizer<S extends Element, I extends Element>({
  pinToEnd = false,
  ...options
}: Options<S, I>): Virtualizer<S, I> {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const [shown] = useState(() => new ShownRange());
  const resolved: VirtualizerOptions<S, I> = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    // Nothing here reads isScrolling: the end of a scroll needs no debounce timer per event.
    useScrollendEvent: true,
    ...options,
    onChange: (instance) => {
      if (shown.differs(instance as unknown as Virtualizer<Element, Element>)) {
        rerender();
      }
    },
  };
  const [instance] = useState(() => new TailVirtualizer<S, I>(resolved));
  instance.setOptions(resolved);
  if (pinToEnd) {
    instance.layOutAtEnd();
  }
  useLayoutEffect(() => instance._didMount(), [instance]);
  useLayoutEffect(() => {
    shown.committed(instance as unknown as Virtualizer<Element, Element>);
    instance._willUpdate();
  });
  return instance;
}
