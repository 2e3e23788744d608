/**
 * Alert → dashboard links: every provisioned rule (Grafana and Prometheus) names a dashboard and
 * panel that exist, with its filters as variables the dashboard has; the notification templates,
 * rendered by Alertmanager's own amtool, turn an alert into a URL at its window (five minutes
 * before its start to one minute after) with those variables.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { WINDOW_AFTER_MS, WINDOW_BEFORE_MS, grafanaTemplate } from '../../scripts/alerting/notificationTemplates';
import { grafanaAlertRules, PROVISIONING, readJson, readYaml, ROOT } from '../support/provisioning';

interface Dashboard {
  uid: string;
  panels: Array<{ id: number; panels?: Array<{ id: number }> }>;
  templating: { list: Array<{ name: string }> };
}

const dashboards = readdirSync(join(ROOT, 'src', 'dashboards')).map((name) =>
  readJson<Dashboard>(join(ROOT, 'src', 'dashboards', name))
);
const prometheusRules = ['mci-alerts.yml', 'mci-orders.yml'].flatMap((file) =>
  readYaml<{ groups: Array<{ rules: Array<{ alert: string; annotations: Record<string, string> }> }> }>(
    join(PROVISIONING, 'prometheus', 'rules', file)
  ).groups.flatMap((group) => group.rules)
);
const ALERTMANAGER_TEMPLATE = join(PROVISIONING, 'alertmanager', 'templates', 'mci.tmpl');

function amtoolRender(templateGlob: string, data: unknown, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mci-amtool-'));
  try {
    writeFileSync(join(dir, 'data.json'), JSON.stringify(data));
    const result = spawnSync(
      'amtool',
      [
        'template',
        'render',
        `--template.glob=${templateGlob}`,
        `--template.data=${join(dir, 'data.json')}`,
        `--template.text=${text}`,
      ],
      { encoding: 'utf8', timeout: 30_000 }
    );
    if (result.error || result.status !== 0) {
      throw new Error(
        `amtool could not render (${result.error?.message ?? result.stderr}); install prometheus-alertmanager with scripts/ensure-system-deps.sh`
      );
    }
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STARTS_AT = '2026-01-06T09:15:00Z';
function notification(generatorURL: string) {
  const alert = {
    status: 'firing',
    labels: { alertname: 'MciMarketDataStale', symbol: 'M&M', severity: 'critical' },
    annotations: {
      summary: 'MCI M&M no market data tick for more than 2.5 s',
      description: 'stale',
      dashboard: '/d/mci-telemetry/mci-telemetry?orgId=1&var-symbol=M%26M',
    },
    startsAt: STARTS_AT,
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL,
    fingerprint: '1',
  };
  return {
    receiver: 'mci',
    status: 'firing',
    alerts: [alert],
    groupLabels: { alertname: 'MciMarketDataStale' },
    commonLabels: { alertname: 'MciMarketDataStale' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
  };
}

describe('alert links to the dashboards', () => {
  const rules = [
    ...grafanaAlertRules().map((rule) => ({ name: rule.uid, annotations: rule.annotations })),
    ...prometheusRules.map((rule) => ({ name: rule.alert, annotations: rule.annotations })),
  ];

  it.each(rules.map((rule) => [rule.name, rule.annotations] as const))(
    '%s links to a dashboard and panel that exist, with variables the dashboard has',
    (_, annotations) => {
      const dashboard = dashboards.find((item) => item.uid === annotations.__dashboardUid__);
      expect(dashboard?.uid).toBe(annotations.__dashboardUid__);
      const panels = dashboard!.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      expect(panels.map((panel) => String(panel.id))).toContain(annotations.__panelId__);
      const url = new URL(annotations.dashboard, 'http://grafana');
      expect(url.pathname.startsWith(`/d/${dashboard!.uid}/`)).toBe(true);
      const variables = [...url.searchParams.keys()].filter((key) => key.startsWith('var-'));
      for (const variable of variables) {
        expect(dashboard!.templating.list.map((item) => `var-${item.name}`)).toContain(variable);
      }
    }
  );

  it('the stale market data rule filters the dashboard on the alert symbol, in both dialects', () => {
    const grafana = grafanaAlertRules().find((rule) => rule.labels.metric === 'market_stale')!;
    const prometheus = prometheusRules.find((rule) => rule.alert === 'MciMarketDataStale')!;
    for (const annotations of [grafana.annotations, prometheus.annotations]) {
      expect(annotations.dashboard).toBe(
        '/d/mci-telemetry/mci-telemetry?orgId=1&var-symbol={{ urlquery $labels.symbol }}'
      );
      expect(annotations.__panelId__).toBe('154');
    }
  });

  it('the Alertmanager template builds the URL at the alert window with its variables', () => {
    const text = amtoolRender(
      ALERTMANAGER_TEMPLATE,
      notification('http://prometheus:9090/graph?g0.expr=x'),
      '{{ range .Alerts }}{{ template "mci.dashboard_url" . }}{{ end }}'
    ).trim();
    const url = new URL(text);
    const start = Date.parse(STARTS_AT);
    expect(url.origin).toBe('http://localhost:3000');
    expect(url.pathname).toBe('/d/mci-telemetry/mci-telemetry');
    expect(url.searchParams.get('var-symbol')).toBe('M&M');
    expect(Number(url.searchParams.get('from'))).toBe(start - WINDOW_BEFORE_MS);
    expect(Number(url.searchParams.get('to'))).toBe(start + WINDOW_AFTER_MS);
    expect(WINDOW_BEFORE_MS).toBe(5 * 60_000);
  });

  it('the Grafana template finds Grafana root URL (under a sub-path too) in the alert generator URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mci-grafana-template-'));
    try {
      writeFileSync(join(dir, 'grafana.tmpl'), grafanaTemplate());
      const text = amtoolRender(
        join(dir, 'grafana.tmpl'),
        notification('https://grafana.example.com/ops/alerting/grafana/mci-market-data-stale/view?orgId=1'),
        '{{ template "mci.text" . }}'
      );
      const link = /Dashboard: (\S+)/.exec(text)?.[1] ?? '';
      const url = new URL(link);
      expect(`${url.origin}${url.pathname}`).toBe('https://grafana.example.com/ops/d/mci-telemetry/mci-telemetry');
      expect(url.searchParams.get('var-symbol')).toBe('M&M');
      expect(Number(url.searchParams.get('from'))).toBe(Date.parse(STARTS_AT) - WINDOW_BEFORE_MS);
      expect(Number(url.searchParams.get('to'))).toBe(Date.parse(STARTS_AT) + WINDOW_AFTER_MS);
      expect(text).toContain('[firing] MCI M&M no market data tick for more than 2.5 s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the Grafana provisioning ships the same template and the contact point uses it', () => {
    const templates = readYaml<{ templates: Array<{ name: string; template: string }> }>(
      join(PROVISIONING, 'alerting', 'templates.yaml')
    ).templates;
    expect(templates.map((item) => item.template)).toEqual([grafanaTemplate()]);
    const contactPoints = readYaml<{
      contactPoints: Array<{ receivers: Array<{ settings: Record<string, string> }> }>;
    }>(join(PROVISIONING, 'alerting', 'contact-points.yaml')).contactPoints;
    const settings = contactPoints.flatMap((point) => point.receivers.map((receiver) => receiver.settings));
    expect(settings.every((item) => item.message === '{{ template "mci.text" . }}')).toBe(true);
  });
});
