/**
 * Lights a cell's highlight bar for `ms` with an animation the browser ends by itself: the bar is
 * the backwards fill of a zero-length animation delayed by `ms`. While it waits the browser has
 * nothing to compute per frame (it wakes up once, when the delay is over, and repaints the cell
 * without the bar), there is no compositor layer (a box shadow is painted, not composited), and a
 * Web Animations API animation dispatches no DOM events for React's root listener, unlike a CSS
 * animation's `animationstart` and `animationend`. Without the API (jsdom, very old browsers) the
 * cell is not highlighted.
 */
export function flashCell(cell: HTMLElement, bar: string, direction: 'up' | 'down', ms: number): Animation | undefined {
  if (typeof cell.animate !== 'function') {
    return undefined;
  }
  return cell.animate([{ boxShadow: bar }, { boxShadow: bar }], {
    id: `price-flash-${direction}`,
    delay: Math.max(0, ms),
    duration: 0,
    fill: 'backwards',
  });
}
