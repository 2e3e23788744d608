/**
 * The panels' drill-down links (docs/grafana.md): a position row links to the orders of its
 * symbol in the dashboard's current window; an activity entry about an order links to that order
 * around the moment of the entry. Both stay on the current dashboard and set its `symbol` and
 * `order` variables, which the orders and activity queries use as filters. Pure.
 */
import type { RawTimeRange, UrlQueryMap } from '@grafana/data';
import { dashboardUrl, momentWindow } from '../../links/dashboardUrl';

/** Where the panel is: the dashboard's path and its URL query. */
export interface PanelLocation {
  path: string;
  query: UrlQueryMap;
}

/** The orders of `symbol`, in the window the dashboard shows now (the order filter cleared). */
export function symbolOrdersUrl(location: PanelLocation, range: RawTimeRange, symbol: string): string {
  return dashboardUrl({ path: location.path, current: location.query, range, variables: { symbol, order: '' } });
}

/**
 * `symbolOrdersUrl` for one location and window, each symbol's link built once: rows re-render
 * with every frame, and building a URL is far dearer than a lookup.
 */
export function symbolOrdersLinks(location: PanelLocation, range: RawTimeRange): (symbol: string) => string {
  const links = new Map<string, string>();
  return (symbol) => {
    let href = links.get(symbol);
    if (href === undefined) {
      href = symbolOrdersUrl(location, range, symbol);
      links.set(symbol, href);
    }
    return href;
  };
}

/** The order an activity entry is about, if its details name one (`orderId`, and `symbol` when given). */
export function entryOrder(details: Record<string, unknown> | null): { orderId: string; symbol?: string } | undefined {
  const orderId = details?.orderId;
  if (typeof orderId !== 'string' || orderId === '') {
    return undefined;
  }
  const symbol = details?.symbol;
  return typeof symbol === 'string' && symbol !== '' ? { orderId, symbol } : { orderId };
}

/** One order, around `at` (the entry's time, epoch ms); the symbol filter follows the order's symbol. */
export function orderUrl(location: PanelLocation, at: number, order: { orderId: string; symbol?: string }): string {
  return dashboardUrl({
    path: location.path,
    current: location.query,
    range: momentWindow(at),
    variables: { order: order.orderId, symbol: order.symbol ?? '' },
  });
}
