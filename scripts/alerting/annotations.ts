/**
 * Alert annotations, one template for both dialects: Prometheus reads the value as `$value`,
 * Grafana as `$values.B.Value` (B is the reduce step of every provisioned rule). Both support
 * `humanizePercentage` and `printf`, so the text a human reads is the same from either.
 */
import { formatValue, type AlertRuleSpec } from './alertRules';
import { linkAnnotations, linkFor, renderDashboardPath } from './dashboardLinks';

export const PROMETHEUS_VALUE = '$value';
export const GRAFANA_VALUE = '$values.B.Value';

export interface Annotations {
  summary: string;
  description: string;
  /** Grafana's link of a rule to its dashboard and panel. */
  __dashboardUid__: string;
  __panelId__: string;
  /** The dashboard path with the alert's filters as variables; notification templates add the window. */
  dashboard: string;
}

export function annotationsFor(rule: AlertRuleSpec, valueRef: string): Annotations {
  return {
    ...texts(rule, valueRef),
    ...(linkAnnotations(rule) as Pick<Annotations, '__dashboardUid__' | '__panelId__' | 'dashboard'>),
  };
}

function texts(rule: AlertRuleSpec, valueRef: string): Pick<Annotations, 'summary' | 'description'> {
  const value = valueTemplate(rule.unit, valueRef);
  const limit = formatValue(rule.threshold, rule.unit);
  switch (rule.metric) {
    case 'heartbeat':
      return {
        summary: `MCI ${rule.summary}`,
        description: `The engine's last heartbeat was ${value} ago (limit ${limit}); the engine is stalled or the feed is cut.`,
      };
    case 'up':
      return {
        summary: `MCI ${rule.summary}`,
        description: `Target {{ $labels.instance }} of job {{ $labels.job }} is down (up = ${value}); alerts on MCI health cannot work until it is back.`,
      };
    case 'order_rate':
      return {
        summary: `MCI ${rule.summary}`,
        description: `Order messages are at ${value} of the engine's rate limit; the excess is rejected and the kill switch engages if it lasts. Look for a runaway strategy.`,
      };
    case 'reject_rate':
      return {
        summary: `MCI ${rule.summary}`,
        description: `${value} of order messages were rejected over the last 30 s (limit ${limit}); see the reasons in the orders panel.`,
      };
    case 'order_to_fill':
      return {
        summary: `MCI ${rule.summary}`,
        description: `${value} over the last 30 s (limit ${limit}): orders are sent that do not trade.`,
      };
    case 'market_stale':
      return {
        summary: `MCI {{ $labels.symbol }} ${rule.summary}`,
        description: `The last market data tick of {{ $labels.symbol }} is ${value} old (limit ${limit}); its feed has stopped and prices shown for it are stale.`,
      };
    case 'trading_halted':
      return {
        summary: `MCI ${rule.summary}`,
        description: `Trading state halted = ${value}: the engine has engaged its kill switch, no new orders, open orders cancelled. It re-arms once the order flow that tripped it has stopped.`,
      };
    default:
      return {
        summary: `MCI {{ $labels.service }} ${rule.summary}`,
        description: `{{ $labels.service }} ${rule.metric.replace('_', ' ')} is ${value}; the ${rule.severity} threshold is ${limit}.`,
      };
  }
}

function valueTemplate(unit: AlertRuleSpec['unit'], ref: string): string {
  switch (unit) {
    case 'ratio':
      return `{{ humanizePercentage ${ref} }}`;
    case 'seconds':
      return `{{ printf "%.3f" ${ref} }} s`;
    case 'per-second':
      return `{{ printf "%.1f" ${ref} }} req/s`;
    case 'count':
      return `{{ ${ref} }}`;
    case 'orders-per-fill':
      return `{{ printf "%.1f" ${ref} }} orders per fill`;
  }
}

/**
 * What Prometheus renders for `valueTemplate(unit, '$value')`, for the promtool expectations.
 * Only the ranges the tests use are supported (humanize picks SI prefixes outside 1..1000).
 */
export function renderValue(unit: AlertRuleSpec['unit'], value: number): string {
  switch (unit) {
    case 'ratio': {
      const percent = value * 100;
      if (!(percent >= 1 && percent < 1000)) {
        throw new Error(
          `renderValue: ${value} is outside the 1%..1000% range humanizePercentage prints without a prefix`
        );
      }
      return `${Number(percent.toPrecision(4))}%`;
    }
    case 'seconds':
      return `${value.toFixed(3)} s`;
    case 'per-second':
      return `${value.toFixed(1)} req/s`;
    case 'count':
      return String(value);
    case 'orders-per-fill':
      return `${value.toFixed(1)} orders per fill`;
  }
}

/** `annotationsFor(rule, '$value')` as Prometheus renders it for one alert. */
export function renderedAnnotations(rule: AlertRuleSpec, labels: Record<string, string>, value: number): Annotations {
  const template = annotationsFor(rule, PROMETHEUS_VALUE);
  const render = (text: string) =>
    text
      .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '')
      .replace(/\{\{ (?:humanizePercentage |printf "%\.\df" )?\$value \}\}(?: s| req\/s| orders per fill)?/g, () =>
        renderValue(rule.unit, value)
      );
  return {
    ...template,
    summary: render(template.summary),
    description: render(template.description),
    dashboard: renderDashboardPath(linkFor(rule), labels),
  };
}
