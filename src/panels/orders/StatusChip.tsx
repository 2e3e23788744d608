import React from 'react';
import { css } from '@emotion/css';
import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { statusColor } from './statusColors';
import { TEST_IDS } from './testIds';
import { STATUS_LABELS } from './types';

interface Props {
  status: string;
  /** Why an order was cancelled or rejected, shown on hover. */
  reason?: string;
}

export function StatusChip({ status, reason }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const color = statusColor(theme, status);
  // On the light canvas the theme's 15 % tint leaves the blue text of "new" just under 4.5:1
  // (WCAG 1.4.3); a lighter tint keeps every status readable. Dark keeps the theme's tint.
  const background = theme.isDark ? color.transparent : colorManipulator.alpha(color.main, 0.08);
  return (
    <span
      className={styles.chip}
      style={{ color: color.text, backgroundColor: background, borderColor: color.border }}
      data-testid={TEST_IDS.statusChip}
      data-status={status}
      title={reason || undefined}
    >
      {STATUS_LABELS[status] ?? (status || '–')}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  chip: css({
    display: 'inline-block',
    padding: theme.spacing(0, 1),
    border: '1px solid',
    borderRadius: theme.shape.radius.pill,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: '18px',
    whiteSpace: 'nowrap',
  }),
});
