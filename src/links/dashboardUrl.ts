/**
 * Drill-down URLs (docs/grafana.md): a dashboard at a time window, with its filters as dashboard
 * variables (`var-symbol`, `var-order`), as Grafana reads them from the URL. Pure, shared by the
 * panels' links and the app's pages; the caller passes the current location when the link stays
 * on the same dashboard.
 */
import { locationUtil, toURLRange, urlUtil, type RawTimeRange, type UrlQueryMap } from '@grafana/data';

/** The dashboard variables the MCI dashboards define and the panels honour. */
export const DRILL_DOWN_VARIABLES = { symbol: 'var-symbol', order: 'var-order' } as const;

/** The window around one moment (an activity entry, an alert): a few minutes before, a minute after. */
export const MOMENT_WINDOW = { beforeMs: 5 * 60_000, afterMs: 60_000 } as const;

/** Parameters that would keep the target dashboard in a single-panel or editing view. */
const VIEW_PARAMS = ['viewPanel', 'editPanel', 'inspect', 'editview'];

export interface DashboardLink {
  /** The dashboard's path (`/d/<uid>` or the current path). */
  path: string;
  /** The current URL's query, kept except where this link sets or clears a value. */
  current?: UrlQueryMap;
  /** Absolute (epoch ms) or relative (`now-15m`) ends of the time window. */
  range: RawTimeRange | { from: number; to: number };
  /** Variable values by name (`symbol`, `order`); `''` clears a filter, absent keeps the current one. */
  variables?: Partial<Record<keyof typeof DRILL_DOWN_VARIABLES, string>>;
}

/** The window around `at` (epoch ms). */
export function momentWindow(at: number): { from: number; to: number } {
  return { from: at - MOMENT_WINDOW.beforeMs, to: at + MOMENT_WINDOW.afterMs };
}

export function dashboardUrl({ path, current = {}, range, variables = {} }: DashboardLink): string {
  const query: UrlQueryMap = { ...current };
  for (const param of VIEW_PARAMS) {
    delete query[param];
  }
  const window =
    typeof range.from === 'number' && typeof range.to === 'number'
      ? { from: String(range.from), to: String(range.to) }
      : toURLRange(range as RawTimeRange);
  query.from = String(window.from);
  query.to = String(window.to);
  for (const [name, value] of Object.entries(variables)) {
    if (value !== undefined) {
      query[DRILL_DOWN_VARIABLES[name as keyof typeof DRILL_DOWN_VARIABLES]] = value;
    }
  }
  // Under a Grafana served below a sub-path (`root_url`), a plain link needs it in front.
  return locationUtil.assureBaseUrl(urlUtil.renderUrl(path, query));
}
