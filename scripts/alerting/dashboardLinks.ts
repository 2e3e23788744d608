/**
 * Where each alert links to: a dashboard of the app and the panel that shows its signal, and the
 * dashboard variables its labels fill (`var-symbol=…`). The rule annotations carry the dashboard
 * path with the variables; the notification templates (`notificationTemplates.ts`) add the
 * alert's time window, which only they know (`.StartsAt`).
 */
import type { AlertRuleSpec } from './alertRules';

export interface DashboardRef {
  uid: string;
  /** URL slug; Grafana redirects a wrong one, but the right one reads better in a message. */
  slug: string;
}

export const MCI_DASHBOARD: DashboardRef = { uid: 'mci-telemetry', slug: 'mci-telemetry' };
export const SERVICE_HEALTH_DASHBOARD: DashboardRef = { uid: 'mci-service-health', slug: 'service-health' };

/** Alert labels that are dashboard variables of the same name (the MCI dashboard's `symbol`, `order`). */
export const LINK_VARIABLES = ['symbol', 'order'] as const;
export type LinkVariable = (typeof LINK_VARIABLES)[number];

export interface AlertLink {
  dashboard: DashboardRef;
  panelId: number;
  /** Labels of the alert that become `var-NAME` in the URL. */
  variables: LinkVariable[];
}

/** The panel of each signal. Panel ids are checked against the dashboards by a test. */
export function linkFor(rule: Pick<AlertRuleSpec, 'metric'>): AlertLink {
  switch (rule.metric) {
    case 'latency':
      return { dashboard: SERVICE_HEALTH_DASHBOARD, panelId: 211, variables: [] };
    case 'throughput':
      return { dashboard: SERVICE_HEALTH_DASHBOARD, panelId: 212, variables: [] };
    case 'error_rate':
      return { dashboard: SERVICE_HEALTH_DASHBOARD, panelId: 213, variables: [] };
    case 'cpu':
    case 'memory':
      return { dashboard: SERVICE_HEALTH_DASHBOARD, panelId: 214, variables: [] };
    case 'heartbeat':
    case 'up':
      return { dashboard: MCI_DASHBOARD, panelId: 113, variables: [] };
    case 'order_rate':
      return { dashboard: MCI_DASHBOARD, panelId: 151, variables: [] };
    case 'reject_rate':
      return { dashboard: MCI_DASHBOARD, panelId: 152, variables: [] };
    case 'order_to_fill':
      return { dashboard: MCI_DASHBOARD, panelId: 153, variables: [] };
    case 'market_stale':
      return { dashboard: MCI_DASHBOARD, panelId: 154, variables: ['symbol'] };
    case 'trading_halted':
      return { dashboard: MCI_DASHBOARD, panelId: 155, variables: [] };
  }
}

/**
 * The dashboard path with the alert's filters, as an annotation template both Prometheus and
 * Grafana expand (`urlquery` is a Go template built-in: `M&M` stays one value).
 */
export function dashboardPathTemplate(link: AlertLink): string {
  const variables = link.variables.map((name) => `&var-${name}={{ urlquery $labels.${name} }}`).join('');
  return `/d/${link.dashboard.uid}/${link.dashboard.slug}?orgId=1${variables}`;
}

/** The annotations that carry the link: Grafana's own dashboard/panel pair and the path with variables. */
export function linkAnnotations(rule: Pick<AlertRuleSpec, 'metric'>): Record<string, string> {
  const link = linkFor(rule);
  return {
    __dashboardUid__: link.dashboard.uid,
    __panelId__: String(link.panelId),
    dashboard: dashboardPathTemplate(link),
  };
}

/** What `dashboardPathTemplate` renders to for these labels (Go's url.QueryEscape). */
export function renderDashboardPath(link: AlertLink, labels: Record<string, string>): string {
  const escape = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const variables = link.variables.map((name) => `&var-${name}=${escape(labels[name] ?? '')}`).join('');
  return `/d/${link.dashboard.uid}/${link.dashboard.slug}?orgId=1${variables}`;
}
