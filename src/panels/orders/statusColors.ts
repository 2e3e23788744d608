import type { GrafanaTheme2, ThemeRichColor } from '@grafana/data';

/** The theme colour of each order status; unknown statuses are neutral. */
export function statusColor(theme: GrafanaTheme2, status: string): ThemeRichColor {
  switch (status) {
    case 'new':
      return theme.colors.info;
    case 'partially_filled':
      return theme.colors.warning;
    case 'filled':
      return theme.colors.success;
    case 'rejected':
      return theme.colors.error;
    default:
      return theme.colors.secondary;
  }
}
