/**
 * `--threshold` expressions (k6-style pass/fail criteria) for `mci-sim load`. The grammar is small
 * on purpose:
 *
 *   threshold := metric op value
 *   metric    := histogram "." stat            latency.p99, latency.orders.p99, connect.p95, subscribe.max
 *              | counter ["." qualifier]       gaps, errors, errors.RATE_LIMITED, reconnects, messages.rate
 *   op        := "<" | "<=" | ">" | ">=" | "==" | "!="
 *   value     := number [unit]                 unit: us, ms, s (histograms; default ms), /s (rates)
 *
 * Parsing is separate from evaluation so a bad expression stops the run before any connection.
 */
import { CHANNELS, type Channel } from '../../src/protocol';

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type HistogramName = 'latency' | 'connect' | 'subscribe';
export type Stat = 'min' | 'mean' | 'max' | `p${string}`;
export type CounterName = 'gaps' | 'errors' | 'reconnects' | 'messages' | 'bytes' | 'connections';

export type ThresholdMetric =
  /** Milliseconds of a histogram statistic; `channel` narrows latency to one channel. */
  | { kind: 'histogram'; histogram: HistogramName; channel?: Channel; stat: Stat; percentile?: number }
  /** A total over the run; `code` narrows errors to one error code. */
  | { kind: 'counter'; counter: CounterName; code?: string }
  /** A total divided by the run's duration in seconds. */
  | { kind: 'rate'; counter: 'messages' | 'bytes' };

export interface Threshold {
  /** The expression as written, used to name it in the verdict. */
  source: string;
  metric: ThresholdMetric;
  op: Operator;
  /** Milliseconds for histograms, a count or a per-second rate otherwise. */
  value: number;
}

const HISTOGRAMS: readonly HistogramName[] = ['latency', 'connect', 'subscribe'];
const COUNTERS: readonly CounterName[] = ['gaps', 'errors', 'reconnects', 'messages', 'bytes', 'connections'];
const EXPRESSION = /^\s*([A-Za-z0-9_.]+)\s*(<=|>=|==|!=|<|>)\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z/]*)\s*$/;
const EXAMPLES = 'e.g. latency.p99<50ms, connect.p95<200ms, gaps==0, errors==0, messages.rate>1000';
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

export class ThresholdError extends Error {}

function fail(source: string, why: string, how: string): never {
  throw new ThresholdError(`--threshold "${source}": ${why}; ${how}.`);
}

/** Parse one expression; throws a ThresholdError saying what is wrong, why and how to write it. */
export function parseThreshold(source: string): Threshold {
  const match = EXPRESSION.exec(source);
  if (match === null) {
    fail(source, 'it is not of the form METRIC OP VALUE', `write ${EXAMPLES} (ops: < <= > >= == !=)`);
  }
  const [, name, op, number, unit] = match;
  const value = Number(number);
  const parts = name.split('.');
  const head = parts[0];
  if ((HISTOGRAMS as readonly string[]).includes(head)) {
    return { source, op: op as Operator, ...histogramThreshold(source, parts, value, unit) };
  }
  if ((COUNTERS as readonly string[]).includes(head)) {
    return { source, op: op as Operator, ...counterThreshold(source, parts, value, unit) };
  }
  return fail(
    source,
    `"${head}" is not a metric`,
    `use one of ${[...HISTOGRAMS, ...COUNTERS].join(', ')} (${EXAMPLES})`
  );
}

function histogramThreshold(
  source: string,
  parts: string[],
  value: number,
  unit: string
): Pick<Threshold, 'metric' | 'value'> {
  const histogram = parts[0] as HistogramName;
  let channel: Channel | undefined;
  let rest = parts.slice(1);
  if (histogram === 'latency' && rest.length === 2) {
    if (!(CHANNELS as readonly string[]).includes(rest[0])) {
      fail(source, `"${rest[0]}" is not a channel`, `use one of ${CHANNELS.join(', ')}, e.g. latency.orders.p99<20ms`);
    }
    channel = rest[0] as Channel;
    rest = rest.slice(1);
  }
  if (rest.length !== 1) {
    fail(
      source,
      `${histogram} needs one statistic`,
      `write ${histogram}.p99, ${histogram}.p50, ${histogram}.max, ${histogram}.mean or ${histogram}.min`
    );
  }
  const stat = rest[0];
  let percentile: number | undefined;
  const pct = /^p(\d{1,2})(\d*)$/.exec(stat);
  if (pct !== null) {
    // p99 = 99, p999 = 99.9, p9999 = 99.99: digits after the first two are decimals.
    percentile = Number(`${pct[1]}${pct[2] === '' ? '' : `.${pct[2]}`}`);
    if (percentile <= 0 || percentile >= 100) {
      fail(source, `${stat} is not a percentile between 0 and 100`, 'write p50, p90, p95, p99 or p999');
    }
  } else if (!['min', 'mean', 'max'].includes(stat)) {
    fail(source, `"${stat}" is not a statistic`, 'use p50, p90, p95, p99, p999, min, mean or max');
  }
  if (unit !== '' && UNIT_MS[unit] === undefined) {
    fail(source, `"${unit}" is not a time unit`, 'write the value in us, ms or s (no unit means ms), e.g. 50ms');
  }
  return {
    metric: {
      kind: 'histogram',
      histogram,
      stat: stat as Stat,
      ...(channel ? { channel } : {}),
      ...(percentile !== undefined ? { percentile } : {}),
    },
    value: value * UNIT_MS[unit === '' ? 'ms' : unit],
  };
}

function counterThreshold(
  source: string,
  parts: string[],
  value: number,
  unit: string
): Pick<Threshold, 'metric' | 'value'> {
  const counter = parts[0] as CounterName;
  if (parts.length > 2) {
    fail(source, `"${parts.join('.')}" has too many parts`, `write ${counter}, ${counter}.rate or errors.CODE`);
  }
  const qualifier = parts[1];
  if (qualifier === 'rate') {
    if (counter !== 'messages' && counter !== 'bytes') {
      fail(source, `${counter} has no rate`, 'only messages.rate and bytes.rate are rates');
    }
    if (unit !== '' && unit !== '/s') {
      fail(source, `"${unit}" is not a rate unit`, 'write a number per second, e.g. messages.rate>1000 or 1000/s');
    }
    return { metric: { kind: 'rate', counter }, value };
  }
  if (unit !== '') {
    fail(source, `${counter} is a count and takes no unit "${unit}"`, `write a plain number, e.g. ${counter}==0`);
  }
  if (qualifier !== undefined) {
    if (counter !== 'errors' || !/^[A-Z_]+$/.test(qualifier)) {
      fail(
        source,
        `"${qualifier}" cannot qualify ${counter}`,
        'only errors takes a code (errors.RATE_LIMITED==0) and only messages/bytes take .rate'
      );
    }
    return { metric: { kind: 'counter', counter, code: qualifier }, value };
  }
  return { metric: { kind: 'counter', counter }, value };
}

/** What a threshold is compared with: the run's measurements, in ms for histograms. */
export interface ThresholdInputs {
  histogram(name: HistogramName, channel: Channel | undefined, stat: Stat, percentile?: number): number | undefined;
  counter(name: CounterName, code?: string): number;
  durationSeconds: number;
}

export interface ThresholdResult {
  threshold: string;
  passed: boolean;
  /** The measured value (ms, count or per second); null when nothing was measured. */
  actual: number | null;
  expected: string;
}

const COMPARE: Record<Operator, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** A histogram with no samples fails its threshold: a latency goal with no message measured is not met. */
export function evaluateThreshold(threshold: Threshold, inputs: ThresholdInputs): ThresholdResult {
  const { metric } = threshold;
  let actual: number | undefined;
  if (metric.kind === 'histogram') {
    actual = inputs.histogram(metric.histogram, metric.channel, metric.stat, metric.percentile);
  } else if (metric.kind === 'rate') {
    actual = inputs.durationSeconds > 0 ? inputs.counter(metric.counter) / inputs.durationSeconds : 0;
  } else {
    actual = inputs.counter(metric.counter, metric.code);
  }
  const unit = metric.kind === 'histogram' ? 'ms' : metric.kind === 'rate' ? '/s' : '';
  return {
    threshold: threshold.source.trim(),
    passed: actual !== undefined && COMPARE[threshold.op](actual, threshold.value),
    actual: actual ?? null,
    expected: `${threshold.op} ${threshold.value}${unit}`,
  };
}
