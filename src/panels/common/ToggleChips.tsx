import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export interface ChipOption {
  value: string;
  label: string;
  count?: number;
  /** Accent colour of the chip (a theme colour), e.g. the status or severity colour. */
  color?: string;
}

interface Props {
  label: string;
  options: ChipOption[];
  /** Selected values; empty means no filter (everything shown). */
  selected: string[];
  onChange: (selected: string[]) => void;
  testId: string;
}

/**
 * A multi-select filter as a row of toggle chips (`aria-pressed`): one click per value, every
 * option and its count visible at a glance, which a trading screen needs more than a dropdown.
 */
export function ToggleChips({ label, options, selected, onChange, testId }: Props) {
  const styles = useStyles2(getStyles);
  const toggle = (value: string) => {
    onChange(selected.includes(value) ? selected.filter((item) => item !== value) : [...selected, value]);
  };
  return (
    <div className={styles.group} role="group" aria-label={label} data-testid={testId}>
      {options.map((option) => {
        const active = selected.includes(option.value);
        return (
          <button
            key={option.value}
            type="button"
            className={cx(styles.chip, active && styles.active)}
            style={option.color ? { borderLeftColor: option.color } : undefined}
            aria-pressed={active}
            data-value={option.value}
            onClick={() => toggle(option.value)}
          >
            {option.label}
            {option.count !== undefined && <span className={styles.count}>{option.count}</span>}
          </button>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  group: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), alignItems: 'center' }),
  chip: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    height: theme.spacing(3),
    padding: theme.spacing(0, 1),
    border: `1px solid ${theme.colors.border.medium}`,
    borderLeftWidth: 3,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    cursor: 'pointer',
    whiteSpace: 'nowrap',
    '&:hover': { color: theme.colors.text.primary, background: theme.colors.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  active: css({
    color: theme.colors.text.primary,
    background: theme.colors.action.selected,
    borderColor: theme.colors.primary.border,
  }),
  count: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
});
