/**
 * Render the rule list as Grafana alerting file provisioning (`apiVersion: 1`, `groups`), the
 * format Grafana reads from `provisioning/alerting/`. Each rule is query A (Prometheus, instant),
 * B = reduce(A, last), C = threshold(B) and C is the condition, as Grafana's own rule editor
 * builds it; one alert instance per series (per service for the spec 004 metrics).
 */
import type { AlertRuleSpec } from './alertRules';
import { annotationsFor, GRAFANA_VALUE } from './annotations';
import { ORDER_HEALTH_GROUP, ORDER_HEALTH_INTERVAL } from './orderHealthRules';

export const PROMETHEUS_DATASOURCE_UID = 'mci-prometheus';
/** Not the dashboards' folder title: Grafana may refuse two folders of one title, and alerting provisions first. */
export const ALERT_FOLDER = 'MCI Telemetry alerts';
export const ALERT_GROUP = 'mci-health';
/** Grafana schedules rules on a 10 s base tick; every `for` is a multiple of it. */
export const ALERT_GROUP_INTERVAL = '10s';
/** Seconds of data query A asks for; an instant query only reads the latest point. */
const QUERY_RANGE_SECONDS = 300;
const LEGENDS: Partial<Record<AlertRuleSpec['metric'], string>> = {
  up: '{{job}}',
  market_stale: '{{symbol}}',
  trading_halted: '{{state}}',
  order_rate: 'of limit',
  reject_rate: 'rejected',
  order_to_fill: 'orders per fill',
};

/**
 * The health rules in a 10 s group (Grafana's default tick); the order-health rules in a 1 s group,
 * which needs `scheduler_tick_interval` and `min_interval` of 1 s (docs/alerting.md).
 */
export function toGrafanaAlerting(rules: AlertRuleSpec[], orderRules: AlertRuleSpec[] = []) {
  const group = (name: string, interval: string, members: AlertRuleSpec[]) => ({
    orgId: 1,
    name,
    folder: ALERT_FOLDER,
    interval,
    rules: members.map(toGrafanaRule),
  });
  return {
    apiVersion: 1,
    groups: [
      group(ALERT_GROUP, ALERT_GROUP_INTERVAL, rules),
      ...(orderRules.length > 0 ? [group(ORDER_HEALTH_GROUP, ORDER_HEALTH_INTERVAL, orderRules)] : []),
    ],
  };
}

function toGrafanaRule(rule: AlertRuleSpec) {
  return {
    uid: rule.uid,
    title: rule.title,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: QUERY_RANGE_SECONDS, to: 0 },
        datasourceUid: PROMETHEUS_DATASOURCE_UID,
        model: {
          refId: 'A',
          datasource: { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID },
          editorMode: 'code',
          expr: rule.query,
          instant: true,
          range: false,
          legendFormat: LEGENDS[rule.metric] ?? '{{service}}',
          intervalMs: 1000,
          maxDataPoints: 43200,
        },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: {
          refId: 'B',
          datasource: { type: '__expr__', uid: '__expr__' },
          type: 'reduce',
          expression: 'A',
          reducer: 'last',
          settings: { mode: 'dropNN' },
        },
      },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: {
          refId: 'C',
          datasource: { type: '__expr__', uid: '__expr__' },
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: rule.comparison, params: [rule.threshold] } }],
        },
      },
    ],
    // A metric that is not there is the `up` rule's business, not a breach of this one.
    noDataState: rule.metric === 'up' ? 'Alerting' : 'OK',
    execErrState: 'Error',
    for: rule.for,
    labels: { severity: rule.severity, metric: rule.metric },
    annotations: annotationsFor(rule, GRAFANA_VALUE),
    isPaused: false,
  };
}
