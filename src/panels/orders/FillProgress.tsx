import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { TEST_IDS } from './testIds';

interface Props {
  /** Filled fraction in [0, 1]. */
  fraction: number;
  /** Filled and total quantity as shown to the user. */
  text: string;
  color: string;
}

export function FillProgress({ fraction, text, color }: Props) {
  const styles = useStyles2(getStyles);
  const percent = Math.round(fraction * 100);
  return (
    <div className={styles.wrapper} data-testid={TEST_IDS.fillProgress}>
      <div
        className={styles.track}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={`${percent}% filled`}
      >
        <div className={styles.bar} style={{ width: `${percent}%`, backgroundColor: color }} />
      </div>
      <span className={styles.text}>{text}</span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minWidth: 0 }),
  track: css({
    flex: '1 1 48px',
    minWidth: 32,
    height: 6,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  bar: css({ height: '100%' }),
  text: css({ flex: '0 0 auto', color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
});
