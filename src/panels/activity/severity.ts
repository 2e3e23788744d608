import type { GrafanaTheme2, IconName } from '@grafana/data';

/** Severities of activity (info, warning, error) and alerts (warning, critical), mildest first. */
export const KNOWN_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

/** Every icon `severityStyle` returns (the feed draws them from one sprite). */
export const SEVERITY_ICONS: readonly IconName[] = [
  'info-circle',
  'exclamation-triangle',
  'exclamation-circle',
  'fire',
  'circle',
];

export interface SeverityStyle {
  color: string;
  icon: IconName;
  label: string;
}

export function severityStyle(theme: GrafanaTheme2, severity: string): SeverityStyle {
  switch (severity.toLowerCase()) {
    case 'info':
      return { color: theme.colors.info.text, icon: 'info-circle', label: 'Info' };
    case 'warning':
    case 'warn':
      return { color: theme.colors.warning.text, icon: 'exclamation-triangle', label: 'Warning' };
    case 'error':
      return { color: theme.colors.error.text, icon: 'exclamation-circle', label: 'Error' };
    case 'critical':
      // The text shade, not `error.main`: the main red is under 4.5:1 on the dark canvas (WCAG
      // 1.4.3); the fire icon and the label tell critical from error.
      return { color: theme.colors.error.text, icon: 'fire', label: 'Critical' };
    default:
      return { color: theme.colors.text.secondary, icon: 'circle', label: severity || 'Unknown' };
  }
}
