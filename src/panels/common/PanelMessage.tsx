import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

interface Props {
  testId: string;
  kind: 'empty' | 'missing';
  title: string;
  detail: string;
}

/** The empty state and the missing-fields message of the panels: one line of what, one of how. */
export function PanelMessage({ testId, kind, title, detail }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrapper} data-testid={testId} role={kind === 'missing' ? 'alert' : 'status'}>
      <Icon
        name={kind === 'missing' ? 'exclamation-triangle' : 'info-circle'}
        size="xl"
        className={kind === 'missing' ? styles.warningIcon : styles.icon}
      />
      <div className={styles.title}>{title}</div>
      <div className={styles.detail}>{detail}</div>
    </div>
  );
}

/** The message for a frame that lacks fields, naming each one and what it should hold. */
export function missingFieldsText(missing: readonly string[], hint: string): { title: string; detail: string } {
  const names = missing.map((name) => `"${name}"`).join(', ');
  return {
    title: `The data lacks ${missing.length === 1 ? 'the field' : 'the fields'} ${names}.`,
    detail: hint,
  };
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    height: '100%',
    padding: theme.spacing(2),
    textAlign: 'center',
    color: theme.colors.text.secondary,
  }),
  icon: css({ color: theme.colors.text.secondary }),
  warningIcon: css({ color: theme.colors.warning.text }),
  title: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  detail: css({ maxWidth: 560, fontSize: theme.typography.bodySmall.fontSize }),
});
