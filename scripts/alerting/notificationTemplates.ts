/**
 * Notification templates that turn an alert into a dashboard link at the alert's window: from
 * `WINDOW_BEFORE_MS` before its start (`.StartsAt`) to `WINDOW_AFTER_MS` after it, on the path
 * of the rule's `dashboard` annotation (which carries the filters as `var-…`). Rule annotations
 * cannot do this themselves: neither Prometheus nor Grafana gives them the alert's start time.
 *
 * One template body for both Alertmanager and Grafana; only the Grafana root URL differs:
 * Alertmanager is told it (`mci.grafana_url`, edit it for your Grafana), Grafana derives it from
 * the alert's own generator URL (`…/alerting/grafana/<uid>/view`).
 */
import { stringify } from 'yaml';

export const WINDOW_BEFORE_MS = 5 * 60_000;
export const WINDOW_AFTER_MS = 60_000;
export const ALERTMANAGER_TEMPLATE_FILE = 'provisioning/alertmanager/templates/mci.tmpl';
export const GRAFANA_TEMPLATES_FILE = 'provisioning/alerting/templates.yaml';
/** Where Alertmanager's links point until you change it: the compose stack's Grafana. */
export const DEFAULT_GRAFANA_URL = 'http://localhost:3000';

const NS_PER_MS = 1_000_000;

/** The templates shared by both: a link per alert, a title and a text listing every alert with its link. */
export function sharedTemplates(): string {
  return `{{ define "mci.dashboard_url" -}}
{{ template "mci.grafana_url" . }}{{ .Annotations.dashboard }}&from={{ (.StartsAt.Add -${WINDOW_BEFORE_MS * NS_PER_MS}).UnixMilli }}&to={{ (.StartsAt.Add ${WINDOW_AFTER_MS * NS_PER_MS}).UnixMilli }}
{{- end }}

{{ define "mci.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}
{{- end }}

{{ define "mci.text" -}}
{{ range .Alerts -}}
[{{ .Status }}] {{ .Annotations.summary }}
{{ .Annotations.description }}
Dashboard: {{ template "mci.dashboard_url" . }}
{{ end -}}
{{ end }}`;
}

export function alertmanagerTemplate(header: string): string {
  return `${header.replace(/^# /gm, '{{/* ').replace(/\n/g, ' */}}\n')}
{{/* The Grafana the links open: change it to yours. */}}
{{ define "mci.grafana_url" }}${DEFAULT_GRAFANA_URL}{{ end }}

${sharedTemplates()}
`;
}

export function grafanaTemplate(): string {
  return `{{ define "mci.grafana_url" }}{{ reReplaceAll "/alerting/.*$" "" .GeneratorURL }}{{ end }}

${sharedTemplates()}
`;
}

export function notificationTemplateFiles(header: string): Record<string, string> {
  const grafana = { apiVersion: 1, templates: [{ orgId: 1, name: 'mci', template: grafanaTemplate() }] };
  return {
    [ALERTMANAGER_TEMPLATE_FILE]: alertmanagerTemplate(header),
    [GRAFANA_TEMPLATES_FILE]: `${header}${stringify(grafana, { lineWidth: 0 })}`,
  };
}
