/**
 * Read the provisioning files the way Grafana and Prometheus read them (YAML 1.2, unique keys),
 * for the structural, promtool and live alerting tests.
 */
import { readFileSync, readdirSync, statSync } from 'fs';
import { join, relative } from 'path';
import { parseDocument } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const PROVISIONING = join(ROOT, 'provisioning');

/** Parse YAML strictly: any error or warning (duplicate key, bad indentation) throws with the file named. */
export function readYaml<T = unknown>(path: string): T {
  const document = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    throw new Error(`${relative(ROOT, path)}: ${problems.map((problem) => problem.message).join('; ')}`);
  }
  return document.toJS() as T;
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every file under `dir`, recursively, as absolute paths. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  noDataState: string;
  execErrState: string;
  data: Array<{
    refId: string;
    datasourceUid: string;
    relativeTimeRange?: { from: number; to: number };
    model: {
      refId: string;
      datasource?: { type: string; uid: string };
      expr?: string;
      type?: string;
      expression?: string;
      conditions?: Array<{ evaluator: { type: string; params: number[] } }>;
    };
  }>;
}

export interface GrafanaAlerting {
  apiVersion: number;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: GrafanaRule[] }>;
}

export function grafanaAlertRules(): GrafanaRule[] {
  return readYaml<GrafanaAlerting>(join(PROVISIONING, 'alerting', 'rules.yaml')).groups.flatMap((group) => group.rules);
}

/** The PromQL of query A and the threshold of expression C of a provisioned Grafana rule. */
export function ruleQuery(rule: GrafanaRule): { expr: string; comparison: string; threshold: number } {
  const query = rule.data.find((item) => item.model.expr !== undefined);
  const threshold = rule.data.find((item) => item.model.type === 'threshold');
  const evaluator = threshold?.model.conditions?.[0]?.evaluator;
  if (!query?.model.expr || !evaluator) {
    throw new Error(`rule ${rule.uid} has no Prometheus query or no threshold expression`);
  }
  return { expr: query.model.expr, comparison: evaluator.type, threshold: evaluator.params[0] };
}

/** The provisioned Grafana rule with these labels. */
export function findRule(metric: string, severity: string): GrafanaRule {
  const rule = grafanaAlertRules().find((item) => item.labels.metric === metric && item.labels.severity === severity);
  if (!rule) {
    throw new Error(`no provisioned rule for metric=${metric} severity=${severity}`);
  }
  return rule;
}
