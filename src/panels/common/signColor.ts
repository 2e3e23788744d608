import type { GrafanaTheme2 } from '@grafana/data';

export type Sign = 'positive' | 'negative' | 'zero';

export function signOf(value: number): Sign {
  return value > 0 ? 'positive' : value < 0 ? 'negative' : 'zero';
}

/** Gains in the theme's success text colour, losses in its error text colour, flat in secondary text. */
export function signColor(theme: GrafanaTheme2, value: number): string {
  const sign = signOf(value);
  return sign === 'positive'
    ? theme.colors.success.text
    : sign === 'negative'
      ? theme.colors.error.text
      : theme.colors.text.secondary;
}
