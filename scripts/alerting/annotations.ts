/**
 * Alert annotations, one template for both dialects: Prometheus reads the value as `$value`,
 * Grafana as `$values.B.Value` (B is the reduce step of every provisioned rule). Both support
 * `humanizePercentage` and `printf`, so the text a human reads is the same from either.
 */
import { formatValue, type AlertRuleSpec } from './alertRules';

export const PROMETHEUS_VALUE = '$value';
export const GRAFANA_VALUE = '$values.B.Value';

export interface Annotations {
  summary: string;
  description: string;
}

export function annotationsFor(rule: AlertRuleSpec, valueRef: string): Annotations {
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
  }
}

/** `annotationsFor(rule, '$value')` as Prometheus renders it for one alert. */
export function renderedAnnotations(rule: AlertRuleSpec, labels: Record<string, string>, value: number): Annotations {
  const template = annotationsFor(rule, PROMETHEUS_VALUE);
  const render = (text: string) =>
    text
      .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '')
      .replace(/\{\{ (?:humanizePercentage |printf "%\.\df" )?\$value \}\}(?: s| req\/s)?/g, () =>
        renderValue(rule.unit, value)
      );
  return { summary: render(template.summary), description: render(template.description) };
}
