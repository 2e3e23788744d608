/**
 * Render the rule list as a Prometheus rules file, for teams that alert in Prometheus, and its
 * promtool unit tests: for every rule a series crosses the threshold (pending, then firing after
 * `for`, then resolved when it comes back) while a neighbour stays just inside the threshold.
 */
import type { Thresholds } from '../../simulator/engine/types';
import { METRIC_SOURCES, prometheusExpr, prometheusThreshold, round, type AlertRuleSpec } from './alertRules';
import { annotationsFor, PROMETHEUS_VALUE, renderedAnnotations } from './annotations';

export const PROMETHEUS_RULE_GROUP = 'mci-health';
/** Sample and evaluation step of the unit tests. */
const STEP_SECONDS = 15;
const LEAD_SAMPLES = 4;
const TAIL_SAMPLES = 8;
const TARGET = { job: 'mci-simulator', instance: 'simulator:8080' };

export function toPrometheusRules(rules: AlertRuleSpec[], group = PROMETHEUS_RULE_GROUP, interval?: string) {
  return {
    groups: [
      {
        name: group,
        ...(interval === undefined ? {} : { interval }),
        rules: rules.map((rule) => ({
          alert: rule.alert,
          expr: prometheusExpr(rule),
          for: rule.for,
          labels: { severity: rule.severity, metric: rule.metric },
          annotations: annotationsFor(rule, PROMETHEUS_VALUE),
        })),
      },
    ],
  };
}

export interface Series {
  series: string;
  values: string;
}
export interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }>;
}
export interface TestCase {
  name: string;
  interval: string;
  input_series: Series[];
  alert_rule_test: AlertTest[];
}

/** `rulesFile` is the rules file's path relative to the test file. */
export function toPromtoolTests(rules: AlertRuleSpec[], thresholds: Thresholds, rulesFile: string) {
  return {
    rule_files: [rulesFile],
    evaluation_interval: `${STEP_SECONDS}s`,
    tests: rules.map((rule) => testFor(rule, thresholds)),
  };
}

function testFor(rule: AlertRuleSpec, thresholds: Thresholds): TestCase {
  switch (rule.metric) {
    case 'heartbeat':
      return heartbeatTest(rule);
    case 'up':
      return downTest(rule);
    default:
      return thresholdTest(rule, thresholds);
  }
}

/** Values for a threshold rule: normal, beyond the threshold, and just inside it. */
function levels(rule: AlertRuleSpec & { metric: keyof Thresholds }, thresholds: Thresholds) {
  const warning = prometheusThreshold(thresholds, rule.metric, 'warning');
  const critical = prometheusThreshold(thresholds, rule.metric, 'critical');
  const gap = Math.abs(critical - warning);
  const sign = rule.comparison === 'gt' ? 1 : -1;
  const normal = rule.comparison === 'gt' ? warning / 2 : warning * 2;
  let beyond = rule.threshold + (sign * gap) / 2;
  if (rule.unit === 'ratio' && beyond >= 1) {
    beyond = (rule.threshold + 1) / 2;
  }
  return { normal: round(normal), beyond: round(beyond), inside: round(rule.threshold - (sign * gap) / 2) };
}

function thresholdTest(rule: AlertRuleSpec, thresholds: Thresholds): TestCase {
  const metric = rule.metric as keyof Thresholds;
  const { normal, beyond, inside } = levels({ ...rule, metric }, thresholds);
  const source = METRIC_SOURCES[metric];
  const forSeconds = seconds(rule.for);
  const breachSamples = Math.ceil((forSeconds + 60) / STEP_SECONDS);
  const crossing = timeline(normal, beyond, breachSamples);
  const crossingLabels: Array<Record<string, string>> = [{ ...TARGET, service: 'api' }];
  const input: Series[] = [
    { series: selector(source.service, { ...TARGET, service: 'api' }), values: crossing },
    { series: selector(source.service, { ...TARGET, service: 'auth' }), values: constant(inside, breachSamples) },
  ];
  if (source.engine) {
    // The engine-wide gauge is alerted on as service="engine".
    input.push({ series: selector(source.engine, TARGET), values: crossing });
    crossingLabels.push({ ...TARGET, service: 'engine' });
  }
  return {
    name: `${rule.alert}: fires ${rule.comparison === 'gt' ? 'above' : 'below'} ${rule.threshold} after ${rule.for}, quiet at ${inside}, resolves`,
    interval: `${STEP_SECONDS}s`,
    input_series: input,
    alert_rule_test: phases(rule, breachSamples, crossingLabels, beyond),
  };
}

function heartbeatTest(rule: AlertRuleSpec): TestCase {
  // The gauge follows the clock, stalls for `stall` samples, then follows it again.
  const stall = 8;
  const values: number[] = [];
  for (let i = 0; i < LEAD_SAMPLES * 2 + stall + TAIL_SAMPLES; i++) {
    const stalled = i >= LEAD_SAMPLES * 2 && i < LEAD_SAMPLES * 2 + stall;
    values.push(stalled ? (LEAD_SAMPLES * 2 - 1) * STEP_SECONDS : i * STEP_SECONDS);
  }
  const lastBeat = (LEAD_SAMPLES * 2 - 1) * STEP_SECONDS;
  const firingAt = lastBeat + rule.threshold + STEP_SECONDS;
  const resumedAt = (LEAD_SAMPLES * 2 + stall) * STEP_SECONDS;
  return {
    name: `${rule.alert}: quiet while the heartbeat is younger than ${rule.threshold} s, fires when older, resolves`,
    interval: `${STEP_SECONDS}s`,
    input_series: [
      { series: selector('mci_engine_last_heartbeat_timestamp_seconds', TARGET), values: values.join(' ') },
    ],
    alert_rule_test: [
      { eval_time: `${lastBeat + STEP_SECONDS}s`, alertname: rule.alert, exp_alerts: [] },
      { eval_time: `${lastBeat + rule.threshold}s`, alertname: rule.alert, exp_alerts: [] },
      {
        eval_time: `${firingAt}s`,
        alertname: rule.alert,
        exp_alerts: [expected(rule, TARGET, firingAt - lastBeat)],
      },
      { eval_time: `${resumedAt + STEP_SECONDS}s`, alertname: rule.alert, exp_alerts: [] },
    ],
  };
}

function downTest(rule: AlertRuleSpec): TestCase {
  const breachSamples = Math.ceil((seconds(rule.for) + 60) / STEP_SECONDS);
  const bridge = { job: 'mci-bridge', instance: 'bridge:9464' };
  return {
    name: `${rule.alert}: fires when the simulator is unreachable for ${rule.for}, ignores other jobs, resolves`,
    interval: `${STEP_SECONDS}s`,
    input_series: [
      { series: selector('up', TARGET), values: timeline(1, 0, breachSamples) },
      { series: selector('up', bridge), values: constant(1, breachSamples) },
      { series: selector('up', { job: 'node', instance: 'elsewhere:9100' }), values: constant(0, breachSamples) },
    ],
    alert_rule_test: phases(rule, breachSamples, [TARGET], 0),
  };
}

/** Before the breach, pending, firing after `for`, resolved after the breach. */
function phases(
  rule: AlertRuleSpec,
  breachSamples: number,
  crossingLabels: Array<Record<string, string>>,
  value: number
): AlertTest[] {
  const start = LEAD_SAMPLES * STEP_SECONDS;
  const end = start + breachSamples * STEP_SECONDS;
  const forSeconds = seconds(rule.for);
  const tests: AlertTest[] = [{ eval_time: `${start - STEP_SECONDS}s`, alertname: rule.alert, exp_alerts: [] }];
  if (forSeconds > 0) {
    tests.push({ eval_time: `${start + forSeconds / 2}s`, alertname: rule.alert, exp_alerts: [] });
  }
  tests.push({
    eval_time: `${start + forSeconds + STEP_SECONDS}s`,
    alertname: rule.alert,
    exp_alerts: crossingLabels.map((labels) => expected(rule, labels, value)),
  });
  tests.push({ eval_time: `${end + STEP_SECONDS}s`, alertname: rule.alert, exp_alerts: [] });
  return tests;
}

export function expected(rule: AlertRuleSpec, labels: Record<string, string>, value: number) {
  return {
    exp_labels: { ...labels, severity: rule.severity, metric: rule.metric },
    exp_annotations: { ...renderedAnnotations(rule, labels, value) },
  };
}

function timeline(normal: number, beyond: number, breachSamples: number): string {
  return [
    ...Array<number>(LEAD_SAMPLES).fill(normal),
    ...Array<number>(breachSamples).fill(beyond),
    ...Array<number>(TAIL_SAMPLES).fill(normal),
  ].join(' ');
}

function constant(value: number, breachSamples: number): string {
  return Array<number>(LEAD_SAMPLES + breachSamples + TAIL_SAMPLES)
    .fill(value)
    .join(' ');
}

export function selector(name: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return `${name}{${pairs.join(', ')}}`;
}

/** Seconds of a Prometheus duration as used here (`0s`, `30s`, `1m`, `2m`). */
export function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) {
    throw new Error(`seconds: "${duration}" is not a whole number of s or m`);
  }
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}
