/** One display processor per numeric column, from field config plus the panel's options. */
import type { DataFrame, DisplayProcessor, FieldConfigSource, GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import {
  type ConfigPatch,
  effectiveConfig,
  numericDisplay,
  setByOverride,
  unscaledCurrency,
} from '../shared/numericDisplay';
import type { PositionFields } from './positionRows';
import { AUTO_CURRENCY, MONEY_COLUMNS, NUMERIC_COLUMNS, type NumericColumn, type PositionsOptions } from './types';

/** Prices show in full; totals and values may scale (₹1.2M) as Grafana's currency units do. */
const PRICE_COLUMNS: readonly NumericColumn[] = ['entryPrice', 'currentPrice'];

export type ColumnDisplays = Partial<Record<NumericColumn, DisplayProcessor>>;

function patchFor(column: NumericColumn, options: PositionsOptions, fieldUnit: string | undefined): ConfigPatch {
  if (MONEY_COLUMNS.includes(column)) {
    return {
      unit: options.currency && options.currency !== AUTO_CURRENCY ? `currency${options.currency}` : undefined,
      decimals: options.decimals ?? undefined,
    };
  }
  if (column === 'unrealizedPLPercent') {
    // The values are percent points (1.5 = 1.5 %); a frame without a unit still reads as percent.
    return { unit: fieldUnit ? undefined : 'percent', decimals: options.decimals ?? undefined };
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
    const config = effectiveConfig(field, patchFor(column, options, field.config.unit), overridden);
    if (PRICE_COLUMNS.includes(column) && !overridden('unit')) {
      config.unit = unscaledCurrency(config.unit);
    }
    displays[column] = numericDisplay(field, config, theme, timeZone);
  }
  return displays;
}
