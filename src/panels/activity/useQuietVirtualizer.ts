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
>;

/**
 * What the last committed render showed (the rows in range and the list's height), so the
 * virtualiser's change callback can tell a change worth a render from one that is not.
 */
class ShownRange {
  private key = '';

  private static keyOf(instance: Virtualizer<Element, Element>): string {
    const range = instance.range;
    return `${range?.startIndex ?? ''}:${range?.endIndex ?? ''}:${instance.getTotalSize()}`;
  }

  committed(instance: Virtualizer<Element, Element>): void {
    this.key = ShownRange.keyOf(instance);
  }

  differs(instance: Virtualizer<Element, Element>): boolean {
    return ShownRange.keyOf(instance) !== this.key;
  }
}

/**
 * `useVirtualizer` of @tanstack/react-virtual, re-rendering only when the rows in range or the
 * list's height changed. The library's hook also re-renders, synchronously (flushSync), whenever
 * the scroller starts or stops scrolling, so each follow-tail scroll cost the feed up to three
 * renders instead of one; nothing here reads `isScrolling`.
 */
export function useQuietVirtualizer<S extends Element, I extends Element>(options: Options<S, I>): Virtualizer<S, I> {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const [shown] = useState(() => new ShownRange());
  const resolved: VirtualizerOptions<S, I> = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    ...options,
    onChange: (instance) => {
      if (shown.differs(instance as unknown as Virtualizer<Element, Element>)) {
        rerender();
      }
    },
  };
  const [instance] = useState(() => new Virtualizer<S, I>(resolved));
  instance.setOptions(resolved);
  useLayoutEffect(() => instance._didMount(), [instance]);
  useLayoutEffect(() => {
    shown.committed(instance as unknown as Virtualizer<Element, Element>);
    instance._willUpdate();
  });
  return instance;
}
