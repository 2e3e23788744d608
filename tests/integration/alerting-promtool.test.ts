/**
 * The Prometheus rules file, checked and unit-tested by Prometheus's own promtool (Debian package
 * `prometheus`, installed by scripts/ensure-system-deps.sh): every rule has input series that
 * cross its threshold (pending, then firing after `for`, then resolved) next to a series that
 * stays just inside it.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { PROVISIONING, readYaml } from '../support/provisioning';

const RULES = join(PROVISIONING, 'prometheus', 'rules', 'mci-alerts.yml');
const TESTS = join(PROVISIONING, 'prometheus', 'tests', 'mci-alerts.test.yml');
/** The order-health rules, in their own file and group (evaluated every second). */
const ORDER_RULES = join(PROVISIONING, 'prometheus', 'rules', 'mci-orders.yml');
const ORDER_TESTS = join(PROVISIONING, 'prometheus', 'tests', 'mci-orders.test.yml');
const FILES: Array<[rules: string, tests: string]> = [
  [RULES, TESTS],
  [ORDER_RULES, ORDER_TESTS],
];
const CONFIG = join(PROVISIONING, 'prometheus', 'prometheus.yml');
const TIMEOUT_MS = 60_000;

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (result.error) {
    throw new Error(`promtool could not run (${result.error.message}); install it with scripts/ensure-system-deps.sh`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface RulesFile {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
}
interface TestsFile {
  rule_files: string[];
  tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
}

const alertsOf = (file: string) =>
  readYaml<RulesFile>(file).groups.flatMap((group) => group.rules.map((rule) => rule.alert));

describe('Prometheus rules (promtool)', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'mci-promtool-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(FILES.map(([rules]) => [rules]))('promtool check rules accepts %s', (rules) => {
    const { status, output } = promtool('check', 'rules', rules);
    expect(output).toContain(`SUCCESS: ${alertsOf(rules).length} rules found`);
    expect(status).toBe(0);
  });

  it('promtool check config accepts the scrape config with the rules it loads', () => {
    const config = readYaml<Record<string, unknown>>(CONFIG);
    const path = join(scratch, 'prometheus.yml');
    writeFileSync(path, stringify({ ...config, rule_files: [RULES, ORDER_RULES] }));
    const { status, output } = promtool('check', 'config', path);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it.each(FILES)('has, for every rule of %s, a test where it fires and tests where it stays quiet', (rules, file) => {
    const tests = readYaml<TestsFile>(file).tests.flatMap((test) => test.alert_rule_test);
    for (const alert of alertsOf(rules)) {
      const own = tests.filter((test) => test.alertname === alert);
      expect({ alert, fires: own.some((test) => test.exp_alerts.length > 0) }).toEqual({ alert, fires: true });
      // Before the breach and after it resolves, at least.
      expect({ alert, quiet: own.filter((test) => test.exp_alerts.length === 0).length >= 2 }).toEqual({
        alert,
        quiet: true,
      });
    }
  });

  it.each(FILES.map(([, tests]) => [tests]))(
    'promtool test rules passes for %s: each rule fires past its threshold after `for`, stays quiet inside it, resolves',
    (tests) => {
      const { status, output } = promtool('test', 'rules', tests);
      expect(output).toContain('SUCCESS');
      expect(status).toBe(0);
    }
  );

  it('the unit tests catch an order-health rule whose threshold is moved', () => {
    const moved = readFileSync(ORDER_RULES, 'utf8').replace(
      'mci_market_tick_age_seconds > 2.5',
      'mci_market_tick_age_seconds > 3.5'
    );
    expect(moved).not.toBe(readFileSync(ORDER_RULES, 'utf8'));
    writeFileSync(join(scratch, 'moved-orders.yml'), moved);
    const tests = readYaml<TestsFile>(ORDER_TESTS);
    writeFileSync(
      join(scratch, 'moved-orders.test.yml'),
      stringify({ ...tests, rule_files: [join(scratch, 'moved-orders.yml')] })
    );
    const { status, output } = promtool('test', 'rules', join(scratch, 'moved-orders.test.yml'));
    expect(output).toContain('FAILED');
    expect(status).not.toBe(0);
  });

  it('the unit tests catch a rule whose threshold is moved', () => {
    const moved = readFileSync(RULES, 'utf8').replace(/> 0\.95$/m, '> 0.99');
    expect(moved).not.toBe(readFileSync(RULES, 'utf8'));
    writeFileSync(join(scratch, 'moved.yml'), moved);
    const tests = readYaml<TestsFile>(TESTS);
    writeFileSync(join(scratch, 'moved.test.yml'), stringify({ ...tests, rule_files: [join(scratch, 'moved.yml')] }));
    const { status, output } = promtool('test', 'rules', join(scratch, 'moved.test.yml'));
    expect(output).toContain('FAILED');
    expect(status).not.toBe(0);
  });
});
