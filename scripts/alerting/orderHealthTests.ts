/**
 * promtool unit tests of the order-health rules, one second per sample (the rules' own cadence):
 * each rule stays quiet on normal input and on input that is extreme but below its guard, fires
 * on the first evaluation past its threshold (no pending period), and resolves.
 */
import type { AlertRuleSpec } from './alertRules';
import { expected, selector, type AlertTest, type Series, type TestCase } from './prometheusRules';

const TARGET = { job: 'mci-simulator', instance: 'simulator:8080' };
const STEP = '1s';

/** A counter growing by `perSecond[i]` during each phase of `seconds[i]` samples. */
function counter(phases: Array<[seconds: number, perSecond: number]>): string {
  const values = [0];
  for (const [seconds, perSecond] of phases) {
    for (let i = 0; i < seconds; i++) {
      values.push(Number((values[values.length - 1] + perSecond).toPrecision(12)));
    }
  }
  return values.join(' ');
}

function gauge(phases: Array<[samples: number, value: number]>): string {
  return phases.flatMap(([samples, value]) => Array<number>(samples).fill(value)).join(' ');
}

function quiet(rule: AlertRuleSpec, at: number): AlertTest {
  return { eval_time: `${at}s`, alertname: rule.alert, exp_alerts: [] };
}

function fires(rule: AlertRuleSpec, at: number, labels: Record<string, string>, value: number): AlertTest {
  return { eval_time: `${at}s`, alertname: rule.alert, exp_alerts: [expected(rule, labels, value)] };
}

function testFor(rule: AlertRuleSpec): TestCase {
  const symbol = (name: string) => ({ ...TARGET, symbol: name });
  let name: string;
  let input: Series[];
  let checks: AlertTest[];
  switch (rule.metric) {
    case 'order_rate':
      name = 'fires when messages run at 3× the limit, quiet at 5% of it, resolves when the flood stops';
      input = [
        {
          series: selector('mci_order_messages_total', symbol('TCS')),
          values: counter([
            [10, 1],
            [10, 60],
            [20, 0],
          ]),
        },
        { series: selector('mci_trading_order_rate_limit_messages_per_second', TARGET), values: gauge([[41, 20]]) },
      ];
      checks = [quiet(rule, 9), fires(rule, 15, {}, 3), quiet(rule, 30)];
      break;
    case 'reject_rate':
      name = 'quiet when every order of a trickle is rejected, fires at 90% rejects of 2 orders/s, resolves';
      input = [
        {
          series: selector('mci_order_messages_total', symbol('TCS')),
          values: counter([
            [40, 0.1],
            [40, 2],
            [50, 2],
          ]),
        },
        {
          series: selector('mci_order_rejections_total', symbol('TCS')),
          values: counter([
            [40, 0.1],
            [40, 1.8],
            [50, 0],
          ]),
        },
      ];
      checks = [quiet(rule, 39), fires(rule, 80, {}, 0.9), quiet(rule, 125)];
      break;
    case 'order_to_fill':
      name = 'quiet for a trickle of unfilled orders, fires at 60 orders per fill, quiet at 2, resolves';
      input = [
        {
          series: selector('mci_order_messages_total', symbol('TCS')),
          values: counter([
            [40, 0.5],
            [40, 30],
            [50, 2],
          ]),
        },
        {
          series: selector('mci_order_fills_total', symbol('TCS')),
          values: counter([
            [40, 0],
            [40, 0.5],
            [50, 1],
          ]),
        },
      ];
      checks = [quiet(rule, 39), fires(rule, 80, {}, 60), quiet(rule, 125)];
      break;
    case 'market_stale':
      name = `fires for the symbol whose last tick is older than ${rule.threshold} s, not for one at 0.9 s, resolves`;
      input = [
        {
          series: selector('mci_market_tick_age_seconds', symbol('TCS')),
          values: `${gauge([[5, 0.5]])} 1 2 3 4 ${gauge([[5, 0.5]])}`,
        },
        { series: selector('mci_market_tick_age_seconds', symbol('INFY')), values: gauge([[14, 0.9]]) },
      ];
      checks = [quiet(rule, 4), quiet(rule, 6), fires(rule, 7, symbol('TCS'), 3), quiet(rule, 10)];
      break;
    case 'trading_halted':
      name = 'fires the moment the trading state is halted, resolves when it is active again';
      input = [
        {
          series: selector('mci_trading_state', { ...TARGET, state: 'halted' }),
          values: gauge([
            [5, 0],
            [5, 1],
            [5, 0],
          ]),
        },
        {
          series: selector('mci_trading_state', { ...TARGET, state: 'active' }),
          values: gauge([
            [5, 1],
            [5, 0],
            [5, 1],
          ]),
        },
      ];
      checks = [quiet(rule, 4), fires(rule, 5, { ...TARGET, state: 'halted' }, 1), quiet(rule, 10)];
      break;
    default:
      throw new Error(`orderHealthTests: ${rule.uid} is not an order-health rule`);
  }
  return { name: `${rule.alert}: ${name}`, interval: STEP, input_series: input, alert_rule_test: checks };
}

/** `rulesFile` is the rules file's path relative to the test file. */
export function toOrderHealthTests(rules: AlertRuleSpec[], rulesFile: string) {
  return { rule_files: [rulesFile], evaluation_interval: STEP, tests: rules.map(testFor) };
}
