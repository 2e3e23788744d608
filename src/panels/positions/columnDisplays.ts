/** One display processor per numeric column, from field config plus the panel's options. */
import type { DataFrame, DisplayProcessor, Field, FieldConfigSource, GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import {
  type ConfigPatch,
  effectiveConfig,
  numericDisplay,
  setByOverride,
  unscaledCurrency,
} from '../common/numericDisplay';
import type { PositionFields } from './positionRows';
import { AUTO_CURRENCY, MONEY_COLUMNS, NUMERIC_COLUMNS, type NumericColumn, type PositionsOptions } from './types';

/** Prices show in full; totals and values may scale (₹1.2M) as Grafana's currency units do. */
const PRICE_COLUMNS: readonly NumericColumn[] = ['entryPrice', 'currentPrice'];

export type ColumnDisplays = Partial<Record<NumericColumn, DisplayProcessor>>;

/** Money and percent columns show this many decimals when neither the options nor the field say. */
export const DEFAULT_DECIMALS = 2;

function patchFor(column: NumericColumn, options: PositionsOptions, field: Field): ConfigPatch {
  // Grafana's automatic decimals vary from row to row (₹12 next to -₹27.5); a book reads better aligned.
  const decimals = options.decimals ?? field.config.decimals ?? DEFAULT_DECIMALS;
  if (MONEY_COLUMNS.includes(column)) {
    return {
      unit: options.currency && options.currency !== AUTO_CURRENCY ? `currency${options.currency}` : undefined,
      decimals,
    };
  }
  if (column === 'unrealizedPLPercent') {
    // The values are percent points (1.5 = 1.5 %); a frame without a unit still reads as percent.
    return { unit: field.config.unit ? undefined : 'percent', decimals };
  }
  return {};
}

export function columnDisplays(
  fields: PositionFields,
  frame: DataFrame,
  series: DataFrame[],
  options: PositionsOptions,
  fieldConfig: FieldConfigSource | undefined,
  theme: GrafanaTheme2,
  timeZone?: TimeZone
): ColumnDisplays {
  const displays: ColumnDisplays = {};
  for (const column of NUMERIC_COLUMNS) {
    const field = fields[column];
    if (!field) {
      continue;
    }
    const overridden = (property: 'unit' | 'decimals') => setByOverride(fieldConfig, property, field, frame, series);
    const config = effectiveConfig(field, patchFor(column, options, field), overridden);
    if (PRICE_COLUMNS.includes(column) && !overridden('unit')) {
      config.unit = unscaledCurrency(config.unit);
    }
    displays[column] = numericDisplay(field, config, theme, timeZone);
  }
  return displays;
}
